package io.github.firehoseappender.core.trace;

/**
 * The MDC keys the trace columns ({@code trace_id}, {@code span_id}, {@code trace_flags}) are read from. The defaults
 * are the keys the OpenTelemetry Java agent writes into each event's MDC (Logback) or context data (Log4j2); an agent
 * configured with {@code otel.instrumentation.common.logging.trace-id-key} (and span-id, trace-flags) writes others,
 * given here with the {@code traceIdKey}, {@code spanIdKey} and {@code traceFlagsKey} options. Immutable.
 */
public final class TraceKeys {
    public static final String DEFAULT_TRACE_ID_KEY = "trace_id";
    public static final String DEFAULT_SPAN_ID_KEY = "span_id";
    public static final String DEFAULT_TRACE_FLAGS_KEY = "trace_flags";
    public static final TraceKeys DEFAULT = new TraceKeys(DEFAULT_TRACE_ID_KEY, DEFAULT_SPAN_ID_KEY,
            DEFAULT_TRACE_FLAGS_KEY);

    private final String traceIdKey;
    private final String spanIdKey;
    private final String traceFlagsKey;

    private TraceKeys(String traceIdKey, String spanIdKey, String traceFlagsKey) {
        this.traceIdKey = traceIdKey;
        this.spanIdKey = spanIdKey;
        this.traceFlagsKey = traceFlagsKey;
    }

    /** The keys as written in the options; a blank one keeps its default. */
    public static TraceKeys of(String traceIdKey, String spanIdKey, String traceFlagsKey) {
        return new TraceKeys(orDefault(traceIdKey, DEFAULT_TRACE_ID_KEY), orDefault(spanIdKey, DEFAULT_SPAN_ID_KEY),
                orDefault(traceFlagsKey, DEFAULT_TRACE_FLAGS_KEY));
    }

    public String traceIdKey() {
        return traceIdKey;
    }

    public String spanIdKey() {
        return spanIdKey;
    }

    public String traceFlagsKey() {
        return traceFlagsKey;
    }

    private static String orDefault(String key, String fallback) {
        return key == null || key.trim().isEmpty() ? fallback : key.trim();
    }

    @Override
    public String toString() {
        return traceIdKey + "," + spanIdKey + "," + traceFlagsKey;
    }
}
