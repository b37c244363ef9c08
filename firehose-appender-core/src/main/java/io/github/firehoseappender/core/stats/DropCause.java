package io.github.firehoseappender.core.stats;

/** Why an appended event was not delivered. Every drop is counted under exactly one cause. */
public enum DropCause {
    /** The buffer was full (bytes or events) and the overflow policy refused or evicted the event. */
    BUFFER_FULL,
    /** Its record kept failing until the retry budget ({@code retryTimeout}, {@code maxAttempts}) ran out. */
    RETRIES_EXHAUSTED,
    /** The encoder threw on it, or produced something that could not be made into a line. */
    ENCODING_FAILED,
    /** Still buffered or unacknowledged when {@code stop} reached its deadline. */
    STOPPED,
    /** Appended after stop, or while delivery could not start (no region, no client). */
    NOT_RUNNING,
    /** {@code append} itself failed unexpectedly (caught and counted, never thrown into the application). */
    APPEND_FAILED,
    /** On a full spool: its oldest segment was deleted unsent ({@code spoolOverflow=dropOldest}) or the call refused. */
    SPOOL_FULL,
    /** Its spooled call failed its checksum when read back. */
    SPOOL_CORRUPT,
    /** Its call was on the spool when the spool failed (I/O error); it stays on disk for a later start to replay. */
    SPOOL_FAILED
}
