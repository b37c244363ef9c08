package io.github.firehoseappender.log4j2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.firehoseappender.core.FlushResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.Marker;
import org.apache.logging.log4j.MarkerManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.Property;
import org.apache.logging.log4j.core.jmx.RingBufferAdmin;

/**
 * The scenario behind "a flush covers what was logged before it, not what other threads log meanwhile", for any async
 * logger setup: three threads log before and during the flush of 1,000 events logged by a fourth. The
 * ring's consumer is held at a PAUSE event logged just before the flush until the flush waits, then at the
 * {@value #HOLD_AT}th event logged during the flush until the flush has returned: the ring is never empty while the
 * flush runs.
 *
 * <p>Why not the first event logged during the flush: Log4j2's ring consumer publishes how far it got only every 50
 * events (or at the end of a batch). Held right after the flush's position, it would never say it passed it, and the
 * flush would rightly wait until its deadline. Past 50 events it has said so; a real appender is never held for good.
 */
final class FlushWhileLogging {
    private static final Marker PAUSE = MarkerManager.getMarker("PAUSE");
    private static final Marker DURING_FLUSH = MarkerManager.getMarker("DURING_FLUSH");
    private static final Pattern BEFORE = Pattern.compile("\"message\":\"before flush (\\d+)\"");
    private static final int BEFORE_EVENTS = 1_000;
    private static final int NOISE_THREADS = 3;
    /** Per noise thread, logged before the flush (fewer if the flush starts first) and during it. */
    private static final int NOISE_BEFORE = 400;
    private static final int NOISE_DURING = 300;
    /** The most events the scenario logs: noise before and during, the first noise lines, the events and PAUSE. */
    private static final int MOST_EVENTS = NOISE_THREADS * (NOISE_BEFORE + NOISE_DURING + 1) + BEFORE_EVENTS + 1;
    /** More than the 50 events after which Log4j2's consumer publishes its progress. */
    private static final int HOLD_AT = 60;

    private FlushWhileLogging() {
    }

