package io.github.firehoseappender.local.auth;

/**
 * A request whose signer is not accepted. Each API words it in its own protocol: the Firehose JSON
 * API as {@code __type}, STS's query API as an XML {@code Error/Code}.
 */
public final class AuthenticationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why; each reason knows its Firehose (JSON) and STS (query) error code. */
    public enum Reason {
        UNRECOGNIZED_KEY("UnrecognizedClientException", 400, "InvalidClientTokenId", 403),
        BAD_SIGNATURE("InvalidSignatureException", 400, "SignatureDoesNotMatch", 403),
        EXPIRED_TOKEN("ExpiredTokenException", 400, "ExpiredToken", 403),
        INCOMPLETE_SIGNATURE("IncompleteSignatureException", 400, "IncompleteSignature", 400),
        MISSING_AUTHENTICATION("MissingAuthenticationTokenException", 400, "MissingAuthenticationToken", 403);

        public final String jsonType;
        public final int jsonStatus;
        public final String queryCode;
        public final int queryStatus;

        Reason(String jsonType, int jsonStatus, String queryCode, int queryStatus) {
            this.jsonType = jsonType;
            this.jsonStatus = jsonStatus;
            this.queryCode = queryCode;
            this.queryStatus = queryStatus;
        }
    }

    static final String INVALID_TOKEN_MESSAGE = "The security token included in the request is invalid.";
    static final String EXPIRED_TOKEN_MESSAGE = "The security token included in the request is expired";

    private final Reason reason;

    AuthenticationException(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    static AuthenticationException unrecognized() {
        return new AuthenticationException(Reason.UNRECOGNIZED_KEY, INVALID_TOKEN_MESSAGE);
    }

    static AuthenticationException expired() {
        return new AuthenticationException(Reason.EXPIRED_TOKEN, EXPIRED_TOKEN_MESSAGE);
    }

    static AuthenticationException badSignature(String message) {
        return new AuthenticationException(Reason.BAD_SIGNATURE, message);
    }

    static AuthenticationException incomplete(String message) {
        return new AuthenticationException(Reason.INCOMPLETE_SIGNATURE, message);
    }

    static AuthenticationException missing() {
        return new AuthenticationException(Reason.MISSING_AUTHENTICATION, "Missing Authentication Token");
    }

    public Reason reason() {
        return reason;
    }
}
