package io.github.firehoseappender.benchmarks;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import io.github.firehoseappender.core.stats.DeliveryStats;
import io.github.firehoseappender.logback.FirehoseAppender;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * The harnesses that are not micro-benchmarks, each printing a Markdown table (and appending it to
 * {@code $BENCH_RESULTS/<name>.md} when set). All drive our Logback appender with its defaults into firehose-local
 * on loopback in this JVM.
 *
 * <pre>
 * java -cp benchmarks.jar io.github.firehoseappender.benchmarks.Harness throughput THREADS SECONDS [MIB_PER_S [WIRE [tls]]]
 * java -cp benchmarks.jar io.github.firehoseappender.benchmarks.Harness spool-cpu SECONDS MIB_PER_S off|interval|batch [SPOOL_PARENT]
 * java -cp benchmarks.jar io.github.firehoseappender.benchmarks.Harness cost SECONDS
 * java -cp benchmarks.jar io.github.firehoseappender.benchmarks.Harness outage SECONDS [EVENTS_PER_S]
 * java -cp benchmarks.jar io.github.firehoseappender.benchmarks.Harness spool-outage SECONDS EVENTS_PER_S SPOOL_SIZE [SPOOL_PARENT [OPTION=VALUE...]]
 * </pre>
 */
public final class Harness {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

    private Harness() {
    }

    public static void main(String[] args) throws Exception {
        Locale.setDefault(Locale.ROOT);
        switch (args.length == 0 ? "" : args[0]) {
            case "throughput":
                throughput(Integer.parseInt(args[1]), Double.parseDouble(args[2]),
                        args.length > 3 ? Double.parseDouble(args[3]) : 0, args.length > 4 ? args[4] : null,
                        args.length > 5 && tls(args[5]));
                break;
            case "spool-cpu":
                spoolCpu(Double.parseDouble(args[1]), Double.parseDouble(args[2]), args[3],
                        Paths.get(args.length > 4 ? args[4] : "benchmarks/target/spool"));
                break;
            case "cost":
                cost(Double.parseDouble(args[1]));
                break;
            case "outage":
                outage(Double.parseDouble(args[1]), args.length > 2 ? Integer.parseInt(args[2]) : 50_000);
                break;
            case "spool-outage":
                Map<String, String> extra = new LinkedHashMap<>();
                for (int i = 5; i < args.length; i++) {
                    String[] kv = args[i].split("=", 2);
                    extra.put(kv[0], kv[1]);
                }
                SpoolOutage.run(Double.parseDouble(args[1]), Integer.parseInt(args[2]), args[3],
                        Paths.get(args.length > 4 ? args[4] : "benchmarks/target/spool"), extra);
                break;
            default:
                System.err.println("usage: Harness throughput THREADS SECONDS [MIB_PER_S [sdk|direct [tls]]]"
                        + " | spool-cpu SECONDS MIB_PER_S off|interval|batch [SPOOL_PARENT] | cost SECONDS"
                        + " | outage SECONDS [EVENTS_PER_S] | spool-outage SECONDS EVENTS_PER_S SPOOL_SIZE [SPOOL_PARENT [OPTION=VALUE...]]");
                System.exit(2);
        }
        System.exit(0);
    }

    // ---------------------------------------------------------------------------------------------------- throughput

    /**
     * {@code threads} application threads log the {@link Workload} event for {@code seconds} (after a warm-up of a
     * third of that), as fast as they can ({@code mibPerSecond} 0) or paced in 1 ms bursts to that many MiB/s of
     * lines. {@code wire} ({@code sdk} or {@code direct}), when given, sets the appender's {@code wire} option; the
     * row then goes to {@code wire.md} and also says what the sender thread allocated per event. With {@code tls}
     * the appender talks HTTPS to firehose-local (a self-signed certificate made for the run, trusted through
     * {@code javax.net.ssl.trustStore}): the sender's CPU then includes the client's side of TLS, and the run prints
     * the protocol and cipher suite firehose-local saw ({@code TLS negotiated ...}).
     */
    static void throughput(int threads, double seconds, double mibPerSecond, String wire, boolean tls) throws Exception {
        if (wire == null) {
            throughput(threads, seconds, mibPerSecond, Collections.emptyMap(), null, null, tls);
        } else {
            throughput(threads, seconds, mibPerSecond, Collections.singletonMap("wire", wire), "wire",
                    tls ? wire + " over TLS" : wire, tls);
        }
    }

    private static boolean tls(String arg) {
        if (!arg.equals("tls")) {
            throw new IllegalArgumentException("'" + arg + "' after WIRE: only tls is known there");
        }
        return true;
    }

