package io.github.firehoseappender.log4j2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.firehoseappender.core.FlushResult;
import io.github.firehoseappender.testkit.LocalFirehoseServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A flush covers what was logged before it, not what other threads log meanwhile: with async loggers
 * ({@code <AsyncRoot>}, {@code <AsyncLogger>}) it waits until the ring's consumer has handed over the events published
 * before the call, and returns, even while other threads keep the ring from ever being empty.
 */
@Timeout(120)
class AsyncLoggerFlushTest {
    private static final String STREAM = "app-logs";
    private static final Marker PAUSE = MarkerManager.getMarker("PAUSE");
    private static final Marker DURING_FLUSH = MarkerManager.getMarker("DURING_FLUSH");
    private static final Pattern BEFORE = Pattern.compile("\"message\":\"before flush (\\d+)\"");

    @RegisterExtension
    final LocalFirehoseServer local = new LocalFirehoseServer(STREAM);
    private final Log4j2Driver driver = new Log4j2Driver();
    private final List<Thread> noise = new ArrayList<>();
    private final CountDownLatch flushReturned = new CountDownLatch(1);
    private volatile boolean flushStarted;

    @AfterEach
    void stopNoiseAndDriver() throws InterruptedException {
        flushReturned.countDown();
        for (Thread t : noise) {
            t.join(TimeUnit.SECONDS.toMillis(30));
        }
        driver.close();
    }

    @Test
    void flushReturnsOnceEventsLoggedBeforeItAreDeliveredWhileOtherThreadsKeepLogging() throws Exception {
        driver.configureFromText("<Configuration status=\"WARN\">\n"
                + "  <Appenders><Firehose name=\"" + Log4j2Driver.APPENDER + "\" deliveryStream=\"" + STREAM
                + "\" endpoint=\"" + local.endpoint() + "\" region=\"us-east-1\" jmx=\"false\""
                + " shutdownHook=\"false\" maxBatchDelay=\"1 minute\" bufferSize=\"64MiB\"/></Appenders>\n"
                + "  <Loggers>\n"
                + "    <AsyncLogger name=\"noise\" level=\"INFO\"/>\n"
                + "    <AsyncRoot level=\"INFO\"><AppenderRef ref=\"" + Log4j2Driver.APPENDER + "\"/></AsyncRoot>\n"
                + "  </Loggers>\n</Configuration>\n");
        assertThat(driver.appenderStarted()).as("status errors: %s", driver.statusErrors()).isTrue();
        Configuration configuration = driver.context().getConfiguration();
        RingBufferAdmin ring = configuration.getAsyncLoggerConfigDelegate()
                .createRingBufferAdmin(driver.context().getName(), "noise");
        // The ring's consumer is held at a PAUSE event logged just before the flush until the flush is waiting, then
        // at the first event logged during the flush until the flush has returned: the ring is never empty meanwhile.
        CountDownLatch flushWaiting = new CountDownLatch(1);
        HoldingBack holdingBack = new HoldingBack(flushWaiting, flushReturned);
        holdingBack.start();
        configuration.addAppender(holdingBack);
        configuration.getRootLogger().addAppender(holdingBack, null, null);
        driver.context().updateLoggers();

        Logger noiseLogger = driver.context().getLogger("noise");
        CountDownLatch noiseFlowing = new CountDownLatch(3);
        for (int t = 0; t < 3; t++) {
            Thread thread = new Thread(() -> {
                noiseLogger.info("noise before the flush");
                noiseFlowing.countDown();
                int during = 0;
                while (during < 500) {
                    if (flushStarted) {
                        noiseLogger.info(DURING_FLUSH, "noise during the flush {}", during++);
                    } else {
                        noiseLogger.info("noise before the flush");
                    }
                }
            }, "noise-" + t);
            noise.add(thread);
            thread.start();
        }
        assertThat(noiseFlowing.await(30, TimeUnit.SECONDS)).isTrue();
        Logger app = driver.context().getLogger("com.example.Orders");
        int before = 1_000;
        for (int i = 0; i < before; i++) {
            app.info("before flush {}", i);
        }
        app.info(PAUSE, "the consumer waits here until the flush waits");

        FlushResult[] result = new FlushResult[1];
        long[] flushMillis = new long[1];
        Thread flusher = new Thread(() -> {
            long start = System.nanoTime();
            result[0] = driver.appender().flush(Duration.ofSeconds(10));
            flushMillis[0] = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        }, "flusher");
        flusher.start();
        // The flush has read the ring's position once it waits in AsyncLoggerQueues (it cannot get further: the
        // consumer is held at PAUSE); what other threads log from now on comes after that position.
        await().atMost(Duration.ofSeconds(30)).until(() -> waitsIn(flusher, "AsyncLoggerQueues"));
        flushStarted = true;
        flushWaiting.countDown();
        flusher.join(TimeUnit.SECONDS.toMillis(30));
        long queuedAfter = ring.getBufferSize() - ring.getRemainingCapacity();
        flushReturned.countDown();

        assertThat(result[0].isCompleted()).as("%s after %d ms", result[0], flushMillis[0]).isTrue();
        assertThat(flushMillis[0]).as("flush returned promptly, not at its deadline").isLessThan(8_000);
        assertThat(queuedAfter).as("the ring was not empty when the flush returned").isPositive();
        Set<Integer> delivered = new HashSet<>();
        for (String line : local.lines(STREAM)) {
            Matcher m = BEFORE.matcher(line);
            if (m.find()) {
                delivered.add(Integer.parseInt(m.group(1)));
            }
        }
        assertThat(delivered).as("events logged before the flush, delivered when it returned; %s", driver.stats())
                .hasSize(before);
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
     * Holds the ring's consumer at the PAUSE event until the flush waits, and at the first event logged during the
     * flush until the flush has returned.
     */
    private static final class HoldingBack extends AbstractAppender {
        private final CountDownLatch flushWaiting;
        private final CountDownLatch flushReturned;

        HoldingBack(CountDownLatch flushWaiting, CountDownLatch flushReturned) {
            super("HOLDING_BACK", null, null, true, Property.EMPTY_ARRAY);
            this.flushWaiting = flushWaiting;
            this.flushReturned = flushReturned;
        }

        @Override
        public void append(LogEvent event) {
            Marker marker = event.getMarker();
            CountDownLatch until = marker == null ? null : marker.isInstanceOf(PAUSE) ? flushWaiting
                    : marker.isInstanceOf(DURING_FLUSH) ? flushReturned : null;
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
