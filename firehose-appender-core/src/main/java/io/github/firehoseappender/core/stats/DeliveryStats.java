package io.github.firehoseappender.core.stats;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An immutable snapshot of one appender's counters, taken by {@code FirehoseDelivery.stats()}.
 *
 * <p>Invariant once the buffer is drained: {@code appended == delivered + dropped} (truncated events are delivered,
 * and counted in {@link #truncated()} as well), plus, with a spool, {@code spool().pendingEvents()}: events left on
 * disk for the next start. Events ignored because they came from the sender itself are not
 * appended; they are counted in {@link #ignoredInternal()}.
 */
public final class DeliveryStats {
    /** Firehose bills ingestion per record rounded up to the next 5 KB. */
    public static final int BILLING_INCREMENT_BYTES = 5 * 1024;

    private final long appended;
    private final long delivered;
    private final Map<DropCause, Long> droppedByCause;
    private final long dropped;
    private final long truncated;
    private final long ignoredInternal;
    private final long recordsSent;
    private final long callsSent;
    private final long entriesRetried;
    private final long callsRetried;
    private final long possibleDuplicates;
    private final long bytesSent;
    private final long billableBytes;
    private final long bufferDepthEvents;
    private final long bufferDepthBytes;
    private final String lastError;
    private final Instant lastErrorTime;
    private final Instant failingSince;
    private final Map<String, StreamStats> streams;
    private final SpoolStats spool;

    DeliveryStats(long appended, long delivered, EnumMap<DropCause, Long> droppedByCause, long truncated,
                  long ignoredInternal, long recordsSent, long callsSent, long entriesRetried, long callsRetried,
                  long possibleDuplicates, long bytesSent, long billableBytes, long bufferDepthEvents,
                  long bufferDepthBytes, String lastError, Instant lastErrorTime, Instant failingSince,
                  Map<String, StreamStats> streams, SpoolStats spool) {
        this.appended = appended;
        this.delivered = delivered;
        this.droppedByCause = Collections.unmodifiableMap(new EnumMap<>(droppedByCause));
        long sum = 0;
        for (Long v : droppedByCause.values()) {
            sum += v;
        }
        this.dropped = sum;
        this.truncated = truncated;
        this.ignoredInternal = ignoredInternal;
        this.recordsSent = recordsSent;
        this.callsSent = callsSent;
        this.entriesRetried = entriesRetried;
        this.callsRetried = callsRetried;
        this.possibleDuplicates = possibleDuplicates;
        this.bytesSent = bytesSent;
        this.billableBytes = billableBytes;
        this.bufferDepthEvents = bufferDepthEvents;
        this.bufferDepthBytes = bufferDepthBytes;
        this.lastError = lastError;
        this.lastErrorTime = lastErrorTime;
        this.failingSince = failingSince;
        this.streams = Collections.unmodifiableMap(new LinkedHashMap<>(streams));
        this.spool = spool;
    }

    /** Events accepted by {@code append} (buffered, or refused and counted as dropped); excludes ignored ones. */
    public long appended() { return appended; }
    /** Events acknowledged by Firehose (truncated ones included). */
    public long delivered() { return delivered; }
    /** Events dropped, all causes together. */
    public long dropped() { return dropped; }
    /** Events dropped for one cause. */
    public long dropped(DropCause cause) {
        Long v = droppedByCause.get(cause);
        return v == null ? 0 : v;
    }
    /** Every cause with its count (zero counts included). */
    public Map<DropCause, Long> droppedByCause() { return droppedByCause; }
    /** Events delivered shortened to fit a record, marked {@code "truncated":true}. */
    public long truncated() { return truncated; }
    /** Events refused because they came from the sender thread or another internal thread (recursion guard). */
    public long ignoredInternal() { return ignoredInternal; }
    /** Firehose records acknowledged (with aggregation, one record holds many events). */
    public long recordsSent() { return recordsSent; }
    /** PutRecordBatch calls that got a response, retries included. */
    public long callsSent() { return callsSent; }
    /** Entries resent because Firehose returned an ErrorCode for them. */
    public long entriesRetried() { return entriesRetried; }
    /** Whole calls resent after a failure of the call itself (5xx, timeout, connection error, throttling). */
    public long callsRetried() { return callsRetried; }
    /** Records resent after an ambiguous outcome (e.g. a timeout once sent): they may be delivered twice. */
    public long possibleDuplicates() { return possibleDuplicates; }
    /** Bytes of acknowledged records. */
    public long bytesSent() { return bytesSent; }
    /** Acknowledged bytes as Firehose bills them: each record rounded up to the next 5 KB (5,120 bytes). */
    public long billableBytes() { return billableBytes; }
    /** Events waiting in the buffer when the snapshot was taken. */
    public long bufferDepthEvents() { return bufferDepthEvents; }
    /**
     * Bytes counted against {@code bufferSize} when the snapshot was taken: the estimates of buffered events plus the
     * encoded lines the sender holds until they are acknowledged.
     */
    public long bufferDepthBytes() { return bufferDepthBytes; }
    /** The last error reported to status (no secrets), or null when none. */
    public String lastError() { return lastError; }
    /** When {@link #lastError()} happened, or null. */
    public Instant lastErrorTime() { return lastErrorTime; }

    /**
     * Since when every call to Firehose has failed (or since the client could not be built), or null while calls
     * succeed: a health check's signal. Partial success (some entries accepted) ends the streak.
     */
    public Instant failingSince() { return failingSince; }

    /** Each delivery stream's share, in configured order (one entry unless calls are spread over several). */
    public Map<String, StreamStats> streams() { return streams; }

    /** The spool's numbers; null when no spool is configured. */
    public SpoolStats spool() { return spool; }

    /** The bytes Firehose bills for one record of {@code bytes}: rounded up to the next 5 KB. */
    public static long billable(long bytes) {
        return (bytes + BILLING_INCREMENT_BYTES - 1) / BILLING_INCREMENT_BYTES * BILLING_INCREMENT_BYTES;
    }

    @Override
    public String toString() {
        return "DeliveryStats{appended=" + appended + ", delivered=" + delivered + ", dropped=" + dropped
                + " " + droppedByCause + ", truncated=" + truncated + ", ignoredInternal=" + ignoredInternal
                + ", recordsSent=" + recordsSent + ", callsSent=" + callsSent + ", entriesRetried=" + entriesRetried
                + ", callsRetried=" + callsRetried + ", possibleDuplicates=" + possibleDuplicates
                + ", bytesSent=" + bytesSent + ", billableBytes=" + billableBytes
                + ", bufferDepthEvents=" + bufferDepthEvents + ", bufferDepthBytes=" + bufferDepthBytes
                + (lastError == null ? "" : ", lastError=" + lastError + " at " + lastErrorTime)
                + (failingSince == null ? "" : ", failingSince=" + failingSince)
                + (streams.size() > 1 ? ", streams=" + streams : "") + (spool == null ? "" : ", spool=" + spool) + "}";
    }
}
