package io.github.firehoseappender.benchmarks;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import io.github.firehoseappender.core.stats.DeliveryStats;
import io.github.firehoseappender.core.stats.DropCause;
import io.github.firehoseappender.core.stats.SpoolStats;
import io.github.firehoseappender.logback.FirehoseAppender;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.concurrent.locks.LockSupport;

/**
 * A long outage with the spool on (issue 13): firehose-local answers every call 503 for {@code seconds} while one
 * thread logs {@code eventsPerSecond} realistic events ({@link Workload}, 1 ms bursts) through our Logback appender
 * with {@code spoolDirectory} and {@code spoolSize} set, everything else default; then the outage ends, the thread
 * keeps logging at the same rate until the spool is empty again (recovery), then stops and the appender stops.
 *
 * <p>Reports, in {@code spool-outage.md}: appended, delivered (the appender's count and, independently, the lines
 * firehose-local wrote to its data folder), drops by cause, what is left unaccounted ({@code appended - delivered -
 * dropped - pending}, which must be 0), the spool's peak depth, the used heap after a full GC (baseline before
 * logging, the largest during the outage, at its end) and the recovery time. The timeline goes to stdout.
 *
 * <pre>
 * java -Xms1g -Xmx1g -cp benchmarks.jar io.github.firehoseappender.benchmarks.Harness \
 *     spool-outage SECONDS EVENTS_PER_S SPOOL_SIZE [SPOOL_PARENT_DIR [OPTION=VALUE...]]
 * </pre>
 * Options after the folder are set as in logback.xml (e.g. {@code retryTimeout=1h}); the table's spoolSize column
 * then names them.
 */
final class SpoolOutage {
    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();
    /** Heap after GC is sampled this often; a full GC of a 1 GiB heap holding ~100 MiB takes tens of ms. */
    private static final long HEAP_SAMPLE_NANOS = 5_000_000_000L;
    /** After the outage, recovery gets at least this long to empty the spool before the run gives up on it. */
    private static final long MIN_RECOVERY_NANOS = 120_000_000_000L;

    private SpoolOutage() {
    }

    static void run(double seconds, int eventsPerSecond, String spoolSize, Path spoolParent,
                    Map<String, String> extraOptions) throws Exception {
        Files.createDirectories(spoolParent);
        Path spool = Files.createTempDirectory(spoolParent, "spool-outage-");
        try (LocalFirehose local = new LocalFirehose(Workload.STREAM)) {
            local.local().faults().outage(true);
            LoggerContext context = LogbackSetups.newContext("spool-outage");
            Map<String, String> options = new LinkedHashMap<>();
            options.put("spoolDirectory", spool.toString());
            options.put("spoolSize", spoolSize);
            options.putAll(extraOptions);
            FirehoseAppender appender = LogbackSetups.firehose(context, local.endpoint(), Workload.STREAM, options);
            long baseline = retainedHeap();
            Logger logger = context.getLogger(Workload.LOGGER);
            PacedLogger app = new PacedLogger(context, logger, eventsPerSecond);
            app.start();

            StringBuilder timeline = new StringBuilder();
            long start = System.nanoTime();
            long outageNanos = (long) (seconds * 1e9);
            long timelineEvery = Math.max(1_000_000_000L, outageNanos / 20 / 1_000_000_000L * 1_000_000_000L);
            long maxHeap = 0;
            long maxDepthBytes = 0;
            long maxDepthEvents = 0;
            long nextHeap = start + HEAP_SAMPLE_NANOS;
            long nextLine = start + timelineEvery;
            long heapAtOutageEnd;
            while (true) {
                long now = System.nanoTime();
                DeliveryStats s = appender.getStats();
                maxDepthBytes = Math.max(maxDepthBytes, s.spool().depthBytes());
                maxDepthEvents = Math.max(maxDepthEvents, s.spool().depthEvents());
                if (now - start >= outageNanos) {
                    heapAtOutageEnd = retainedHeap() - baseline;
                    maxHeap = Math.max(maxHeap, heapAtOutageEnd);
                    timeline.append(line(now - start, s, heapAtOutageEnd)).append(" (outage ends)\n");
                    break;
                }
                if (now - nextHeap >= 0) {
                    long heap = retainedHeap() - baseline;
                    maxHeap = Math.max(maxHeap, heap);
                    nextHeap += HEAP_SAMPLE_NANOS;
                    if (now - nextLine >= 0) {
                        timeline.append(line(now - start, s, heap)).append('\n');
                        nextLine += timelineEvery;
                    }
                } else if (now - nextLine >= 0) {
                    timeline.append(line(now - start, s, -1)).append('\n');
                    nextLine += timelineEvery;
                }
                LockSupport.parkNanos(100_000_000L);
            }
            DeliveryStats atOutageEnd = appender.getStats();
            local.local().faults().outage(false);

            long recoveryStart = System.nanoTime();
            long recoveryDeadline = recoveryStart + Math.max(MIN_RECOVERY_NANOS, outageNanos);
            long recovered = -1;
            long firstDelivery = -1;
            while (System.nanoTime() - recoveryDeadline < 0) {
                DeliveryStats rs = appender.getStats();
                SpoolStats sp = rs.spool();
                if (firstDelivery < 0 && rs.delivered() > atOutageEnd.delivered()) {
                    firstDelivery = System.nanoTime() - recoveryStart;
                }
                if (sp.depthEvents() == 0 && sp.pendingEvents() == 0) {
                    recovered = System.nanoTime() - recoveryStart;
                    break;
                }
                LockSupport.parkNanos(50_000_000L);
            }
            DeliveryStats atRecovery = appender.getStats();
            timeline.append(line(System.nanoTime() - start, atRecovery, -1)).append(recovered < 0
                    ? " (spool NOT empty at the recovery deadline)\n" : " (spool empty again)\n");
            app.stopAndJoin();
            appender.stop();
            DeliveryStats end = appender.getStats();
            context.stop();
            local.local().flush();
            long lines = deliveredLines(local.local().dataDir());

            long unaccounted = end.appended() - end.delivered() - end.dropped() - end.spool().pendingEvents();
            double recoverySeconds = recovered / 1e9;
            StringBuilder label = new StringBuilder(spoolSize);
            for (Map.Entry<String, String> o : extraOptions.entrySet()) {
                label.append(", ").append(o.getKey()).append('=').append(o.getValue());
            }
            long backlog = atOutageEnd.appended() - atOutageEnd.delivered() - atOutageEnd.dropped();
            String drops = end.droppedByCause().entrySet().stream().filter(e -> e.getValue() > 0)
                    .map(e -> String.format("%,d %s", e.getValue(), e.getKey())).collect(Collectors.joining(", "));
            String row = String.format("| %.0f s | %,d/s | %s | %,d | %,d | %,d | %s | %,d | %,d | %.1f MiB / %,d "
                            + "| %.1f / %.1f / %.1f MiB | %s | %,d |",
                    seconds, eventsPerSecond, label, end.appended(), end.delivered(), lines,
                    drops.isEmpty() ? "0" : drops, end.spool().pendingEvents(), unaccounted,
                    maxDepthBytes / 1048576.0, maxDepthEvents, baseline / 1048576.0,
                    (baseline + maxHeap) / 1048576.0, (baseline + heapAtOutageEnd) / 1048576.0,
                    recovered < 0 ? "not within " + (recoveryDeadline - recoveryStart) / 1_000_000_000L + " s"
                            : String.format("%.1f s: first call through after %.1f s (the retry's backoff), "
                                    + "then %,d events in %.1f s", recoverySeconds, firstDelivery / 1e9, backlog,
                                    (recovered - firstDelivery) / 1e9),
                    end.spool().replayLostEvents());
            Harness.emit("spool-outage", "| outage | load | spoolSize | appended | delivered (appender) "
                    + "| lines firehose-local wrote | dropped (counted, by cause) | left on spool at stop "
                    + "| appended − delivered − dropped − left | peak spool depth (data / events) "
                    + "| heap used after GC: before logging / max in outage / at outage end "
                    + "| recovery (until the spool is empty again) | replay lost |\n"
                    + "|---|---|---|---|---|---|---|---|---|---|---|---|---|", row);
            System.out.println("timeline (t, appended, delivered, dropped, spool data, spool events, buffer events,"
                    + " heap after GC above baseline):\n" + timeline);
            System.out.println("final stats: " + end);
        } finally {
            deleteTree(spool);
        }
    }

