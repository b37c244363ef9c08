package io.github.firehoseappender.core.stats;

import io.github.firehoseappender.core.StatusReporter;
import java.util.HashMap;
import java.util.Map;

/**
 * Reports repeated errors to status without flooding it: the first {@value #FIRST_REPORTS} of each kind, then every
 * {@value #EVERY_NTH}th with the count so far. Every occurrence becomes the stats' last error. Sender thread only for
 * {@link #error}/{@link #warn}; the counts are per instance, so two appenders share nothing.
 */
public final class RateLimitedStatus {
    static final int FIRST_REPORTS = 3;
    static final int EVERY_NTH = 100;

    private final StatusReporter status;
    private final DeliveryCounters counters;
    private final String prefix;
    private final Map<String, long[]> seen = new HashMap<>();

    public RateLimitedStatus(StatusReporter status, DeliveryCounters counters, String prefix) {
        this.status = status;
        this.counters = counters;
        this.prefix = prefix;
    }

    /** Reports an error of {@code kind} (a stable key such as an error code) if its turn has come. */
    public synchronized void error(String kind, String message, Throwable cause) {
        counters.lastError(message);
        String text = due(kind);
        if (text != null) {
            status.error(prefix + message + text, cause);
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
