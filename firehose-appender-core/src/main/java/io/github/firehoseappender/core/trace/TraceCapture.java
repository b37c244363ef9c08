package io.github.firehoseappender.core.trace;

import java.util.Map;

/**
 * What only the application thread can see of an event's trace, taken there when the adapter snapshots the event:
 * the OpenTelemetry span current on that thread (when the OpenTelemetry API is on the class path and the event's MDC
 * has no trace id, e.g. from the agent) and the X-Ray trace header of the Lambda invocation (the
 * {@value #XRAY_PROPERTY} system property the Lambda runtime sets per invocation, else the {@value #XRAY_VARIABLE}
 * environment variable). The adapter adds what is captured to its copy of the event's MDC, under the trace keys and
 * {@value #XRAY_HEADER_KEY}; the encoder turns them into columns on the sender thread and leaves them out of
 * {@code mdc}.
 *
 * <p>Cost on the application thread: a system property lookup, and with the API present a thread-local context
 * lookup; nothing is parsed or formatted here. Thread-safe.
 */
public final class TraceCapture {
    public static final String XRAY_PROPERTY = "com.amazonaws.xray.traceHeader";
    public static final String XRAY_VARIABLE = "_X_AMZN_TRACE_ID";
    /**
     * The MDC key of a raw X-Ray trace header ({@code Root=1-…;Parent=…;Sampled=1}): where the capture puts the
     * invocation's header, and where an application behind an ALB or API Gateway may put the request's
     * {@code X-Amzn-Trace-Id} header itself.
     */
    public static final String XRAY_HEADER_KEY = "X-Amzn-Trace-Id";
    /** The MDC key under which Powertools for AWS Lambda puts the X-Ray trace id (the root id alone). */
    public static final String POWERTOOLS_XRAY_KEY = "xray_trace_id";

    private final TraceKeys keys;
    private final String xrayFromEnvironment;
    private volatile boolean otelPresent;

    /**
     * @param keys where the span's ids go (the keys the encoder reads the trace columns from)
     * @param environment read once, here: the process environment does not change
     */
    public TraceCapture(TraceKeys keys, Map<String, String> environment) {
        this.keys = keys;
        String xray = environment == null ? null : environment.get(XRAY_VARIABLE);
        this.xrayFromEnvironment = xray == null || xray.isEmpty() ? null : xray;
        this.otelPresent = otelApiPresent();
    }

    /** Keys of an event's MDC. */
    public interface Keys {
        boolean contains(String key);
    }

    /**
     * The entries to add to the snapshot's MDC, as {key, value, key, value, ...}, or null when there are none (the
     * usual case off Lambda without a current span: then the snapshot keeps the MDC as it is, no copy).
     *
     * @param mdc the event's MDC as logged
     * @param onLoggingThread false when a wrapper's worker hands the event over: the current span is then not the
     *                        event's, and is not taken
     */
    public String[] capture(Keys mdc, boolean onLoggingThread) {
        String[] span = null;
        if (onLoggingThread && otelPresent && !mdc.contains(keys.traceIdKey())) {
            span = currentSpan();
        }
        String xray = null;
        if (!mdc.contains(XRAY_HEADER_KEY) && !mdc.contains(POWERTOOLS_XRAY_KEY)) {
            xray = System.getProperty(XRAY_PROPERTY);
            if (xray == null || xray.isEmpty()) {
                xray = xrayFromEnvironment;
            }
        }
        if (span == null && xray == null) {
            return null;
        }
        if (span == null) {
            return new String[] {XRAY_HEADER_KEY, xray};
        }
        if (xray == null) {
            return new String[] {keys.traceIdKey(), span[0], keys.spanIdKey(), span[1], keys.traceFlagsKey(), span[2]};
        }
        return new String[] {keys.traceIdKey(), span[0], keys.spanIdKey(), span[1], keys.traceFlagsKey(), span[2],
            XRAY_HEADER_KEY, xray};
    }

    private String[] currentSpan() {
        try {
            return OtelCurrentSpan.ids();
        } catch (LinkageError e) {
            otelPresent = false; // an API too old for these calls: stop trying, never fail the application's call
            return null;
        }
    }

    private static boolean otelApiPresent() {
        try {
            Class.forName("io.opentelemetry.api.trace.Span", false, TraceCapture.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
