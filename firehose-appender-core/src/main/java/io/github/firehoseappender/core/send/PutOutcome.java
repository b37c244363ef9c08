package io.github.firehoseappender.core.send;

import io.github.firehoseappender.core.batch.Record;
import java.util.Collections;
import java.util.List;

/** What one PutRecordBatch call achieved, as the sender needs it to decide what to resend. */
public final class PutOutcome {
    /** How the call ended. */
    public enum Kind {
        /** Every record acknowledged. */
        DELIVERED,
        /** HTTP 200 with some entries carrying an ErrorCode: resend exactly those. */
        PARTIAL,
        /** The call failed before any record was accepted (5xx, throttling, connection refused): resend all soon. */
        RETRYABLE,
        /** The call may have reached Firehose (a timeout after sending): resend all, duplicates possible. */
        AMBIGUOUS,
        /** A configuration or permission problem (unknown stream, access denied): resend all at the slow pace. */
        NON_RETRYABLE
    }

    private final Kind kind;
    private final List<Record> failed;
    private final String errorCode;
    private final String message;
    private final Throwable cause;

    private PutOutcome(Kind kind, List<Record> failed, String errorCode, String message, Throwable cause) {
        this.kind = kind;
        this.failed = failed;
        this.errorCode = errorCode;
        this.message = message;
        this.cause = cause;
    }

    public static PutOutcome delivered() {
        return new PutOutcome(Kind.DELIVERED, Collections.emptyList(), null, null, null);
    }

    /** Some entries failed; {@code failed} are those records, in their original order. */
    public static PutOutcome partial(List<Record> failed, String errorCode, String message) {
        return new PutOutcome(Kind.PARTIAL, failed, errorCode, message, null);
    }

    /** The whole call failed. */
    public static PutOutcome callFailed(Kind kind, String errorCode, String message, Throwable cause) {
        return new PutOutcome(kind, null, errorCode, message, cause);
    }

    public Kind kind() { return kind; }
    /** For {@link Kind#PARTIAL}: the records to resend. */
    public List<Record> failed() { return failed; }
    /** A stable key for the failure (an AWS error code or an exception's class name); null when delivered. */
    public String errorCode() { return errorCode; }
    /** What happened and, for configuration problems, the fix; never anything secret. */
    public String message() { return message; }
    public Throwable cause() { return cause; }
}
