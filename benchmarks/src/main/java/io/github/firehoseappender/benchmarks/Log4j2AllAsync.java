package io.github.firehoseappender.benchmarks;

import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.async.AsyncLoggerContext;
import org.apache.logging.log4j.core.config.Configurator;
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
 * One op as in {@link Log4j2Append}, with every logger asynchronous (the LMAX Disruptor ring buffer, Log4j2's
 * defaults: 256 Ki slots, the caller waits when it is full) in a JVM forked with the context selector set. The
 * appender behind runs on the Disruptor's thread: {@code null} is the Null appender.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g",
        "-Dlog4j2.contextSelector=org.apache.logging.log4j.core.async.AsyncLoggerContextSelector"})
public class Log4j2AllAsync {
    @Param({"null"})
    public String appender;

    LoggerContext context;
    Logger logger;
    final Acceptance acceptance = new Acceptance();

    @Setup(Level.Trial)
    public void setUp() {
        context = Log4j2Setups.start(Log4j2Setups.nullXml());
        if (!(context instanceof AsyncLoggerContext)) {
            throw new IllegalStateException("not all-async: " + context.getClass());
        }
        logger = context.getLogger(Workload.LOGGER);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        acceptance.report("log4j2-all-async", appender, acceptance.calls()); // waits when full: keeps every event
        Configurator.shutdown(context);
    }

    @State(Scope.Thread)
    public static class Caller {
        Acceptance.Calls calls;

        @Setup(Level.Trial)
        public void setUp(Log4j2AllAsync bench) {
            calls = Log4j2Setups.caller(bench.acceptance);
        }
    }

    @Benchmark
    public void info(Caller caller) {
        logger.info(Workload.FORMAT, Workload.ARG);
        caller.calls.n++;
    }
}
