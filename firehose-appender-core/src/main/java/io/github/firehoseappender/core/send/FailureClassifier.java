package io.github.firehoseappender.core.send;

import io.github.firehoseappender.core.send.PutOutcome.Kind;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.UnknownHostException;
import java.net.SocketTimeoutException;
import java.util.Locale;
import javax.net.ssl.SSLHandshakeException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.services.sts.model.StsException;

/**
 * Sorts a failed PutRecordBatch call into what the sender does next, and words the status message with the fix for
 * the failures a user must act on. Messages name the stream, region and role, never a key, token or external id.
 */
final class FailureClassifier {
    private final String stream;
    private final String region;
    private final String roleArn;
    private final String stsEndpoint;

    FailureClassifier(String stream, String region, String roleArn, String stsEndpoint) {
        this.stream = stream;
        this.region = region;
        this.roleArn = roleArn;
        this.stsEndpoint = stsEndpoint == null ? "the STS endpoint of " + region : stsEndpoint;
    }

    /**
     * A failure to obtain credentials, before any byte went to Firehose: never ambiguous. With a role, it names STS
     * and its endpoint, the thing to fix; without one, the default chain.
     */
    PutOutcome classifyCredentials(Throwable e) {
        StsException sts = find(e, StsException.class);
        if (sts != null) {
            return service(sts, true);
        }
        String text = String.valueOf(e.getMessage());
        if (roleArn != null) {
            return PutOutcome.callFailed(Kind.RETRYABLE, "STS.Unreachable", "cannot assume role " + roleArn
                    + " through STS at " + stsEndpoint + ": " + text + "; check stsEndpoint/FIREHOSE_STS_ENDPOINT "
                    + "and the network path to STS; retrying", e);
        }
        return PutOutcome.callFailed(Kind.NON_RETRYABLE, "Credentials", "no AWS credentials to sign calls to "
                + stream + ": " + text + "; provide credentials (environment, profile, instance or task role)", e);
    }

    PutOutcome classify(Throwable e) {
        StsException sts = find(e, StsException.class);
        if (sts != null) {
            return service(sts, true);
        }
        AwsServiceException service = find(e, AwsServiceException.class);
        if (service != null) {
            return service(service, false);
        }
        String name = e.getClass().getSimpleName();
        // Checked before the timeouts: an attempt timeout that struck while connecting sent nothing either.
        UnknownHostException unknownHost = find(e, UnknownHostException.class);
        if (unknownHost != null) {
            return PutOutcome.callFailed(Kind.RETRYABLE, "UnknownHost", "cannot resolve the Firehose host for "
                    + stream + " (" + unknownHost.getMessage() + "); check region=" + region
                    + " (or FIREHOSE_REGION/AWS_REGION) and endpoint/FIREHOSE_ENDPOINT, and the network's DNS; "
                    + "retrying", e);
        }
        if (neverReachedServer(e)) {
            return PutOutcome.callFailed(Kind.RETRYABLE, "ConnectException", "cannot connect to Firehose for "
                    + stream + " in " + region + ": " + e.getMessage() + "; retrying", e);
        }
        if (find(e, ApiCallAttemptTimeoutException.class) != null || find(e, ApiCallTimeoutException.class) != null
                || isReadTimeout(e)) {
            return PutOutcome.callFailed(Kind.AMBIGUOUS, "Timeout", "PutRecordBatch to " + stream
                    + " timed out after sending; resending (the records may be delivered twice)", e);
        }
        if (find(e, IOException.class) != null) {
            // Connection reset or an answer cut short after the request went out: Firehose may have taken it.
            return PutOutcome.callFailed(Kind.AMBIGUOUS, "ConnectionLost", "PutRecordBatch to " + stream
                    + " lost its answer (" + e.getMessage() + "); resending (the records may be delivered twice)", e);
        }
        String text = String.valueOf(e.getMessage());
        if (text.contains("Unable to load credentials") || text.toLowerCase(Locale.ROOT).contains("credential")) {
            return PutOutcome.callFailed(Kind.NON_RETRYABLE, "Credentials", "no AWS credentials to sign calls to "
                    + stream + ": " + text + "; provide credentials (environment, profile, instance or task role)", e);
        }
        return PutOutcome.callFailed(Kind.RETRYABLE, name, "PutRecordBatch to " + stream + " failed: " + text
                + "; retrying", e);
    }

