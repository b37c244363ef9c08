package io.github.firehoseappender.benchmarks;

import io.github.firehoseappender.core.stats.DeliveryStats;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.core.LoggerContext;
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
 * One op: {@code logger.info(FORMAT, ARG)} through Log4j2's own API, two ThreadContext entries, synchronous
 * loggers. {@code firehose}: our plugin, shipping to firehose-local on loopback in this JVM; {@code async}:
 * Log4j2's AsyncAppender over the Null appender.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class Log4j2Append {
    @Param({"firehose", "async"})
    public String appender;

    LoggerContext context;
    Logger logger;
    LocalFirehose local;
    final Acceptance acceptance = new Acceptance();

    @Setup(Level.Trial)
    public void setUp() {
        if (appender.equals("firehose")) {
            local = new LocalFirehose(Workload.STREAM);
            context = Log4j2Setups.start(Log4j2Setups.firehoseXml(local.endpoint(), Workload.STREAM));
        } else if (appender.equals("async")) {
            context = Log4j2Setups.start(Log4j2Setups.asyncXml());
        } else {
            throw new IllegalArgumentException(appender);
        }
        logger = context.getLogger(Workload.LOGGER);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        long kept = acceptance.calls(); // AsyncAppender blocks when full: it keeps every event
        if (appender.equals("firehose")) {
            DeliveryStats s = Log4j2Setups.firehose(context).getStats();
            kept = s.appended() - s.dropped();
        }
        acceptance.report("log4j2", appender, kept);
        Configurator.shutdown(context);
        if (local != null) {
            local.close();
        }
    }

    @State(Scope.Thread)
    public static class Caller {
        Acceptance.Calls calls;

        @Setup(Level.Trial)
        public void setUp(Log4j2Append bench) {
            calls = Log4j2Setups.caller(bench.acceptance);
        }
    }

    @Benchmark
    public void info(Caller caller) {
        logger.info(Workload.FORMAT, Workload.ARG);
        caller.calls.n++;
    }
}
