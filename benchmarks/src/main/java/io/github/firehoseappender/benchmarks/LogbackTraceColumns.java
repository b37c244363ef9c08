package io.github.firehoseappender.benchmarks;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import io.github.firehoseappender.core.trace.TraceCapture;
import java.util.Collections;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The trace columns' cost on the application thread, on against off: one op is {@code logger.info(FORMAT, ARG)}
 * through our Logback appender (to firehose-local in this JVM) with the OpenTelemetry agent's MDC layout (two
 * entries plus trace_id, span_id, trace_flags) while a Lambda-style X-Ray trace header property is set, so with
 * {@code traceContext=true} the snapshot also captures the header (a property lookup and a copy of the MDC). The
 * OpenTelemetry API is not on this class path: its lookup is not part of the figure.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class LogbackTraceColumns {
    @Param({"true", "false"})
    public String traceContext;

    LoggerContext context;
    Logger logger;
    LocalFirehose local;

    @Setup(Level.Trial)
    public void setUp() {
        System.setProperty(TraceCapture.XRAY_PROPERTY,
                "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1");
        context = LogbackSetups.newContext("bench-trace-" + traceContext);
        local = new LocalFirehose(Workload.STREAM);
        LogbackSetups.firehose(context, local.endpoint(), Workload.STREAM, Collections.emptyMap(),
                a -> a.setTraceContext(traceContext));
        logger = context.getLogger(Workload.LOGGER);
        context.getMDCAdapter().put(Workload.MDC_KEY_1, Workload.MDC_VALUE_1);
        context.getMDCAdapter().put(Workload.MDC_KEY_2, Workload.MDC_VALUE_2);
        context.getMDCAdapter().put("trace_id", "4bf92f3577b34da6a3ce929d0e0e4736");
        context.getMDCAdapter().put("span_id", "00f067aa0ba902b7");
        context.getMDCAdapter().put("trace_flags", "01");
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        context.stop();
        local.close();
        System.clearProperty(TraceCapture.XRAY_PROPERTY);
    }

    @Benchmark
    public void info() {
        logger.info(Workload.FORMAT, Workload.ARG);
    }
}