    private PutOutcome service(AwsServiceException e, boolean fromSts) {
        int status = e.statusCode();
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        String detail = e.awsErrorDetails() != null && e.awsErrorDetails().errorMessage() != null
                ? e.awsErrorDetails().errorMessage() : e.getMessage();
        String key = (fromSts ? "STS." : "") + (code == null ? "HTTP" + status : code);
        if (status >= 500 || status == 429 || isThrottling(code)) {
            return PutOutcome.callFailed(Kind.RETRYABLE, key, (fromSts ? "STS AssumeRole" : "PutRecordBatch to "
                    + stream) + " failed with " + key + " (HTTP " + status + "): " + detail + "; retrying", e);
        }
        String fix;
        if (fromSts) {
            fix = "could not assume role " + roleArn + " (" + key + ", HTTP " + status + ": " + detail
                    + "); the role's trust policy must allow this principal (and the external id, when one is set)";
        } else if ("ResourceNotFoundException".equals(code)) {
            fix = "delivery stream " + stream + " not found in " + region + " (" + detail
                    + "); create the stream or fix deliveryStream=" + stream;
        } else if (status == 403 || code != null && (code.contains("AccessDenied") || code.contains("Unrecognized")
                || code.contains("InvalidSignature") || code.contains("ExpiredToken"))) {
            fix = "access denied putting to delivery stream " + stream + " (" + key + ", HTTP " + status + ": "
                    + detail + "); the " + (roleArn == null ? "caller" : "role " + roleArn)
                    + " needs firehose:PutRecordBatch on arn:aws:firehose:" + region + ":*:deliverystream/" + stream;
        } else {
            fix = "Firehose rejected PutRecordBatch to " + stream + " (" + key + ", HTTP " + status + ": " + detail
                    + "); check the stream's configuration";
        }
        return PutOutcome.callFailed(Kind.NON_RETRYABLE, key, fix + "; retrying slowly", e);
    }

    static boolean isThrottling(String code) {
        return code != null && (code.equals("ServiceUnavailableException") || code.equals("ThrottlingException")
                || code.equals("Throttling") || code.equals("LimitExceededException")
                || code.equals("InternalFailure") || code.equals("RequestTimeout")
                || code.equals("RequestTimeoutException"));
    }

    /**
     * True when the call failed before a byte of the request could have been written: no connection (refused, no
     * route, unknown host, connect timed out) or no TLS session (handshake failed). Such a call is resent without
     * counting possible duplicates; anything after the request may have gone out stays ambiguous.
     */
    private static boolean neverReachedServer(Throwable e) {
        if (find(e, ConnectException.class) != null || find(e, UnknownHostException.class) != null
                || find(e, NoRouteToHostException.class) != null || find(e, PortUnreachableException.class) != null
                || find(e, SSLHandshakeException.class) != null) {
            return true;
        }
        SocketTimeoutException timeout = find(e, SocketTimeoutException.class);
        return timeout != null && String.valueOf(timeout.getMessage()).toLowerCase(Locale.ROOT).contains("connect");
    }

    private static boolean isReadTimeout(Throwable e) {
        SocketTimeoutException timeout = find(e, SocketTimeoutException.class);
        if (timeout != null) {
            String m = String.valueOf(timeout.getMessage()).toLowerCase(Locale.ROOT);
            return !m.contains("connect");
        }
        return find(e, InterruptedIOException.class) != null;
    }

    private static <T extends Throwable> T find(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }
}
