package io.github.firehoseappender.core.stats;

import java.io.PrintStream;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Makes a loss visible to a user who configured nothing (DESIGN invariant 6): a line on stderr, beside the status
 * channel, when events are dropped or cannot be delivered. Rate-limited: the first line of each cause at once, then at
 * most one per cause per interval, with the count since the previous line; a stop that leaves events undelivered
 * always prints. Nothing is printed while nothing is lost.
 *
 * <p>Drops are counted on application threads, but read and printed here only by {@link #check} (the sender calls it
 * every turn of its loop), so an application thread never writes to stderr because the buffer is full.
 * Thread-safe.
 */
public final class LossNotice {
    /** At most one line per cause per this many nanoseconds. */
    public static final long DEFAULT_INTERVAL_NANOS = 60_000_000_000L;

    private final DeliveryCounters counters;
    private final String prefix;
    private final Supplier<PrintStream> out;
    private final long intervalNanos;
    private final LongSupplier clock;
    private final long[] printedCount = new long[DropCause.values().length];
    private final long[] printedAt = new long[DropCause.values().length];
    private final boolean[] printedOnce = new boolean[DropCause.values().length];
    private final Map<String, Long> failurePrintedAt = new HashMap<>();

    /** Lines go to {@code System.err} as it is when a line is printed. */
    public LossNotice(DeliveryCounters counters, String appenderName) {
        this(counters, appenderName, () -> System.err, DEFAULT_INTERVAL_NANOS, System::nanoTime);
    }

    public LossNotice(DeliveryCounters counters, String appenderName, Supplier<PrintStream> out, long intervalNanos,
                      LongSupplier clock) {
        this.counters = counters;
        this.prefix = "[firehose-appender] " + appenderName + ": ";
        this.out = out;
        this.intervalNanos = intervalNanos;
        this.clock = clock;
    }

    /**
     * The one line a user sees when an appender's configuration is wrong: it does not start, the application runs on.
     * Printed whatever the options say (they are what failed), on {@code System.err}.
     */
    public static void notStarted(String appenderName, java.util.List<String> problems) {
        System.err.println("[firehose-appender] " + appenderName + ": NOT STARTED, so its logs are not shipped "
                + "(the application runs on); fix the configuration: " + String.join("; ", problems));
        System.err.flush();
    }

    /** Prints one line per cause whose drops grew since its last line, if that cause's interval has passed. */
    public synchronized void check() {
        report(false);
    }

    /**
     * At stop: every cause whose drops grew since its last line prints now, whatever the interval, so the last line
     * of each cause carries the true total.
     */
    public synchronized void finalTally() {
        report(true);
    }

    private void report(boolean whateverTheInterval) {
        long now = clock.getAsLong();
        for (DropCause cause : DropCause.values()) {
            int i = cause.ordinal();
            long count = counters.droppedCount(cause);
            long since = count - printedCount[i];
            if (since <= 0 || !whateverTheInterval && printedOnce[i] && now - printedAt[i] < intervalNanos) {
                continue;
            }
            print((printedOnce[i] ? "" : "LOST LOGS: ") + since + (since == 1 ? " log event" : " log events")
                    + " dropped (" + cause + ": " + why(cause) + ") since "
                    + (printedOnce[i] ? "the last notice" : "start") + ", " + count
                    + " in all; see the appender's status messages and stats");
            printedCount[i] = count;
            printedAt[i] = now;
            printedOnce[i] = true;
        }
    }

    /** A delivery failure (events held back, not yet lost): at most one line per kind per interval. */
    public synchronized void cannotDeliver(String kind, String message) {
        long now = clock.getAsLong();
        Long last = failurePrintedAt.get(kind);
        if (last != null && now - last < intervalNanos) {
            return;
        }
        failurePrintedAt.put(kind, now);
        print("cannot deliver logs: " + message);
    }

    /** Printed whatever the rate: a stop that leaves events undelivered. */
    public synchronized void always(String message) {
        print(message);
    }

    private void print(String line) {
        PrintStream stream = out.get();
        if (stream != null) {
            stream.println(prefix + line);
            stream.flush();
        }
    }

    private static String why(DropCause cause) {
        switch (cause) {
            case BUFFER_FULL: return "the buffer was full; raise bufferSize or find why delivery is slow";
            case RETRIES_EXHAUSTED: return "Firehose kept failing until retryTimeout/maxAttempts ran out";
            case ENCODING_FAILED: return "the encoder failed on them";
            case STOPPED: return "still undelivered when the appender stopped";
            case NOT_RUNNING: return "appended after stop, or delivery could not start";
            case SPOOL_FULL: return "the spool on disk was full; raise spoolSize or find why delivery is slow";
            case SPOOL_CORRUPT: return "their spooled call failed its checksum";
            case SPOOL_FAILED: return "the spool failed with them on it";
            default: return "append failed unexpectedly";
        }
    }
}
