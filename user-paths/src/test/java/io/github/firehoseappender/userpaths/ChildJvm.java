package io.github.firehoseappender.userpaths;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM with a clean environment (only what is given, plus PATH and HOME), its stdout read line by line so the
 * test can wait for the app's announcements, its stderr written to a file (a pipe read at exit can lose its last
 * lines: the JDK closes it under the reader; read as ISO-8859-1, which never fails). {@link #close()} kills it if it is still running.
 */
final class ChildJvm implements AutoCloseable {
    private static final String END = new String("end of stdout"); // identity-compared sentinel

    private final Process process;
    private final BlockingQueue<String> announcements = new LinkedBlockingQueue<>();
    private final List<String> stdout = Collections.synchronizedList(new ArrayList<>());
    private final Path stderr;
    private final Thread stdoutReader;

    private ChildJvm(Process process, Path stderr) {
        this.process = process;
        this.stderr = stderr;
        this.stdoutReader = reader(process.getInputStream(), stdout, announcements);
    }

    static ChildJvm start(List<String> command, Map<String, String> environment, Path workDir) {
        Path stderr = workDir.resolve("stderr.txt");
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectError(stderr.toFile());
        Map<String, String> env = builder.environment();
        String path = env.get("PATH");
        String home = env.get("HOME");
        env.clear(); // no AWS_* or FIREHOSE_* of the build machine leaks in
        if (path != null) {
            env.put("PATH", path);
        }
        if (home != null) {
            env.put("HOME", home);
        }
        env.putAll(environment);
        try {
            return new ChildJvm(builder.start(), stderr);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    /** Waits for the next stdout line starting with {@code prefix}, skipping others; fails at the deadline or EOF. */
    String awaitLine(String prefix, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            String line = left <= 0 ? null : announcements.poll(left, TimeUnit.NANOSECONDS);
            if (line == null) {
                throw new AssertionError("the child did not print " + prefix + " within " + timeout.toSeconds()
                        + " s" + transcript());
            }
            if (line == END) {
                announcements.add(END);
                throw new AssertionError("the child ended its stdout before printing " + prefix + " (exit code "
                        + exitCodeOrRunning() + ")" + transcript());
            }
            if (line.startsWith(prefix)) {
                return line;
            }
        }
    }

    /** Writes one line to the child's stdin. */
    void send(String line) {
        try {
            OutputStream in = process.getOutputStream();
            in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to the child" + transcript(), e);
        }
    }

    /** SIGTERM on Linux. */
    void terminate() {
        process.destroy();
    }

    /** SIGKILL on Linux (the JDK's destroyForcibly; the exit code, 128 + 9 = 137, shows it): no hook, no finally runs. */
    void kill() {
        process.destroyForcibly();
    }

    /** Waits for the exit, then for both streams to be read to the end; false when still running at the deadline. */
    boolean awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            return false;
        }
        stdoutReader.join(5_000);
        return true;
    }

    int exitCode() {
        return process.exitValue();
    }

    /** Every line the child wrote to stdout so far (all of them once {@link #awaitExit} returned true). */
    List<String> stdout() {
        synchronized (stdout) {
            return new ArrayList<>(stdout);
        }
    }

    /** What the child wrote to stderr so far. */
    List<String> stderr() {
        try {
            return Files.readAllLines(stderr, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the child's stderr at " + stderr, e);
        }
    }

    /** The last lines of both streams, for failure messages. */
    String transcript() {
        return "\n--- child stdout (last 15 lines) ---\n" + String.join("\n", tail(stdout, 15))
                + "\n--- child stderr (last 25 lines) ---\n" + String.join("\n", tail(stderr(), 25));
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        stdoutReader.join(5_000);
    }

    private String exitCodeOrRunning() {
        return process.isAlive() ? "still running" : String.valueOf(process.exitValue());
    }

    private static List<String> tail(List<String> lines, int n) {
        synchronized (lines) {
            return new ArrayList<>(lines.subList(Math.max(0, lines.size() - n), lines.size()));
        }
    }

    private static Thread reader(InputStream stream, List<String> kept, BlockingQueue<String> announcements) {
        Thread thread = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    kept.add(line);
                    announcements.add(line);
                }
            } catch (IOException e) {
                kept.add("[user-paths] reading the child's stdout failed: " + e);
            } finally {
                announcements.add(END);
            }
        }, "child-stdout");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
