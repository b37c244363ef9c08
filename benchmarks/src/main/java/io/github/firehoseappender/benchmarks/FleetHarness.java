package io.github.firehoseappender.benchmarks;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import io.github.firehoseappender.core.stats.DeliveryStats;
import io.github.firehoseappender.local.StreamCounters;
import io.github.firehoseappender.logback.FirehoseAppender;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * A fleet past one stream's quota, against firehose-local holding every stream to a byte quota as Firehose does.
 * Each run logs the {@link Workload} event paced to an offered rate for a time, then stops the appender; tables on
 * stdout and in {@code $BENCH_RESULTS/fleet.md}.
 *
 * <pre>
 * java -cp benchmarks.jar io.github.firehoseappender.benchmarks.FleetHarness streams SECONDS
 *     one stream vs three (learning from throttling, then paced), each with a 1 MiB/s quota, 2.7 MiB/s offered,
 *     a 16 MiB buffer
 * java -cp benchmarks.jar io.github.firehoseappender.benchmarks.FleetHarness pacing SECONDS
 *     one stream with a 1 MiB/s quota, 1.5 MiB/s offered: learning from throttling vs client-side pacing
 * </pre>
 */
public final class FleetHarness {
    private static final long MIB = 1024 * 1024;
    private static final String[] THREE = {"fleet-1", "fleet-2", "fleet-3"};

    private FleetHarness() {
    }

    public static void main(String[] args) throws Exception {
        Locale.setDefault(Locale.ROOT);
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 30;
        List<Run> runs = new ArrayList<>();
        String title;
        switch (args.length == 0 ? "" : args[0]) {
            case "streams":
                title = "One appender past one stream's quota: streams with a 1 MiB/s byte quota each, 2.7 MiB/s offered"
                        + " (90 % of three quotas), bufferSize 16MiB, " + (int) seconds + " s";
                runs.add(run("1 stream", new String[] {THREE[0]}, 2.7, seconds, Map.of("bufferSize", "16MiB")));
                runs.add(run("3 streams", THREE, 2.7, seconds, Map.of("bufferSize", "16MiB")));
                runs.add(run("3 streams, maxBytesPerSecond=1000KiB", THREE, 2.7, seconds,
                        Map.of("bufferSize", "16MiB", "maxBytesPerSecond", "1000KiB")));
                break;
            case "pacing":
                title = "Client-side pacing: one stream with a 1 MiB/s byte quota, 1.5 MiB/s offered, " + (int) seconds
                        + " s";
                runs.add(run("learning from throttling (default)", new String[] {THREE[0]}, 1.5, seconds, Map.of()));
                runs.add(run("maxBytesPerSecond=1000KiB", new String[] {THREE[0]}, 1.5, seconds,
                        Map.of("maxBytesPerSecond", "1000KiB")));
                break;
            default:
                System.err.println("usage: FleetHarness streams|pacing [SECONDS]");
                System.exit(2);
                return;
        }
        String table = table(title, runs);
        System.out.print(table);
        String dir = System.getenv("BENCH_RESULTS");
        if (dir != null) {
            Path out = Paths.get(dir, "fleet.md");
            Files.write(out, table.getBytes(StandardCharsets.UTF_8), StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        }
        System.exit(0);
    }

    /** What one run measured, over the whole logging window (from the first event to stop). */
    private static final class Run {
        String label;
        double offeredMiBps;
        double deliveredMiBps;
        long appended;
        long delivered;
        long dropped;
        long throttledEntries;
        long throttledCalls;
        double seconds;
        Map<String, Long> bytesPerStream = new LinkedHashMap<>();
    }

    private static Run run(String label, String[] streams, double offeredMiBps, double seconds,
                           Map<String, String> options) throws Exception {
        try (LocalFirehose local = new LocalFirehose(streams)) {
            local.local().faults().byteQuota(MIB); // per stream, as Firehose's quota is
            LoggerContext context = LogbackSetups.newContext("fleet");
            FirehoseAppender appender = LogbackSetups.firehose(context, local.endpoint(), String.join(",", streams),
                    options);
            Logger logger = context.getLogger(Workload.LOGGER);
            context.getMDCAdapter().put(Workload.MDC_KEY_1, Workload.MDC_VALUE_1);
            context.getMDCAdapter().put(Workload.MDC_KEY_2, Workload.MDC_VALUE_2);
            // Measure the line size once, so the offered rate is in bytes of lines, as Firehose counts them.
            logger.info(Workload.FORMAT, Workload.ARG);
            appender.flush(Duration.ofSeconds(10));
            long lineBytes = Math.max(1, local.local().counters(streams[0]).acceptedBytes());
            double eventsPerSecond = offeredMiBps * MIB / lineBytes;

            long start = System.nanoTime();
            long end = start + (long) (seconds * 1e9);
            double owed = 0;
            long next = start;
            while (System.nanoTime() - end < 0) {
                next += 1_000_000;
                owed += eventsPerSecond / 1000;
                int burst = (int) owed;
                owed -= burst;
                for (int j = 0; j < burst; j++) {
                    logger.info(Workload.FORMAT, Workload.ARG);
                }
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            // What Firehose took during the window; stop then counts what is left (STOPPED) within its timeout.
            Run r = new Run();
            long acceptedBytes = 0;
            for (String s : streams) {
                StreamCounters c = local.local().counters(s);
                acceptedBytes += c.acceptedBytes();
                r.bytesPerStream.put(s, c.acceptedBytes());
            }
            r.label = label;
            r.offeredMiBps = offeredMiBps;
            r.seconds = elapsed;
            r.deliveredMiBps = (acceptedBytes - lineBytes) / (double) MIB / elapsed;
            for (String s : streams) {
                StreamCounters c = local.local().counters(s);
                r.throttledEntries += c.throttledEntries();
                r.throttledCalls += c.throttledCalls();
            }
            appender.stop();
            // A stop that timed out counts what is left once the sender's last call returns: wait for the books to
            // balance (appended = delivered + dropped) before reading them.
            DeliveryStats stats = appender.getStats();
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (stats.appended() != stats.delivered() + stats.dropped() && System.nanoTime() - deadline < 0) {
                LockSupport.parkNanos(50_000_000L);
                stats = appender.getStats();
            }
            r.appended = stats.appended();
            r.delivered = stats.delivered();
            r.dropped = stats.dropped();
            context.stop();
            return r;
        }
    }

    private static String table(String title, List<Run> runs) {
        StringBuilder b = new StringBuilder("### ").append(title).append("\n\n")
                .append("| run | offered MiB/s | delivered MiB/s during the window | throttled entries / min | "
                        + "throttled calls | dropped / appended | MiB taken per stream |\n|---|---|---|---|---|---|---|\n");
        for (Run r : runs) {
            StringBuilder split = new StringBuilder();
            for (Map.Entry<String, Long> e : r.bytesPerStream.entrySet()) {
                split.append(split.length() == 0 ? "" : " / ").append(String.format("%.1f", e.getValue() / (double) MIB));
            }
            b.append(String.format("| %s | %.2f | %.2f | %,.0f | %,d | %,d / %,d | %s |%n", r.label, r.offeredMiBps,
                    r.deliveredMiBps, r.throttledEntries / r.seconds * 60, r.throttledCalls, r.dropped, r.appended,
                    split));
        }
        return b.append('\n').toString();
    }
}