    /**
     * The spool's cost (issue 13): the throughput run with {@code spoolDirectory} in a fresh folder under
     * {@code spoolParent} and {@code spoolSync} as given, or without a spool ({@code off}); one app thread. The row
     * goes to {@code spool-cpu.md}, with what the sender allocated per event and the spool's depth at the end.
     */
    static void spoolCpu(double seconds, double mibPerSecond, String sync, Path spoolParent) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        Path dir = null;
        if (!sync.equals("off")) {
            Files.createDirectories(spoolParent);
            dir = Files.createTempDirectory(spoolParent, "spool-cpu-");
            options.put("spoolDirectory", dir.toString());
            options.put("spoolSync", sync);
        }
        try {
            throughput(1, seconds, mibPerSecond, options, "spool-cpu", sync, false);
        } finally {
            if (dir != null) {
                try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
                    for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toArray(Path[]::new)) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        }
    }

    /**
     * One throughput run with {@code options} set as in logback.xml; with a {@code table}, the row goes there (not to
     * {@code throughput.md}) behind a first column holding {@code label}, plus the sender's allocation per event;
     * {@code tls}: over HTTPS.
     */
    static void throughput(int threads, double seconds, double mibPerSecond, Map<String, String> options,
                           String table, String label, boolean tls) throws Exception {
        try (LocalFirehose local = tls ? LocalFirehose.overTls(Workload.STREAM) : new LocalFirehose(Workload.STREAM)) {
            LoggerContext context = LogbackSetups.newContext("throughput");
            FirehoseAppender appender = LogbackSetups.firehose(context, local.endpoint(), Workload.STREAM, options);
            Logger logger = context.getLogger(Workload.LOGGER);
            Thread sender = thread("firehose-sender-FIREHOSE");
            double[] eventsPerSecondPerThread = {mibPerSecond <= 0 ? 0 : mibPerSecond * 1048576 / 430 / threads};
            RunFlags flags = new RunFlags();
            List<Thread> app = new ArrayList<>();
            long[] loggingNanos = new long[threads];
            for (int i = 0; i < threads; i++) {
                int id = i;
                Thread t = new Thread(() -> {
                    context.getMDCAdapter().put(Workload.MDC_KEY_1, Workload.MDC_VALUE_1);
                    context.getMDCAdapter().put(Workload.MDC_KEY_2, Workload.MDC_VALUE_2);
                    long next = System.nanoTime();
                    double owed = 0;
                    while (!flags.stop) {
                        double rate = eventsPerSecondPerThread[0];
                        if (rate <= 0) {
                            long s = System.nanoTime();
                            for (int j = 0; j < 100; j++) {
                                logger.info(Workload.FORMAT, Workload.ARG);
                            }
                            if (flags.measuring) {
                                loggingNanos[id] += System.nanoTime() - s;
                            }
                            continue;
                        }
                        next += 1_000_000;
                        owed += rate / 1000;
                        int burst = (int) owed;
                        owed -= burst;
                        long s = System.nanoTime();
                        for (int j = 0; j < burst; j++) {
                            logger.info(Workload.FORMAT, Workload.ARG);
                        }
                        if (flags.measuring) {
                            loggingNanos[id] += System.nanoTime() - s;
                        }
                        long wait = next - System.nanoTime();
                        if (wait > 0) {
                            LockSupport.parkNanos(wait);
                        }
                    }
                }, "app-" + i);
                t.setDaemon(true);
                app.add(t);
            }
            LatencyFromCounters latency = new LatencyFromCounters();
            long warmupNanos = (long) (seconds / 3 * 1e9);
            long windowNanos = (long) (seconds * 1e9);
            long start = System.nanoTime();
            app.forEach(Thread::start);
            long peakHeap = 0;
            DeliveryStats atStart = null;
            DeliveryStats atEnd = null;
            long senderAlloc0 = 0, senderAlloc1 = 0;
            long written0 = 0, written1 = 0;
            long senderCpu0 = 0, senderCpu1 = 0, appCpu0 = 0, appCpu1 = 0, procCpu0 = 0, procCpu1 = 0;
            long t0 = 0, t1 = 0;
            int tick = 0;
            while (true) {
                long now = System.nanoTime();
                DeliveryStats s = appender.getStats();
                latency.sample(now, s.appended() - s.dropped(), s.delivered());
                if (++tick % 10 == 0) {
                    peakHeap = Math.max(peakHeap, MEMORY.getHeapMemoryUsage().getUsed());
                }
                if (atStart == null && now - start >= warmupNanos) {
                    if (mibPerSecond > 0 && s.delivered() > 0) {
                        double lineBytes = (double) s.bytesSent() / s.delivered();
                        eventsPerSecondPerThread[0] = mibPerSecond * 1048576 / lineBytes / threads;
                    }
                    atStart = s;
                    t0 = now;
                    senderCpu0 = THREADS.getThreadCpuTime(sender.getId());
                    senderAlloc0 = allocated(sender);
                    written0 = writtenBytes();
                    appCpu0 = cpu(app);
                    procCpu0 = processCpu();
                    flags.measuring = true;
                } else if (atStart != null && now - t0 >= windowNanos) {
                    flags.measuring = false;
                    atEnd = s;
                    t1 = now;
                    senderCpu1 = THREADS.getThreadCpuTime(sender.getId());
                    senderAlloc1 = allocated(sender);
                    written1 = writtenBytes();
                    appCpu1 = cpu(app);
                    procCpu1 = processCpu();
                    break;
                }
                LockSupport.parkNanos(1_000_000);
            }
            flags.stop = true;
            for (Thread t : app) {
                t.join();
            }
            // Keep sampling while what was accepted in the window is delivered.
            Thread flusher = new Thread(() -> appender.flush(Duration.ofSeconds(60)), "flusher");
            flusher.start();
            while (flusher.isAlive()) {
                DeliveryStats s = appender.getStats();
                latency.sample(System.nanoTime(), s.appended() - s.dropped(), s.delivered());
                LockSupport.parkNanos(1_000_000);
            }
            DeliveryStats s = appender.getStats();
            latency.sample(System.nanoTime(), s.appended() - s.dropped(), s.delivered());
            context.stop();
            if (tls) {
                System.out.println("TLS negotiated (as firehose-local's HttpsServer saw it): "
                        + String.join(", ", local.local().negotiatedTls()) + "; certificate EC P-256, self-signed");
            }

            double secs = (t1 - t0) / 1e9;
            long delivered = atEnd.delivered() - atStart.delivered();
            long appended = atEnd.appended() - atStart.appended();
            long dropped = atEnd.dropped() - atStart.dropped();
            long bytes = atEnd.bytesSent() - atStart.bytesSent();
            double[] p = latency.percentilesMillis(atStart.appended() - atStart.dropped(),
                    atEnd.appended() - atEnd.dropped(), 0.5, 0.99, 0.999, 1.0);
            long senderCpu = senderCpu1 - senderCpu0;
            long appCpu = appCpu1 - appCpu0;
            long inLogging = 0;
            for (long l : loggingNanos) {
                inLogging += l;
            }
            String mode = mibPerSecond <= 0 ? "as fast as possible" : String.format("paced %.1f MiB/s", mibPerSecond);
            String row = String.format("| %d | %s | %,.0f | %.2f | %,d | %.1f %% | %.2f | %.2f | %.1f %% | %.2f | %.1f "
                            + "| %.0f | %.0f | %.0f | %.0f | %d |",
                    threads, mode, delivered / secs, bytes / secs / 1048576, appended, 100.0 * dropped / appended,
                    (double) inLogging / appended / 1000, (double) appCpu / appended / 1000,
                    100.0 * senderCpu / (t1 - t0), (double) senderCpu / delivered / 1000,
                    100.0 * ((procCpu1 - procCpu0) - appCpu - senderCpu) / (t1 - t0),
                    p[0], p[1], p[2], p[3], peakHeap >> 20);
            String header = "| app threads | load | delivered events/s | delivered MiB/s | appended "
                    + "| dropped | app µs/call (wall in logger.info) | app CPU µs/call | sender % of a core "
                    + "| sender CPU µs/event | rest of JVM % of a core (firehose-local, GC, JIT, sampler) "
                    + "| latency p50 ms | p99 ms | p99.9 ms | max ms | peak heap MiB |";
            String rule = "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|";
            if (table == null) {
                emit("throughput", header + "\n" + rule, row);
            } else if (table.equals("spool-cpu")) {
                emit(table, "| spool " + header + " sender B allocated/event | bytes written to storage/event "
                                + "(/proc/self/io) | on the spool at the window's end (events) |\n|---" + rule
                                + "---|---|---|",
                        "| " + label + " " + row + String.format(" %.0f | %.0f | %,d |",
                                (double) (senderAlloc1 - senderAlloc0) / delivered,
                                (double) (written1 - written0) / delivered,
                                atEnd.spool() == null ? 0 : atEnd.spool().depthEvents()));
            } else {
                emit(table, "| " + table + " " + header + " sender B allocated/event |\n|---" + rule + "---|",
                        "| " + label + " " + row + String.format(" %.0f |",
                                (double) (senderAlloc1 - senderAlloc0) / delivered));
            }
        }
    }

    /** Bytes this process caused to be written to storage so far ({@code write_bytes} of /proc/self/io), or -1. */
    private static long writtenBytes() {
        try {
            for (String line : Files.readAllLines(Paths.get("/proc/self/io"))) {
                if (line.startsWith("write_bytes:")) {
                    return Long.parseLong(line.substring("write_bytes:".length()).trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /** Bytes the thread allocated so far (HotSpot's ThreadMXBean), or 0 when the JVM does not say. */
    private static long allocated(Thread t) {
        if (THREADS instanceof com.sun.management.ThreadMXBean) {
            return ((com.sun.management.ThreadMXBean) THREADS).getThreadAllocatedBytes(t.getId());
        }
        return 0;
    }

    /** Mutable flags shared with the application threads. */
    private static final class RunFlags {
        volatile boolean stop;
        volatile boolean measuring;
    }

    private static long cpu(List<Thread> threads) {
        long sum = 0;
        for (Thread t : threads) {
            sum += THREADS.getThreadCpuTime(t.getId());
        }
        return sum;
    }

    private static long processCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static Thread thread(String name) {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals(name)) {
                return t;
            }
        }
        throw new IllegalStateException("no thread " + name);
    }

    // ---------------------------------------------------------------------------------------------------------- cost

    /**
     * Billable bytes (each record rounded up to 5 KiB) over event bytes, for 200-byte and 2 KB lines at 10 and
     * 1,000 events/s, aggregation on and off: eight appenders at once, each paced deterministically (one burst per
     * millisecond), for {@code seconds}; computed from what was actually sent.
     */
    static void cost(double seconds) throws Exception {
        int[] lineBytes = {200, 2000};
        int[] rates = {10, 1000};
        boolean[] aggregation = {true, false};
        List<String> streams = new ArrayList<>();
        for (int b : lineBytes) {
            for (int r : rates) {
                for (boolean a : aggregation) {
                    streams.add("cost-" + b + "-" + r + "-" + (a ? "agg" : "single"));
                }
            }
        }
        streams.add("calibrate");
        try (LocalFirehose local = new LocalFirehose(streams.toArray(new String[0]))) {
            int overhead = lineOverhead(local);
            List<Thread> runs = new ArrayList<>();
            Map<String, DeliveryStats> results = Collections.synchronizedMap(new LinkedHashMap<>());
            int i = 0;
            for (int b : lineBytes) {
                for (int r : rates) {
                    for (boolean a : aggregation) {
                        String stream = streams.get(i++);
                        String message = Workload.padded(b - overhead);
                        Thread t = new Thread(() -> results.put(stream, paced(local, stream, a, message, r, seconds)),
                                stream);
                        runs.add(t);
                        t.start();
                    }
                }
            }
            for (Thread t : runs) {
                t.join();
            }
            StringBuilder rows = new StringBuilder();
            for (String stream : streams.subList(0, streams.size() - 1)) {
                DeliveryStats s = results.get(stream);
                String[] parts = stream.split("-");
                rows.append(String.format("| %s B | %s/s | %s | %,d | %,d | %.0f | %,d | %,d | %.3f |%n",
                        parts[1], parts[2], parts[3].equals("agg") ? "on" : "off", s.delivered(), s.recordsSent(),
                        (double) s.bytesSent() / Math.max(1, s.delivered()), s.bytesSent(), s.billableBytes(),
                        (double) s.billableBytes() / Math.max(1, s.bytesSent())));
            }
            emit("cost", "| event (line) | rate | aggregation | events | records | bytes/event | event bytes "
                    + "| billable bytes | billable / event bytes |\n|---|---|---|---|---|---|---|---|---|",
                    rows.toString().trim());
        }
    }

    /** Bytes a line adds around its message (our JSON fields), measured by sending one event. */
    private static int lineOverhead(LocalFirehose local) {
        LoggerContext context = LogbackSetups.newContext("calibrate");
        FirehoseAppender appender = LogbackSetups.firehose(context, local.endpoint(), "calibrate",
                Collections.emptyMap());
        String message = Workload.padded(100);
        context.getLogger(Workload.LOGGER).info(message);
        appender.flush(Duration.ofSeconds(30));
        long bytes = appender.getStats().bytesSent();
        context.stop();
        return (int) bytes - message.length();
    }

    private static DeliveryStats paced(LocalFirehose local, String stream, boolean aggregation, String message,
                                       int eventsPerSecond, double seconds) {
        LoggerContext context = LogbackSetups.newContext(stream);
        FirehoseAppender appender = LogbackSetups.firehose(context, local.endpoint(), stream,
                Collections.singletonMap("aggregation", Boolean.toString(aggregation)));
        Logger logger = context.getLogger(Workload.LOGGER);
        long total = Math.round(eventsPerSecond * seconds);
        long start = System.nanoTime();
        for (long k = 0; k < total; k++) {
            long due = start + k * 1_000_000_000L / eventsPerSecond;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            logger.info(message);
        }
        appender.stop();
        DeliveryStats s = appender.getStats();
        context.stop();
        return s;
    }

    // -------------------------------------------------------------------------------------------------------- outage

    /**
     * firehose-local answers every call 503 for {@code seconds} while one thread logs {@code eventsPerSecond} (1 ms
     * bursts) through an appender with the default buffer; once a second, after a full GC, the heap still in use.
     */
    static void outage(double seconds, int eventsPerSecond) throws Exception {
        try (LocalFirehose local = new LocalFirehose(Workload.STREAM)) {
            local.local().faults().outage(true);
            LoggerContext context = LogbackSetups.newContext("outage");
            long baseline = retainedHeap();
            FirehoseAppender appender = LogbackSetups.firehose(context, local.endpoint(), Workload.STREAM,
                    Collections.emptyMap());
            Logger logger = context.getLogger(Workload.LOGGER);
            RunFlags flags = new RunFlags();
            Thread app = new Thread(() -> {
                context.getMDCAdapter().put(Workload.MDC_KEY_1, Workload.MDC_VALUE_1);
                context.getMDCAdapter().put(Workload.MDC_KEY_2, Workload.MDC_VALUE_2);
                long next = System.nanoTime();
                int perMilli = eventsPerSecond / 1000;
                while (!flags.stop) {
                    for (int j = 0; j < perMilli; j++) {
                        logger.info(Workload.FORMAT, Workload.ARG);
                    }
                    next += 1_000_000;
                    long wait = next - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                }
            }, "app-0");
            app.setDaemon(true);
            app.start();
            long maxRetained = 0;
            long start = System.nanoTime();
            StringBuilder timeline = new StringBuilder();
            DeliveryStats s = null;
            for (int second = 1; System.nanoTime() - start < seconds * 1e9; second++) {
                LockSupport.parkNanos(start + second * 1_000_000_000L - System.nanoTime());
                long retained = retainedHeap() - baseline;
                maxRetained = Math.max(maxRetained, retained);
                s = appender.getStats();
                timeline.append(String.format(" %d s: %.1f MiB;", second, retained / 1048576.0));
            }
            flags.stop = true;
            app.join();
            long bufferBytes = io.github.firehoseappender.core.config.DeliveryConfig.DEFAULT_BUFFER_SIZE;
            String row = String.format("| %.0f s | %,d/s | %,d | %,d | %.1f MiB | %,d | %.1f MiB | %.1f MiB | %.2f |",
                    seconds, eventsPerSecond, s.appended(), s.dropped(), bufferBytes / 1048576.0,
                    s.bufferDepthEvents(), s.bufferDepthBytes() / 1048576.0, maxRetained / 1048576.0,
                    (double) maxRetained / bufferBytes);
            emit("outage", "| outage | load | appended | dropped (counted) | bufferSize (default) | buffered events "
                    + "| buffered estimated bytes | max heap retained above baseline | retained / bufferSize |\n"
                    + "|---|---|---|---|---|---|---|---|---|", row);
            System.out.println("timeline (retained above baseline after GC):" + timeline);
            local.local().faults().outage(false);
            context.stop();
        }
    }

    private static long retainedHeap() {
        System.gc();
        System.gc();
        return MEMORY.getHeapMemoryUsage().getUsed();
    }

    // ------------------------------------------------------------------------------------------------------- output

    static void emit(String name, String header, String rows) throws IOException {
        System.out.println(header);
        System.out.println(rows);
        String dir = System.getenv("BENCH_RESULTS");
        if (dir == null || dir.isEmpty()) {
            return;
        }
        Path out = Paths.get(dir, name + ".md");
        Files.createDirectories(out.getParent());
        String text = (Files.exists(out) ? "" : header + "\n") + rows + "\n";
        Files.write(out, text.getBytes(StandardCharsets.UTF_8), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
