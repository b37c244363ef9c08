package io.github.firehoseappender.core.stats;

/** One delivery stream's share of an appender's traffic, when calls are spread over several streams. */
public final class StreamStats {
    private final long callsSent;
    private final long recordsSent;
    private final long bytesSent;
    private final long throttledEntries;

    StreamStats(long callsSent, long recordsSent, long bytesSent, long throttledEntries) {
        this.callsSent = callsSent;
        this.recordsSent = recordsSent;
        this.bytesSent = bytesSent;
        this.throttledEntries = throttledEntries;
    }

    /** PutRecordBatch calls sent to this stream and answered, retries included. */
    public long callsSent() { return callsSent; }
    /** Records this stream acknowledged. */
    public long recordsSent() { return recordsSent; }
    /** Bytes of the records this stream acknowledged. */
    public long bytesSent() { return bytesSent; }
    /** Records this stream refused for throttling (entries with an ErrorCode, or whole throttled calls). */
    public long throttledEntries() { return throttledEntries; }

    @Override
    public String toString() {
        return "{calls=" + callsSent + ", records=" + recordsSent + ", bytes=" + bytesSent + ", throttled="
                + throttledEntries + "}";
    }
}
