package io.github.firehoseappender.core.trace;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;

/**
 * The only class that touches the OpenTelemetry API (a provided dependency): {@link TraceCapture} loads it only after
 * finding the API on the class path, so without the API nothing here is ever loaded.
 */
final class OtelCurrentSpan {
    private OtelCurrentSpan() {
    }

    /** The span current on this thread as {trace id, span id, flags} in lowercase hex, or null when none is valid. */
    static String[] ids() {
        SpanContext context = Span.current().getSpanContext();
        if (!context.isValid()) {
            return null;
        }
        return new String[] {context.getTraceId(), context.getSpanId(), context.getTraceFlags().asHex()};
    }
}
