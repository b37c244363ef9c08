package io.github.firehoseappender.core.trace;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Scope;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the application thread captures: the current OpenTelemetry span and the Lambda invocation's X-Ray header. */
class TraceCaptureTest {
    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String SPAN = "00f067aa0ba902b7";
    private static final String HEADER = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1";
    private static final TraceCapture.Keys EMPTY_MDC = key -> false;

    @AfterEach
    void clearProperty() {
        System.clearProperty(TraceCapture.XRAY_PROPERTY);
    }

    private static Scope spanInScope() {
        return Span.wrap(SpanContext.create(TRACE, SPAN, TraceFlags.getSampled(), TraceState.getDefault()))
                .makeCurrent();
    }

    @Test
    void takesTheCurrentSpanUnderTheTraceKeysWhenTheMdcHasNoTraceId() {
        TraceCapture capture = new TraceCapture(TraceKeys.of("traceId", null, null), Map.of());
        try (Scope ignored = spanInScope()) {
            assertThat(capture.capture(EMPTY_MDC, true))
                    .containsExactly("traceId", TRACE, "span_id", SPAN, "trace_flags", "01");
        }
    }

    @Test
    void takesNothingWithoutASpanAnXrayHeaderOrOnAnotherThread() {
        TraceCapture capture = new TraceCapture(TraceKeys.DEFAULT, Map.of());
        assertThat(capture.capture(EMPTY_MDC, true)).isNull();
        try (Scope ignored = spanInScope()) {
            assertThat(capture.capture(EMPTY_MDC, false)).as("a wrapper's worker: not the event's span").isNull();
            assertThat(capture.capture("trace_id"::equals, true)).as("the agent's MDC ids win").isNull();
        }
    }

    @Test
    void takesTheLambdaTraceHeaderPropertyBeforeTheEnvironmentVariable() {
        TraceCapture capture = new TraceCapture(TraceKeys.DEFAULT, Map.of("_X_AMZN_TRACE_ID", "Root=1-env"));
        assertThat(capture.capture(EMPTY_MDC, true)).containsExactly("X-Amzn-Trace-Id", "Root=1-env");

        System.setProperty(TraceCapture.XRAY_PROPERTY, HEADER);
        assertThat(capture.capture(EMPTY_MDC, true)).containsExactly("X-Amzn-Trace-Id", HEADER);
        assertThat(capture.capture("xray_trace_id"::equals, true)).as("Powertools' id wins").isNull();
        try (Scope ignored = spanInScope()) {
            assertThat(capture.capture(EMPTY_MDC, true)).containsExactly("trace_id", TRACE, "span_id", SPAN,
                    "trace_flags", "01", "X-Amzn-Trace-Id", HEADER);
        }
    }
}
