package io.github.firehoseappender.local.api;

/**
 * An error answered the way the Firehose JSON 1.1 API answers it: an HTTP status and a body
 * {@code {"__type": type, "message": message}}, from which the AWS SDK builds its typed exception.
 */
final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String type;
    private final int httpStatus;

    ApiException(int httpStatus, String type, String message) {
        super(message, null, false, false);
        this.httpStatus = httpStatus;
        this.type = type;
    }

    static ApiException resourceNotFound(String stream, String accountId) {
        return new ApiException(400, "ResourceNotFoundException",
                "Firehose " + stream + " under account " + accountId + " not found.");
    }

    static ApiException resourceInUse(String stream, String accountId) {
        return new ApiException(400, "ResourceInUseException",
                "Firehose " + stream + " under account " + accountId + " already exists.");
    }

    static ApiException validation(String message) {
        return new ApiException(400, "ValidationException", message);
    }

    static ApiException invalidArgument(String message) {
        return new ApiException(400, "InvalidArgumentException", message);
    }

    static ApiException serialization(String message) {
        return new ApiException(400, "SerializationException", message);
    }

    static ApiException unknownOperation(String message) {
        return new ApiException(400, "UnknownOperationException", message);
    }

    static ApiException serviceUnavailable() {
        return new ApiException(503, "ServiceUnavailableException", "Slow down.");
    }

    /** A whole-call fault as injected: 503 ServiceUnavailableException, 429 ThrottlingException, 403 AccessDeniedException, else InternalFailure. */
    static ApiException injected(int httpStatus) {
        switch (httpStatus) {
            case 503:
                return serviceUnavailable();
            case 429:
                return new ApiException(429, "ThrottlingException", "Rate exceeded");
            case 403:
                return new ApiException(403, "AccessDeniedException",
                        "User is not authorized to perform this action (fault injected by firehose-local)");
            default:
                return internalFailure(httpStatus);
        }
    }

    static ApiException internalFailure(int httpStatus) {
        return new ApiException(httpStatus, "InternalFailure",
                "The request processing has failed because of an unknown error, exception or failure.");
    }

    String type() {
        return type;
    }

    int httpStatus() {
        return httpStatus;
    }
}
