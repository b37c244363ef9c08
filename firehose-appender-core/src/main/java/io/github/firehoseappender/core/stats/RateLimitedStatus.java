package io.github.firehoseappender.core.stats;

import io.github.firehoseappender.core.StatusReporter;
import java.util.HashMap;
import java.util.Map;

/**
 * Reports repeated errors to status without flooding it: the first {@value #FIRST_REPORTS} of each kind, then every
 * {@value #EVERY_NTH}th with the count so far. Every occurrence becomes the stats' last error. Sender thread only for
 * {@link #error}/{@link #warn}; the counts are per instance, so two appenders share nothing. Errors (events that cannot
 * be delivered) also reach stderr through the {@link LossNotice}, for users who watch no status channel.
 */
public final class RateLimitedStatus {
    static final int FIRST_REPORTS = 3;
    static final int EVERY_NTH = 100;

    private final StatusReporter status;
    private final DeliveryCounters counters;
    private final String prefix;
    private final Map<String, long[]> seen = new HashMap<>();
    private final LossNotice lossNotice;

    /** Without a stderr notice: for tests of this class alone. */
    public RateLimitedStatus(StatusReporter status, DeliveryCounters counters, String prefix) {
        this(status, counters, prefix, null);
    }

    public RateLimitedStatus(StatusReporter status, DeliveryCounters counters, String prefix, LossNotice lossNotice) {
        this.status = status;
        this.counters = counters;
        this.prefix = prefix;
        this.lossNotice = lossNotice;
    }

    /** Reports an error of {@code kind} (a stable key such as an error code) if its turn has come. */
    public synchronized void error(String kind, String message, Throwable cause) {
        counters.lastError(message);
        String text = due(kind);
        if (text != null) {
            status.error(prefix + message + text, cause);
        }
        if (lossNotice != null) {
            lossNotice.cannotDeliver(kind, message);
        }
    }

    public synchronized void warn(String kind, String message, Throwable cause) {
        counters.lastError(message);
        String text = due(kind);
        if (text != null) {
            status.warn(prefix + message + text, cause);
        }
    }

    public void info(String message) {
        status.info(prefix + message);
    }

    public StatusReporter reporter() {
        return status;
    }

    /** The stderr side of loss reporting; null only in tests of this class alone. */
    public LossNotice lossNotice() {
        return lossNotice;
    }

    /** Null when this occurrence is not reported, else the suffix to add (empty, or the running count). */
    private String due(String kind) {
        long[] count = seen.computeIfAbsent(kind, k -> new long[1]);
        long n = ++count[0];
        if (n <= FIRST_REPORTS) {
            return n == FIRST_REPORTS ? " (further occurrences reported every " + EVERY_NTH + ")" : "";
        }
        return n % EVERY_NTH == 0 ? " (" + n + " occurrences so far)" : null;
    }
}
