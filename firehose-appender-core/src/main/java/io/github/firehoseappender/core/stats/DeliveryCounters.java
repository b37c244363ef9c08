package io.github.firehoseappender.core.stats;

import java.time.Instant;
import java.util.EnumMap;
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
    /** When the current run of failed calls began; null while calls succeed. Sender thread writes. */
    private volatile Instant failingSince;

    public DeliveryCounters() {
        for (int i = 0; i < dropped.length; i++) {
            dropped[i] = new LongAdder();
        }
    }

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

    public long appendedCount() { return appended.sum(); }

    public long droppedCount(DropCause cause) { return dropped[cause.ordinal()].sum(); }

    public DeliveryStats snapshot(long bufferDepthEvents, long bufferDepthBytes) {
        EnumMap<DropCause, Long> byCause = new EnumMap<>(DropCause.class);
        for (DropCause cause : DropCause.values()) {
            byCause.put(cause, dropped[cause.ordinal()].sum());
        }
        LastError error = lastError;
        return new DeliveryStats(appended.sum(), delivered.sum(), byCause, truncated.sum(), ignoredInternal.sum(),
                recordsSent.sum(), callsSent.sum(), entriesRetried.sum(), callsRetried.sum(), possibleDuplicates.sum(),
                bytesSent.sum(), billableBytes.sum(), bufferDepthEvents, bufferDepthBytes,
                error == null ? null : error.message, error == null ? null : error.time, failingSince);
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
