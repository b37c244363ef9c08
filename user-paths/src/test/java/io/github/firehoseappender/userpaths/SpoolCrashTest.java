package io.github.firehoseappender.userpaths;

import io.github.firehoseappender.testkit.LocalFirehoseServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code kill -9} with a spool (issue 13), the way a user runs it: a Logback app (SLF4J API, a logback.xml with our
 * appender and {@code <spoolDirectory>}, every other option at its default) logs numbered events at 2,000/s against
 * firehose-local and is killed with SIGKILL at a seeded random moment, some of them during an outage (every call
 * answered 503). The test then reads what the dead process left on its spool with the core's {@code Spool} (nothing
 * acknowledged), restarts the same app on the same directory with firehose-local up, stops it with
 * {@code LoggerContext.stop()}, and checks:
 * <ul>
 *   <li>every event that reached the spool or Firehose before the kill is delivered once the restarted app stops;</li>
 *   <li>duplicates only from the call in flight at the kill: the spool's oldest frame, at most one call's events;</li>
 *   <li>the restarted app's stats count exactly the spooled events as replayed, and its own events as delivered.</li>
 * </ul>
 * What was logged but had reached neither the spool nor Firehose (the events still in memory: the buffer and the
 * call being packed) is lost by a kill, by design; each run reports how many.
 *
 * <p>{@value #RUNS_PROPERTY} (default 3) runs, every other one during an outage; {@value #SEED_PROPERTY} (default 13)
 * seeds the kill points. {@code user-paths/spool-crash.sh} runs 20 and puts the table in docs/RELIABILITY.md.
 */
class SpoolCrashTest {
    static final String RUNS_PROPERTY = "spool-crash.runs";
    static final String SEED_PROPERTY = "spool-crash.seed";
    private static final int RATE = 2_000;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern REPLAYED = Pattern.compile("replayedEvents=(\\d+)");
    private static final Pattern REPLAY_LOST = Pattern.compile("replayLostEvents=(\\d+)");
    private static final Pattern CALLS_RETRIED = Pattern.compile("callsRetried=(\\d+)");
    private static final Pattern ENTRIES_RETRIED = Pattern.compile("entriesRetried=(\\d+)");

    @RegisterExtension
    final LocalFirehoseServer local = new LocalFirehoseServer(UserPathRun.STREAM);
    @TempDir
    Path workDir;

    /**
     * Where each run kills the app, in events it has logged (so a loaded machine shifts the moment, not the
     * outcome's meaning): 1,000 to 8,000 events (0.5 to 4 s); in an outage run the outage starts after 600 to 3,000
     * events and lasts 4,000 to 30,000 more (2 to 15 s) until the kill.
     */
    record KillPoint(int run, long seed, int outageAtEvent, int killAtEvent) {
        boolean outage() {
            return outageAtEvent >= 0;
        }

        @Override
        public String toString() {
            return String.format("run %d (seed %d): kill after %,d events%s", run, seed, killAtEvent, outage()
                    ? String.format(", outage from event %,d", outageAtEvent) : "");
        }
    }

    static Stream<KillPoint> killPoints() {
        int runs = Integer.getInteger(RUNS_PROPERTY, 3);
        long seed = Long.getLong(SEED_PROPERTY, 13);
        System.out.println("[spool-crash] " + runs + " runs, seed " + seed + " (-D" + SEED_PROPERTY + "=" + seed
                + " repeats them)");
        Random random = new Random(seed);
        List<KillPoint> points = new ArrayList<>();
        for (int i = 1; i <= runs; i++) {
            if (i % 2 == 0) {
                int outageAt = 600 + random.nextInt(2_400);
                points.add(new KillPoint(i, seed, outageAt, outageAt + 4_000 + random.nextInt(26_000)));
            } else {
                points.add(new KillPoint(i, seed, -1, 1_000 + random.nextInt(7_000)));
            }
        }
        return points.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("killPoints")
    void everyEventThatReachedTheSpoolOrFirehoseBeforeKill9IsDeliveredAfterRestart(KillPoint point)
            throws Exception {
        Path spoolDir = workDir.resolve("firehose-spool").toAbsolutePath();
        UserPath crash = UserPath.of("crash", UserApp.LOGBACK, "logback-spool.xml", "crash", UserPath.Stop.STOP)
                .withEnvironment("APP_SPOOL_DIR", spoolDir.toString());
        UserPath restart = UserPath.of("restart", UserApp.LOGBACK, "logback-spool.xml", "restart",
                UserPath.Stop.STOP).withEnvironment("APP_SPOOL_DIR", spoolDir.toString());
        Path configDir = UserPathRun.writeConfig(crash, workDir);
        List<String> problems = new ArrayList<>();

        // 1. Log until the kill point, the outage (if any) on from its own point; then SIGKILL.
        long killAfterMillis;
        int logged;
        Path crashDir = java.nio.file.Files.createDirectories(workDir.resolve("crashed"));
        try (ChildJvm child = ChildJvm.start(UserPathRun.command(crash, configDir),
                UserPathRun.environment(crash, local), crashDir)) {
            child.awaitLine("LOGGING", START_TIMEOUT);
            long started = System.nanoTime();
            Duration loggingTimeout = Duration.ofMillis(point.killAtEvent() * 1000L / RATE * 3 + 60_000);
            if (point.outage()) {
                awaitLogged(child, point.outageAtEvent(), loggingTimeout);
                local.faults().outage(true);
            }
            awaitLogged(child, point.killAtEvent(), loggingTimeout);
            child.kill();
            killAfterMillis = (System.nanoTime() - started) / 1_000_000;
            if (!child.awaitExit(EXIT_TIMEOUT)) {
                throw new AssertionError("the child still ran " + EXIT_TIMEOUT.toSeconds() + " s after SIGKILL");
            }
            if (child.exitCode() != 137) {
                problems.add("the killed child exited with " + child.exitCode() + ", not 137 (SIGKILL)");
            }
            logged = lastProgress(child.stdout());
        }

        // 2. What reached the spool: every frame, none acknowledged.
        SpoolContents spooled = SpoolContents.read(spoolDir);
        local.faults().outage(false);

        // 3. The same app again, on the same spool, stopped the user's way.
        String statsText;
        AppenderStats stats;
        Path restartDir = java.nio.file.Files.createDirectories(workDir.resolve("restarted"));
        try (ChildJvm child = ChildJvm.start(UserPathRun.command(restart, configDir),
                UserPathRun.environment(restart, local), restartDir)) {
            child.awaitLine("LOGGED ", START_TIMEOUT);
            child.awaitLine("STOPPED ms=", EXIT_TIMEOUT);
            statsText = child.awaitLine("STATS ", EXIT_TIMEOUT);
            stats = AppenderStats.parse(statsText);
            if (!child.awaitExit(EXIT_TIMEOUT)) {
                problems.add("the restarted child still ran " + EXIT_TIMEOUT.toSeconds() + " s after it stopped"
                        + child.transcript());
            } else if (child.exitCode() != 0) {
                problems.add("the restarted child exited with " + child.exitCode() + child.transcript());
            }
        }
        Delivered after = Delivered.from(local.lines(UserPathRun.STREAM));

        // 4. The checks. What the killed process delivered is what firehose-local holds beyond what the restarted
        // one sent: the restarted app sends each spooled frame and each of its own events exactly once (asserted
        // below from its stats: replayed = spooled, no retry). A snapshot taken right after the kill would miss the
        // call in flight, which firehose-local may still be taking in when the client is already dead.
        Set<Integer> spooledIds = spooled.ids();
        Map<Integer, Integer> byKilled = new java.util.HashMap<>();
        for (Map.Entry<Integer, Integer> e : after.idCounts.entrySet()) {
            int id = e.getKey();
            int sentByRestart = spooledIds.contains(id) || id >= UserPathRun.RESTART_IDS_FROM ? 1 : 0;
            if (e.getValue() > sentByRestart) {
                byKilled.put(id, e.getValue() - sentByRestart);
            }
        }
        int deliveredByKilled = 0;
        for (int n : byKilled.values()) {
            deliveredByKilled += n;
        }
        Set<Integer> reached = new TreeSet<>(spooledIds);
        reached.addAll(byKilled.keySet());
        List<Integer> missing = new ArrayList<>();
        for (int id : reached) {
            if (!after.idCounts.containsKey(id)) {
                missing.add(id);
            }
        }
        if (!missing.isEmpty()) {
            problems.add(missing.size() + " events that reached the spool or Firehose before the kill were never "
                    + "delivered (first id-" + missing.get(0) + ", last id-" + missing.get(missing.size() - 1) + ")");
        }
        List<Integer> restartMissing = new ArrayList<>();
        for (int i = 0; i < UserPathRun.RESTART_IDS; i++) {
            if (!after.idCounts.containsKey(UserPathRun.RESTART_IDS_FROM + i)) {
                restartMissing.add(UserPathRun.RESTART_IDS_FROM + i);
            }
        }
        if (!restartMissing.isEmpty()) {
            problems.add(restartMissing.size() + " of the restarted app's own " + UserPathRun.RESTART_IDS
                    + " events were not delivered");
        }
        Set<Integer> duplicated = new TreeSet<>();
        for (Map.Entry<Integer, Integer> e : after.idCounts.entrySet()) {
            if (e.getValue() > 1) {
                duplicated.add(e.getKey());
            }
        }
        Set<Integer> inFlight = spooled.frames().isEmpty() ? Set.of() : spooled.frames().get(0);
        Set<Integer> beyondInFlight = new TreeSet<>(duplicated);
        beyondInFlight.removeAll(inFlight);
        if (!beyondInFlight.isEmpty()) {
            problems.add(beyondInFlight.size() + " ids arrived twice that were not in the call in flight at the kill "
                    + "(the spool's oldest frame, " + inFlight.size() + " events), e.g. id-"
                    + beyondInFlight.iterator().next());
        }
        for (Map.Entry<Integer, Integer> e : after.idCounts.entrySet()) {
            if (e.getValue() > 2) {
                problems.add("id-" + e.getKey() + " arrived " + e.getValue() + " times");
                break;
            }
        }
        long replayed = number(REPLAYED, statsText);
        long replayLost = number(REPLAY_LOST, statsText);
        if (replayed != spooled.events()) {
            problems.add("the restarted app counted " + replayed + " events replayed, the spool held "
                    + spooled.events());
        }
        if (replayLost != 0) {
            problems.add("the restarted app counted " + replayLost + " replayed events lost");
        }
        if (number(CALLS_RETRIED, statsText) != 0 || number(ENTRIES_RETRIED, statsText) != 0
                || stats.possibleDuplicates() != 0) {
            problems.add("the restarted app retried (so who delivered what cannot be told apart): " + statsText);
        }
        if (stats.delivered() != stats.appended() || stats.dropped() != 0) {
            problems.add("the restarted app did not deliver exactly its own events: " + stats.text());
        }
        if (point.outage() && spooled.events() == 0) {
            problems.add("killed during an outage with nothing on the spool: this run proves nothing");
        }
        if (!spooled.corrupt().isEmpty()) {
            System.out.println("[spool-crash] " + point + ": the spool reported " + spooled.corrupt());
        }

        Set<Integer> lostInMemory = new HashSet<>();
        for (int id = 0; id < logged; id++) {
            if (!reached.contains(id)) {
                lostInMemory.add(id);
            }
        }
        int deliveredAfter = after.lines - deliveredByKilled;
        SpoolCrashTable.record(point.run(), String.format("| %d | %,d | %s | %,d | %,d / %,d | %,d | %,d | %,d | %d "
                        + "| %,d (in-flight call: %,d events) | %,d | %s |",
                point.run(), killAfterMillis,
                point.outage() ? String.format("%,d events before", point.killAtEvent() - point.outageAtEvent()) : "–",
                logged, spooled.frames().size(), spooled.events(), deliveredByKilled, deliveredAfter,
                lostInMemory.size(), missing.size(), duplicated.size(), inFlight.size(), replayed,
                problems.isEmpty() ? "pass" : "FAIL: " + String.join("; ", problems).replace("|", "/")));
        System.out.println("[spool-crash] " + point + ": killed after " + killAfterMillis + " ms, logged " + logged
                + ", on spool " + spooled.events() + " in " + spooled.frames().size() + " frames, delivered by it "
                + deliveredByKilled + ", by the restarted app " + deliveredAfter + ", lost in memory " + lostInMemory.size()
                + ", missing " + missing.size() + ", duplicate ids " + duplicated.size() + "; restarted: " + statsText);
        if (!problems.isEmpty()) {
            throw new AssertionError(point + ":\n- " + String.join("\n- ", problems));
        }
    }

    /** Reads the child's progress lines until it has logged at least {@code events}. */
    private static void awaitLogged(ChildJvm child, int events, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            String line = child.awaitLine("AT ", Duration.ofNanos(Math.max(1, left)));
            if (Integer.parseInt(line.substring(3)) >= events) {
                return;
            }
        }
    }

    /** The highest {@code AT <n>} the child printed: ids 0..n-1 were logged at least. */
    private static int lastProgress(List<String> stdout) {
        int last = 0;
        for (String line : stdout) {
            if (line.startsWith("AT ")) {
                last = Math.max(last, Integer.parseInt(line.substring(3)));
            }
        }
        return last;
    }

    private static long number(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        if (!m.find()) {
            throw new AssertionError("no " + pattern.pattern() + " in " + text);
        }
        return Long.parseLong(m.group(1));
    }
}
