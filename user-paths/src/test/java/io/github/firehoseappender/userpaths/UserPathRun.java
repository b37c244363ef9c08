package io.github.firehoseappender.userpaths;

import io.github.firehoseappender.testkit.LocalFirehoseServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Runs one {@link UserPath}: writes the config file into a fresh directory, starts the app in a child JVM that has only
 * that directory, the app's classes and the user's dependencies on its classpath, and the environment a user sets;
 * drives the outage (if any) and the stop; then reads back from firehose-local what was delivered, records a row of
 * the table, and fails with every broken expectation at once:
 * <ul>
 *   <li>every id delivered (unless the case is lossy: then missing ids = drops counted);</li>
 *   <li>duplicates only where the appender counted possible duplicates;</li>
 *   <li>no line of the AWS SDK or of a {@code firehose-*} thread shipped;</li>
 *   <li>any loss shown by a line on the child's stderr.</li>
 * </ul>
 */
final class UserPathRun {
    static final String STREAM = "app-logs";
    /** A line on stderr that tells a user who configured nothing that logs were lost. */
    static final Pattern LOSS_LINE = Pattern.compile("(?i).*firehose.*(drop|lost|undeliver|discard).*");

    /** The ids an app logs while it shuts down, as the apps' Workload defines them (not on this classpath). */
    private static final int SHUTDOWN_IDS_FROM = 1_000_000;
    private static final int SHUTDOWN_IDS = 100;
    /** The ids the {@code restart} workload logs (the apps' Workload again). */
    static final int RESTART_IDS_FROM = 2_000_000;
    static final int RESTART_IDS = 1_000;
    private static final Duration LOGGING_TIMEOUT = Duration.ofSeconds(120);
    /** shutdownTimeout (10 s by default) plus the JVM's own exit. */
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(30);

    private UserPathRun() {
    }

    static void run(UserPath path, LocalFirehoseServer local, Path workDir) throws InterruptedException {
        assertClasspath(path.app());
        ChildOutcome child;
        try {
            child = runChild(path, local, workDir);
        } catch (AssertionError e) {
            ResultsTable.record(path.label(), "–", "–", "–", -1, "FAIL: " + summary(List.of(e.getMessage())));
            throw e;
        }
        List<String> problems = new ArrayList<>(child.problems());
        AppenderStats stats = child.stats();
        Delivered delivered = Delivered.from(local.lines(STREAM));
        List<Integer> expected = expectedIds(path, child.logged());
        List<Integer> missing = delivered.missing(expected);
        int duplicated = delivered.duplicatedIds();
        String statsText = stats == null ? "(no stats on this path)" : stats.text();

        if (path.lossy()) {
            if (stats != null && missing.size() != stats.dropped()) {
                problems.add(missing.size() + " ids missing but " + stats.dropped() + " drops counted: a loss the"
                        + " counters do not explain; appender stats: " + statsText);
            }
            if (missing.isEmpty()) {
                problems.add("no id was lost: the outage did not overflow the small buffer, so this case proves"
                        + " nothing about visible loss");
            }
        } else if (!missing.isEmpty()) {
            problems.add(missing.size() + " of " + expected.size() + " ids never reached Firehose (first: id-"
                    + missing.get(0) + ", last: id-" + missing.get(missing.size() - 1) + "); appender stats: "
                    + statsText);
        }
        if (!missing.isEmpty() && child.stderr().stream().noneMatch(line -> LOSS_LINE.matcher(line).matches())) {
            problems.add("the loss of " + missing.size() + " ids was invisible: no line on the child's stderr matches "
                    + LOSS_LINE.pattern() + "; stderr was:\n  " + String.join("\n  ", tail(child.stderr(), 20)));
        }
        if (duplicated > 0 && (stats == null || stats.possibleDuplicates() == 0)) {
            problems.add(duplicated + " ids were delivered more than once, none counted as a possible duplicate ("
                    + statsText + ")");
        }
        if (!delivered.internalLines.isEmpty()) {
            problems.add(delivered.internalLines.size() + " internal events were shipped (AWS SDK logger or firehose-*"
                    + " thread), e.g. " + delivered.internalLines.get(0));
        }

        ResultsTable.record(path.label(),
                String.format("%,d / %,d", expected.size() - missing.size(), expected.size()),
                duplicated + " (" + (stats == null ? "–" : String.valueOf(stats.possibleDuplicates())) + ")",
                stats == null ? "–" : stats.dropped() == 0 ? "0" : String.format("%,d %s", stats.dropped(),
                        stats.dropCauses()),
                child.stopMillis(),
                problems.isEmpty() ? "pass" : "FAIL: " + summary(problems));
        if (!problems.isEmpty()) {
            throw new AssertionError(path.label() + ":\n- " + String.join("\n- ", problems));
        }
    }

    /** What the child said and did: ids logged, stats (stop path only), stop time, stderr, and what went wrong. */
    private record ChildOutcome(int logged, AppenderStats stats, long stopMillis, List<String> stderr,
                                List<String> problems) {
    }

