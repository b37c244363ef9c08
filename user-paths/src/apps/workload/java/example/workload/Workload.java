package example.workload;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;

/**
 * What a user app logs, the same through every framework: events whose message starts {@code id-<n> } and is padded
 * to {@value #MESSAGE_CHARS} characters, so the parent can tell which arrived. The app talks to the parent test in
 * lines on stdout ({@code LOGGED 4000}, {@code OUTAGE-BEGIN}...) and, in the outage workload, waits for a line on stdin
 * before each phase, so the fault is on exactly while the middle phase logs.
 *
 * <ul>
 *   <li>{@code burst}: 50,000 events from 4 threads, as fast as they go, right at start;</li>
 *   <li>{@code steady}: 4,000 events at 2,000 events/s (2 s);</li>
 *   <li>{@code outage}: 1,000 events, then (fault on) 4,000, then (fault off) 1,000, each at 2,000 events/s.</li>
 *   <li>{@code crash}: ids from 0 at 2,000 events/s until the process is killed (at most {@value #CRASH_SECONDS} s),
 *   saying {@code LOGGING} before the first and {@code AT <n>} every {@value #PROGRESS_EVERY} events (ids 0..n-1
 *   logged), so a parent that kills it knows how far it got;</li>
 *   <li>{@code restart}: the same app started again after such a kill: {@value #RESTART_IDS} new events from
 *   {@link #RESTART_IDS_FROM} at 2,000 events/s.</li>
 * </ul>
 */
public final class Workload {
    /** Each message's length, so an event is about 300 bytes before JSON. */
    public static final int MESSAGE_CHARS = 300;
    /** Ids logged while the application shuts down (Spring's bean destruction) start here. */
    public static final int SHUTDOWN_IDS_FROM = 1_000_000;
    public static final int SHUTDOWN_IDS = 100;
    /** Ids the {@code restart} workload logs start here. */
    public static final int RESTART_IDS_FROM = 2_000_000;
    public static final int RESTART_IDS = 1_000;
    static final int CRASH_SECONDS = 600;
    static final int PROGRESS_EVERY = 20;

    private static final int BURST_THREADS = 4;
    private static final int BURST_PER_THREAD = 12_500;
    private static final int RATE_PER_SECOND = 2_000;
    private static final String PADDING = "x".repeat(MESSAGE_CHARS);

    /** Logs one INFO event with this message, on the calling thread. */
    public interface Sink {
        void info(String message);
    }

    /** Stops logging the framework's way and returns what the parent should see of the appender (its stats). */
    public interface Stopper {
        Object stop();
    }

    private Workload() {
    }

    /**
     * Runs the named workload, then says {@code LOGGED <n>}: ids 0..n-1 were logged ({@code restart}: n ids from
     * {@link #RESTART_IDS_FROM}).
     */
    public static void run(String name, Sink sink) throws InterruptedException {
        announce("LOGGED " + ids(name, sink));
    }

    /**
     * Ends the app as the parent asked: {@code stop} (through {@code stopper}, then says how long it took and the
     * stats), {@code close} (says {@code EXITING}, stops through {@code stopper}, returns), {@code exit} (says
     * {@code EXITING} and returns: the JVM's shutdown hooks stop logging) or {@code sigterm} (says so and waits).
     */
    public static void end(String how, Stopper stopper) throws InterruptedException {
        switch (how) {
            case "stop":
                long start = System.nanoTime();
                Object stats = stopper.stop();
                announce("STOPPED ms=" + (System.nanoTime() - start) / 1_000_000);
                announce("STATS " + stats);
                return;
            case "close":
                announce("EXITING");
                stopper.stop();
                return;
            case "exit":
                announce("EXITING");
                return;
            case "sigterm":
                announce("AWAITING-SIGTERM");
                new CountDownLatch(1).await();
                return;
            default:
                throw new IllegalArgumentException("unknown way to stop: " + how + "; use stop, close, exit or sigterm");
        }
    }

    private static int ids(String name, Sink sink) throws InterruptedException {
        switch (name) {
            case "burst":
                return burst(sink);
            case "steady":
                paced(sink, 0, 4_000);
                return 4_000;
            case "outage":
                BufferedReader parent = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
                paced(sink, 0, 1_000);
                handshake(parent, "OUTAGE-BEGIN");
                paced(sink, 1_000, 4_000);
                handshake(parent, "OUTAGE-END");
                paced(sink, 5_000, 1_000);
                return 6_000;
            case "crash":
                announce("LOGGING");
                return paced(sink, 0, CRASH_SECONDS * RATE_PER_SECOND, PROGRESS_EVERY);
            case "restart":
                paced(sink, RESTART_IDS_FROM, RESTART_IDS);
                return RESTART_IDS;
            default:
                throw new IllegalArgumentException("unknown workload " + name + "; use burst, steady, outage, crash"
                        + " or restart");
        }
    }

    /** Logs the ids of the shutdown phase ({@link #SHUTDOWN_IDS_FROM}...). */
    public static void shutdownLines(Sink sink) {
        for (int i = 0; i < SHUTDOWN_IDS; i++) {
            sink.info(message(SHUTDOWN_IDS_FROM + i));
        }
    }

    public static String message(int id) {
        String head = "id-" + id + " ";
        return head + PADDING.substring(head.length());
    }

    /** One line to the parent, flushed at once. */
    public static void announce(String line) {
        System.out.println(line);
        System.out.flush();
    }

    private static int burst(Sink sink) throws InterruptedException {
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < BURST_THREADS; t++) {
            int from = t * BURST_PER_THREAD;
            Thread thread = new Thread(() -> {
                for (int i = 0; i < BURST_PER_THREAD; i++) {
                    sink.info(message(from + i));
                }
            }, "burst-" + t);
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        return BURST_THREADS * BURST_PER_THREAD;
    }

    /** Logs ids from..from+count-1 at {@link #RATE_PER_SECOND}, each at its due time (pacing, not synchronisation). */
    private static void paced(Sink sink, int from, int count) {
        paced(sink, from, count, 0);
    }

    /** As above; with {@code progressEvery} > 0, says {@code AT <n>} each time n (a multiple of it) ids are logged. */
    private static int paced(Sink sink, int from, int count, int progressEvery) {
        long start = System.nanoTime();
        long interval = 1_000_000_000L / RATE_PER_SECOND;
        for (int i = 0; i < count; i++) {
            long due = start + i * interval;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            sink.info(message(from + i));
            if (progressEvery > 0 && (i + 1) % progressEvery == 0) {
                announce("AT " + (i + 1));
            }
        }
        return count;
    }

    private static void handshake(BufferedReader parent, String phase) {
        announce(phase);
        try {
            String answer = parent.readLine();
            if (!"GO".equals(answer)) {
                throw new IllegalStateException("parent answered " + answer + " to " + phase + ", expected GO");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
