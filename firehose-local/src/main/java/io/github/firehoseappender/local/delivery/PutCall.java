package io.github.firehoseappender.local.delivery;

import io.github.firehoseappender.local.auth.Caller;

/** One Put call a stream answered HTTP 200, as {@code FirehoseLocal.Call} shows it to tests. Immutable. */
public final class PutCall {
    private final String stream;
    private final String operation;
    private final int recordCount;
    private final long totalBytes;
    private final int failedCount;
    private final int throttledCount;
    private final Caller caller;

    /** @param throttledCount how many of the failed entries did not fit the stream's quota */
    public PutCall(String stream, String operation, int recordCount, long totalBytes, int failedCount, int throttledCount,
                   Caller caller) {
        this.stream = stream;
        this.operation = operation;
        this.recordCount = recordCount;
        this.totalBytes = totalBytes;
        this.failedCount = failedCount;
        this.throttledCount = throttledCount;
        this.caller = caller;
    }

    public String stream() {
        return stream;
    }

    public String operation() {
        return operation;
    }

    public int recordCount() {
        return recordCount;
    }

    public long totalBytes() {
        return totalBytes;
    }

    public int failedCount() {
        return failedCount;
    }

    public int throttledCount() {
        return throttledCount;
    }

    public Caller caller() {
        return caller;
    }
}