    /** Starts the app, drives the outage if any, stops it the case's way and waits for its exit. */
    private static ChildOutcome runChild(UserPath path, LocalFirehoseServer local, Path workDir)
            throws InterruptedException {
        Path configDir = writeConfig(path, workDir);
        List<String> problems = new ArrayList<>();
        try (ChildJvm child = ChildJvm.start(command(path, configDir), environment(path, local), workDir)) {
            if (path.workload().equals("outage")) {
                child.awaitLine("OUTAGE-BEGIN", LOGGING_TIMEOUT);
                local.faults().outage(true);
                child.send("GO");
                child.awaitLine("OUTAGE-END", LOGGING_TIMEOUT);
                local.faults().outage(false);
                child.send("GO");
            }
            int logged = Integer.parseInt(child.awaitLine("LOGGED ", LOGGING_TIMEOUT).substring("LOGGED ".length()));
            AppenderStats stats = null;
            long stopMillis = -1;
            long stopStart;
            switch (path.stop()) {
                case STOP:
                    String stopped = child.awaitLine("STOPPED ms=", EXIT_TIMEOUT);
                    stopMillis = Long.parseLong(stopped.substring("STOPPED ms=".length()));
                    stats = AppenderStats.parse(child.awaitLine("STATS ", EXIT_TIMEOUT));
                    stopStart = System.nanoTime();
                    break;
                case SIGTERM:
                    child.awaitLine("AWAITING-SIGTERM", EXIT_TIMEOUT);
                    stopStart = System.nanoTime();
                    child.terminate();
                    break;
                default:
                    child.awaitLine("EXITING", EXIT_TIMEOUT);
                    stopStart = System.nanoTime();
                    break;
            }
            if (!child.awaitExit(EXIT_TIMEOUT)) {
                problems.add("the child was still running " + EXIT_TIMEOUT.toSeconds() + " s after it was told to stop"
                        + child.transcript());
            } else {
                if (path.stop() != UserPath.Stop.STOP) {
                    stopMillis = (System.nanoTime() - stopStart) / 1_000_000;
                }
                int expectedExit = path.stop() == UserPath.Stop.SIGTERM ? 143 : 0;
                if (child.exitCode() != expectedExit) {
                    problems.add("the child exited with " + child.exitCode() + ", expected " + expectedExit
                            + child.transcript());
                }
            }
            return new ChildOutcome(logged, stats, stopMillis, child.stderr(), problems);
        }
    }

    private static List<Integer> expectedIds(UserPath path, int logged) {
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < logged; i++) {
            ids.add(i);
        }
        if (path.logsOnShutdown()) {
            for (int i = 0; i < SHUTDOWN_IDS; i++) {
                ids.add(SHUTDOWN_IDS_FROM + i);
            }
        }
        return ids;
    }

    /** The first line of each problem, shortened, for the table. */
    private static String summary(List<String> problems) {
        List<String> parts = new ArrayList<>();
        for (String problem : problems) {
            String first = problem.split("[\n;]", 2)[0];
            parts.add(first.length() > 110 ? first.substring(0, 110) + "…" : first);
        }
        return String.join("; ", parts);
    }

    private static void assertClasspath(UserApp app) {
        List<String> problems = app.classpathProblems();
        if (!problems.isEmpty()) {
            throw new AssertionError("the child classpath is not a user's: " + problems);
        }
    }

    static Path writeConfig(UserPath path, Path workDir) {
        Path configDir = workDir.resolve("config");
        try (InputStream in = UserPathRun.class.getResourceAsStream("/user-configs/" + path.configResource())) {
            if (in == null) {
                throw new IllegalArgumentException("no config resource user-configs/" + path.configResource());
            }
            Files.createDirectories(configDir);
            Files.write(configDir.resolve(path.app().configName), in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return configDir;
    }

    static List<String> command(UserPath path, Path configDir) {
        List<String> classpath = new ArrayList<>();
        classpath.add(configDir.toString());
        classpath.add(path.app().classes().toString());
        classpath.addAll(path.app().dependencies());
        List<String> command = new ArrayList<>();
        command.add(path.javaHome().resolve("bin").resolve("java").toString());
        command.add("-Xmx256m");
        command.add("-XX:+UseSerialGC");
        command.addAll(path.jvmFlags());
        command.add("-cp");
        command.add(String.join(java.io.File.pathSeparator, classpath));
        command.add(path.app().mainClass);
        command.add(path.workload());
        command.add(path.stop().argument);
        return command;
    }

    /**
     * What a user exports: the stream, the endpoint (firehose-local), the region and keys firehose-local accepts, and
     * what the case adds (a role to assume, say).
     */
    static Map<String, String> environment(UserPath path, LocalFirehoseServer local) {
        Map<String, String> variables = new HashMap<>(Map.of(
                "FIREHOSE_DELIVERY_STREAM", STREAM,
                "FIREHOSE_ENDPOINT", local.endpoint().toString(),
                "FIREHOSE_REGION", "us-east-1",
                "AWS_REGION", "us-east-1",
                "AWS_ACCESS_KEY_ID", "test-key",
                "AWS_SECRET_ACCESS_KEY", "test-secret"));
        variables.putAll(path.environment());
        return variables;
    }

    private static List<String> tail(List<String> lines, int n) {
        return lines.subList(Math.max(0, lines.size() - n), lines.size());
    }
}