    private static String line(long nanos, DeliveryStats s, long heap) {
        return String.format("  %5.0f s: appended %,d, delivered %,d, dropped %,d, spool %.1f MiB / %,d events, "
                        + "buffer %,d events%s", nanos / 1e9, s.appended(), s.delivered(), s.dropped(),
                s.spool().depthBytes() / 1048576.0, s.spool().depthEvents(), s.bufferDepthEvents(),
                heap < 0 ? "" : String.format(", heap %.1f MiB", heap / 1048576.0));
    }

    /** Newlines in every object firehose-local delivered under its data folder: the events it received. */
    private static long deliveredLines(Path dataDir) throws IOException {
        long lines = 0;
        try (Stream<Path> files = Files.walk(dataDir)) {
            List<Path> regular = files.filter(Files::isRegularFile).collect(Collectors.toList());
            byte[] buf = new byte[1 << 16];
            for (Path p : regular) {
                try (InputStream in = Files.newInputStream(p)) {
                    int n;
                    while ((n = in.read(buf)) > 0) {
                        for (int i = 0; i < n; i++) {
                            if (buf[i] == '\n') {
                                lines++;
                            }
                        }
                    }
                }
            }
        }
        return lines;
    }

    private static long retainedHeap() {
        System.gc();
        System.gc();
        return MEMORY.getHeapMemoryUsage().getUsed();
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** One application thread logging the workload event at a fixed rate, in 1 ms bursts. */
    private static final class PacedLogger extends Thread {
        private final LoggerContext context;
        private final Logger logger;
        private final int eventsPerSecond;
        private volatile boolean stop;

        PacedLogger(LoggerContext context, Logger logger, int eventsPerSecond) {
            super("app-0");
            setDaemon(true);
            this.context = context;
            this.logger = logger;
            this.eventsPerSecond = eventsPerSecond;
        }

        @Override
        public void run() {
            context.getMDCAdapter().put(Workload.MDC_KEY_1, Workload.MDC_VALUE_1);
            context.getMDCAdapter().put(Workload.MDC_KEY_2, Workload.MDC_VALUE_2);
            long next = System.nanoTime();
            double owed = 0;
            while (!stop) {
                owed += eventsPerSecond / 1000.0;
                int burst = (int) owed;
                owed -= burst;
                for (int j = 0; j < burst; j++) {
                    logger.info(Workload.FORMAT, Workload.ARG);
                }
                next += 1_000_000;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
            }
        }

        void stopAndJoin() throws InterruptedException {
            stop = true;
            join();
        }
    }
}
