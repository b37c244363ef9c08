package io.github.firehoseappender.local;

import java.util.Map;

/**
 * What one delivery stream took in and refused so far, as {@link FirehoseLocal#counters(String)}
 * reads it: the numbers Firehose's CloudWatch metrics would show (IncomingRequests, IncomingRecords,
 * IncomingBytes, ThrottledRecords), for a test or a benchmark to compare with what it sent. Immutable.
 */
public final class StreamCounters {
    private final String stream;
    private final long acceptedRequests;
    private final long acceptedRecords;
    private final long acceptedBytes;
    private final long failedEntries;
    private final long throttledEntries;
    private final long throttledCalls;

    StreamCounters(String stream, Map<String, Long> counters) {
        this.stream = stream;
        this.acceptedRequests = counters.get("calls");
        this.acceptedRecords = counters.get("records");
        this.acceptedBytes = counters.get("bytes");
        this.failedEntries = counters.get("failedEntries");
        this.throttledEntries = counters.get("throttledEntries");
        this.throttledCalls = counters.get("throttledCalls");
    }

    public String stream() {
        return stream;
    }

    /** Put calls answered HTTP 200, whatever became of their entries. */
    public long acceptedRequests() {
        return acceptedRequests;
    }

    /** Records accepted (answered with a RecordId). */
    public long acceptedRecords() {
        return acceptedRecords;
    }

    /** Decoded data bytes of the accepted records. */
    public long acceptedBytes() {
        return acceptedBytes;
    }

    /** Entries answered with an ErrorCode inside an HTTP 200: injected failures and throttled entries. */
    public long failedEntries() {
        return failedEntries;
    }

    /**
     * Records refused because they did not fit the stream's byte or record quota: PutRecordBatch
     * entries answered ServiceUnavailableException "Slow down." inside an HTTP 200, and PutRecord
     * records refused with their call.
     */
    public long throttledEntries() {
        return throttledEntries;
    }

    /**
     * Put calls answered 503 ServiceUnavailableException "Slow down." whole because of a quota: over
     * the requests-per-second quota, or a PutRecord whose record did not fit.
     */
    public long throttledCalls() {
        return throttledCalls;
    }

    @Override
    public String toString() {
        return "StreamCounters{stream=" + stream + ", acceptedRequests=" + acceptedRequests + ", acceptedRecords=" + acceptedRecords
                + ", acceptedBytes=" + acceptedBytes + ", failedEntries=" + failedEntries + ", throttledEntries=" + throttledEntries
                + ", throttledCalls=" + throttledCalls + "}";
    }
}
