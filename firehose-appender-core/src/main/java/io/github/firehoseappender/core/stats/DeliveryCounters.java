package io.github.firehoseappender.core.stats;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * The live counters behind {@link DeliveryStats}. Application threads bump {@link #appended} and the drop counters;
 * the sender thread bumps the rest. LongAdders: writers never contend on one cache line.
 */
public final class DeliveryCounters {
    private final LongAdder appended = new LongAdder();
    private final LongAdder delivered = new LongAdder();
    private final LongAdder[] dropped = new LongAdder[DropCause.values().length];
    private final LongAdder truncated = new LongAdder();
    private final LongAdder ignoredInternal = new LongAdder();
    private final LongAdder recordsSent = new LongAdder();
    private final LongAdder callsSent = new LongAdder();
    private final LongAdder entriesRetried = new LongAdder();
    private final LongAdder callsRetried = new LongAdder();
    private final LongAdder possibleDuplicates = new LongAdder();
    private final LongAdder bytesSent = new LongAdder();
    private final LongAdder billableBytes = new LongAdder();
    private volatile LastError lastError;
    private final List<String> streams;
    /** Per stream, by index: calls, records, bytes, throttled entries. */
    private final LongAdder[][] perStream;
    /** When the current run of failed calls began; null while calls succeed. Sender thread writes. */
    private volatile Instant failingSince;
    private final LongAdder replayedEvents = new LongAdder();
    private final LongAdder replayLostEvents = new LongAdder();
    private final LongAdder spoolFailures = new LongAdder();

    /** For one unnamed stream: tests of parts that do not look at streams. */
    public DeliveryCounters() {
        this(Collections.singletonList("stream"));
    }

    public DeliveryCounters(List<String> streams) {
        for (int i = 0; i < dropped.length; i++) {
            dropped[i] = new LongAdder();
        }
        this.streams = streams;
        this.perStream = new LongAdder[streams.size()][4];
        for (LongAdder[] row : perStream) {
            for (int k = 0; k < row.length; k++) {
                row[k] = new LongAdder();
            }
        }
    }

    public void streamCall(int stream) { perStream[stream][0].increment(); }

    public void streamRecordSent(int stream, int bytes) {
        perStream[stream][1].increment();
        perStream[stream][2].add(bytes);
    }

    public void streamThrottled(int stream, long entries) { perStream[stream][3].add(entries); }

    public void appended() { appended.increment(); }
    public void ignoredInternal() { ignoredInternal.increment(); }
    public void dropped(DropCause cause, long events) { dropped[cause.ordinal()].add(events); }
    public void truncated() { truncated.increment(); }
    public void delivered(long events) { delivered.add(events); }
    public void callSent() { callsSent.increment(); }
    public void callRetried() { callsRetried.increment(); }
    public void entriesRetried(long entries) { entriesRetried.add(entries); }
    public void possibleDuplicates(long records) { possibleDuplicates.add(records); }

    /** One record acknowledged by Firehose. */
    public void recordSent(int bytes) {
        recordsSent.increment();
        bytesSent.add(bytes);
        billableBytes.add(DeliveryStats.billable(bytes));
    }

    public void lastError(String message) {
        lastError = new LastError(message, Instant.now());
    }

    /** A call to Firehose failed (or no client could be built): starts the failing streak if none is running. */
    public void callFailed() {
        if (failingSince == null) {
            failingSince = Instant.now();
        }
    }

    /** Firehose accepted records: the failing streak, if any, is over. */
    public void callSucceeded() {
        if (failingSince != null) {
            failingSince = null;
        }
    }

    /** Events an earlier process spooled, delivered now. */
    public void replayed(long events) { replayedEvents.add(events); }
    /** Events an earlier process spooled that cannot be delivered. */
    public void replayLost(long events) { replayLostEvents.add(events); }
    public void spoolFailed() { spoolFailures.increment(); }

    public long appendedCount() { return appended.sum(); }

    public long droppedCount(DropCause cause) { return dropped[cause.ordinal()].sum(); }

    public DeliveryStats snapshot(long bufferDepthEvents, long bufferDepthBytes) {
        return snapshot(bufferDepthEvents, bufferDepthBytes, null);
    }

    /** @param spool what is on the spool now (bytes, records, events, of which this process's); null when off */
    public DeliveryStats snapshot(long bufferDepthEvents, long bufferDepthBytes, long[] spool) {
        EnumMap<DropCause, Long> byCause = new EnumMap<>(DropCause.class);
        for (DropCause cause : DropCause.values()) {
            byCause.put(cause, dropped[cause.ordinal()].sum());
        }
        Map<String, StreamStats> byStream = new LinkedHashMap<>();
        for (int i = 0; i < perStream.length; i++) {
            LongAdder[] row = perStream[i];
            byStream.put(streams.get(i), new StreamStats(row[0].sum(), row[1].sum(), row[2].sum(), row[3].sum()));
        }
        LastError error = lastError;
        return new DeliveryStats(appended.sum(), delivered.sum(), byCause, truncated.sum(), ignoredInternal.sum(),
                recordsSent.sum(), callsSent.sum(), entriesRetried.sum(), callsRetried.sum(), possibleDuplicates.sum(),
                bytesSent.sum(), billableBytes.sum(), bufferDepthEvents, bufferDepthBytes,
                error == null ? null : error.message, error == null ? null : error.time, failingSince, byStream,
                spool == null ? null : new SpoolStats(spool[0], spool[1], spool[2], spool[3], replayedEvents.sum(),
                        replayLostEvents.sum(), spoolFailures.sum()));
    }

    private static final class LastError {
        final String message;
        final Instant time;

        LastError(String message, Instant time) {
            this.message = message;
            this.time = time;
        }
    }
}
