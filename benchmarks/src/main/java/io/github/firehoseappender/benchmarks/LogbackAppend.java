package io.github.firehoseappender.benchmarks;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import io.github.firehoseappender.core.stats.DeliveryStats;
import io.github.firehoseappender.logback.FirehoseAppender;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
 * One op: {@code logger.info(FORMAT, ARG)} through Logback's own API, two MDC entries, on the application thread,
 * with each appender at its defaults. {@code firehose}: ours, shipping to firehose-local on loopback in this JVM;
 * {@code async}: Logback's AsyncAppender over a no-op appender; {@code console}: ConsoleAppender + JsonEncoder to a
 * null stream (the FireLens path's cost in the application); {@code file}: FileAppender + JsonEncoder to a temp file.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class LogbackAppend {
    @Param({"firehose", "async", "console", "file"})
    public String appender;

    LoggerContext context;
    Logger logger;
    LocalFirehose local;
    FirehoseAppender firehose;
    LogbackSetups.CountingNoOp noOp;
    AsyncAppender async;
    Path file;
    final Acceptance acceptance = new Acceptance();

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        context = LogbackSetups.newContext("bench-" + appender);
        switch (appender) {
            case "firehose":
                local = new LocalFirehose(Workload.STREAM);
                firehose = LogbackSetups.firehose(context, local.endpoint(), Workload.STREAM, Collections.emptyMap());
                break;
            case "async":
                noOp = new LogbackSetups.CountingNoOp();
                async = LogbackSetups.async(context, noOp);
                break;
            case "console":
                LogbackSetups.console(context);
                break;
            case "file":
                file = Files.createTempFile("logback-bench", ".log");
                LogbackSetups.file(context, file.toString());
                break;
            default:
                throw new IllegalArgumentException(appender);
        }
        logger = context.getLogger(Workload.LOGGER);
    }

    /** Keeps the temp file small: the appender writes in append mode, so it carries on at the new end. */
    @TearDown(Level.Iteration)
    public void truncateFile() throws IOException {
        if (file != null) {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                ch.truncate(0);
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        long kept;
        switch (appender) {
            case "firehose":
                DeliveryStats s = firehose.getStats();
                kept = s.appended() - s.dropped();
                break;
            case "async":
                async.stop();
                kept = noOp.received.sum();
                break;
            default:
                kept = acceptance.calls();
        }
        acceptance.report("logback", appender, kept);
        context.stop();
        if (local != null) {
            local.close();
        }
        if (file != null) {
            Files.deleteIfExists(file);
        }
    }

    /** The calling thread's MDC (two entries) and its call counter. */
    @State(Scope.Thread)
    public static class Caller {
        Acceptance.Calls calls;

        @Setup(Level.Trial)
        public void setUp(LogbackAppend bench) {
            bench.context.getMDCAdapter().put(Workload.MDC_KEY_1, Workload.MDC_VALUE_1);
            bench.context.getMDCAdapter().put(Workload.MDC_KEY_2, Workload.MDC_VALUE_2);
            calls = bench.acceptance.register();
        }
    }

    @Benchmark
    public void info(Caller caller) {
        logger.info(Workload.FORMAT, Workload.ARG);
        caller.calls.n++;
    }
}