    /** Runs it on the driver's configured context, whose root logger ends in the Firehose appender. */
    static void flushReturnsOnceEarlierEventsAreDelivered(Log4j2Driver driver, RingBufferAdmin ring,
                                                        Supplier<List<String>> deliveredLines) throws Exception {
        CountDownLatch flushWaiting = new CountDownLatch(1);
        CountDownLatch flushReturned = new CountDownLatch(1);
        Configuration configuration = driver.context().getConfiguration();
        HoldingBack holdingBack = new HoldingBack(flushWaiting, flushReturned);
        holdingBack.start();
        configuration.addAppender(holdingBack);
        configuration.getRootLogger().addAppender(holdingBack, null, null);
        driver.context().updateLoggers();

        // Everything this scenario logs fits in the ring (4,096 events by default in Log4j2's garbage-free mode), so
        // it never fills. A full ring is Log4j2's queue-full path, not ours, and with Disruptor 4.0.0 Log4j 2.26.1
        // loses events there before any appender sees them: a producer waiting for room has already claimed its slot
        // (Disruptor 4 claims first), the remaining capacity reads negative, and Log4j2 takes that for "shut down" and
        // discards the next events (EventRoute.DISCARD). This test once filled the ring and lost 287 of its events so.
        assertThat(ring.getBufferSize()).as("the ring holds all %d events of the scenario", MOST_EVENTS)
                .isGreaterThan(MOST_EVENTS);
        CountDownLatch flushStarted = new CountDownLatch(1);
        List<Thread> noise = new ArrayList<>();
        Logger noiseLogger = driver.context().getLogger("noise");
        CountDownLatch noiseFlowing = new CountDownLatch(NOISE_THREADS);
        try {
            for (int t = 0; t < NOISE_THREADS; t++) {
                Thread thread = new Thread(() -> {
                    noiseLogger.info("noise before the flush");
                    noiseFlowing.countDown();
                    for (int i = 0; i < NOISE_BEFORE && flushStarted.getCount() > 0; i++) {
                        noiseLogger.info("noise before the flush {}", i);
                    }
                    try {
                        if (!flushStarted.await(60, TimeUnit.SECONDS)) {
                            return;
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    for (int i = 0; i < NOISE_DURING; i++) {
                        noiseLogger.info(DURING_FLUSH, "noise during the flush {}", i);
                    }
                }, "noise-" + t);
                noise.add(thread);
                thread.start();
            }
            assertThat(noiseFlowing.await(30, TimeUnit.SECONDS)).isTrue();
            Logger app = driver.context().getLogger("com.example.Orders");
            for (int i = 0; i < BEFORE_EVENTS; i++) {
                app.info("before flush {}", i);
            }
            app.info(PAUSE, "the consumer waits here until the flush waits");

            FlushResult[] result = new FlushResult[1];
            long[] flushMillis = new long[1];
            Thread flusher = new Thread(() -> {
                long start = System.nanoTime();
                // Long enough for a loaded machine to deliver ~7,000 events; a flush that wrongly waited for an empty
                // ring would still end at this deadline, not completed (the ring is held non-empty until it returns).
                result[0] = driver.appender().flush(Duration.ofSeconds(60));
                flushMillis[0] = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            }, "flusher");
            flusher.start();
            // The flush has read the ring's position once it waits in AsyncLoggerQueues (it cannot get further: the
            // consumer is held at PAUSE); what other threads log from now on comes after that position.
            try {
                await().atMost(Duration.ofSeconds(30)).until(() -> waitsIn(flusher, "AsyncLoggerQueues"));
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                throw new AssertionError("the flush never waited in AsyncLoggerQueues: flusher " + flusher.getState()
                        + ", its result " + result[0] + ", consumer held at PAUSE: " + holdingBack.paused
                        + ", stack " + java.util.Arrays.toString(flusher.getStackTrace()) + threads(ring), e);
            }
            flushStarted.countDown();
            // Released once the first events logged during the flush are queued behind PAUSE, so the consumer meets
            // them right after the flush's position and the ring never runs empty.
            await().atMost(Duration.ofSeconds(30)).until(() -> queued(ring) > 1);
            flushWaiting.countDown();
            flusher.join(TimeUnit.SECONDS.toMillis(90));
            long queuedAfter = queued(ring);
            flushReturned.countDown();

            assertThat(result[0]).as("flush returned").isNotNull();
            assertThat(result[0].isCompleted()).as("%s after %d ms; consumer held at PAUSE: %s%s", result[0],
                    flushMillis[0], holdingBack.paused, threads(ring)).isTrue();
            assertThat(queuedAfter).as("the ring was not empty when the flush returned").isPositive();
            Set<Integer> delivered = new HashSet<>();
            for (String line : deliveredLines.get()) {
                Matcher m = BEFORE.matcher(line);
                if (m.find()) {
                    delivered.add(Integer.parseInt(m.group(1)));
                }
            }
            assertThat(delivered).as("events logged before the flush, delivered when it returned; %s; seen by a plain"
                    + " appender: %s%s", driver.stats(), holdingBack.beforeSeen, threads(ring)).hasSize(BEFORE_EVENTS);
        } finally {
            flushStarted.countDown();
            flushWaiting.countDown();
            flushReturned.countDown();
            for (Thread t : noise) {
                t.join(TimeUnit.SECONDS.toMillis(30));
            }
        }
    }

    /** What the ring and the threads of the scenario are doing, for a failure's message. */
    private static String threads(RingBufferAdmin ring) {
        StringBuilder text = new StringBuilder("; ring size ").append(ring.getBufferSize()).append(", queued ")
                .append(queued(ring));
        for (java.util.Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
            String name = e.getKey().getName();
            if (name.contains("Log4j2") || name.contains("firehose") || name.startsWith("noise")) {
                text.append("\n  ").append(name).append(' ').append(e.getKey().getState());
                StackTraceElement[] frames = e.getValue();
                for (int i = 0; i < Math.min(frames.length, 25); i++) {
                    text.append("\n    at ").append(frames[i]);
                }
            }
        }
        return text.toString();
    }

    private static long queued(RingBufferAdmin ring) {
        return ring.getBufferSize() - ring.getRemainingCapacity();
    }

    private static boolean waitsIn(Thread thread, String className) {
        if (thread.getState() != Thread.State.TIMED_WAITING) {
            return false;
        }
        for (StackTraceElement frame : thread.getStackTrace()) {
            if (frame.getClassName().endsWith(className)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Holds the ring's consumer at the PAUSE event until the flush waits, and at the {@value #HOLD_AT}th event logged
     * during the flush until the flush has returned.
     */
    private static final class HoldingBack extends AbstractAppender {
        private final CountDownLatch flushWaiting;
        private final CountDownLatch flushReturned;
        final java.util.concurrent.atomic.AtomicInteger beforeSeen = new java.util.concurrent.atomic.AtomicInteger();
        volatile boolean paused;
        private int duringFlush;

        HoldingBack(CountDownLatch flushWaiting, CountDownLatch flushReturned) {
            super("HOLDING_BACK", null, null, true, Property.EMPTY_ARRAY);
            this.flushWaiting = flushWaiting;
            this.flushReturned = flushReturned;
        }

        @Override
        public void append(LogEvent event) {
            if (event.getMessage().getFormattedMessage().startsWith("before flush")) {
                beforeSeen.incrementAndGet();
            }
            Marker marker = event.getMarker();
            CountDownLatch until = marker == null ? null : marker.isInstanceOf(PAUSE) ? flushWaiting
                    : marker.isInstanceOf(DURING_FLUSH) && ++duringFlush == HOLD_AT ? flushReturned : null;
            if (until == flushWaiting) {
                paused = true;
            }
            if (until == null) {
                return;
            }
            try {
                until.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
