package io.github.firehoseappender.log4j2;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.firehoseappender.core.stats.DeliveryStats;
import io.github.firehoseappender.testkit.LocalFirehoseServer;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.ThreadContext;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The buffer's memory bound is only as good as each event's estimate: it must be close to what a buffered snapshot
 * really keeps on the heap (formatted text, ThreadContext, throwable and its frames, the objects around them), and a
 * snapshot must not keep what the application passed as arguments. Measured as the growth of the used heap, after
 * full GCs, while many snapshots are held: what one snapshot retains, averaged.
 */
@Timeout(120)
class BufferedEventHeapTest {
    private static final String STREAM = "app-logs";
    private static final String[] KEYS = {"request_id", "tenant", "user_id", "span", "route"};
    private static final String TEXT = "abcdefghijklmnopqrstuvwxyz0123456789 ".repeat(120);

    @RegisterExtension
    final LocalFirehoseServer local = new LocalFirehoseServer(STREAM);
    private final Log4j2Driver driver = new Log4j2Driver();

    @AfterEach
    void stopDriver() {
        driver.close();
    }

    @Test
    void estimateIsWithinAQuarterOfWhatABufferedSnapshotHoldsOnTheHeap() {
        Holding holding = logThroughHolding();
        Logger logger = driver.context().getLogger("com.example.orders.PaymentService");
        Measured mix = measure(holding, 20_000, i -> logMixed(logger, i));
        Measured typical = measure(holding, 20_000, i -> logTypical(logger, i));
        System.out.printf("bytes per buffered event: realistic mix %s; ~300-char message, 2 context entries %s%n",
                mix, typical);
        assertThat(mix.ratio()).as("estimate/actual over the mix: %s", mix).isBetween(0.75, 1.25);
        assertThat(typical.ratio()).as("estimate/actual, 300-char message + 2 entries: %s", typical)
                .isBetween(0.75, 1.25);
    }

    @Test
    void eventsHoldingOneMegabyteArgumentsKeepTheHeapSmall() {
        driver.configure(Map.of("deliveryStream", STREAM, "endpoint", local.endpoint().toString(), "region",
                "us-east-1", "jmx", "false", "maxBatchDelay", "1 minute", "bufferSize", "64MiB"), Map.of(), null);
        Logger logger = driver.context().getLogger("com.example.Uploads");
        // Once the client is built (one event delivered by a flush), the sender drains only when woken (a flush, a
        // full batch, the one-minute timer): the events logged next wait in the buffer as snapshots. The client's
        // build, when it ended in the middle of the 300, woke the sender and let it take those logged so far.
        logger.info("client ready");
        assertThat(driver.flush(Duration.ofSeconds(30)).isCompleted()).as("the first event delivered").isTrue();
        // Each argument watched through a weak reference: whether any is still reachable says whether a buffered
        // snapshot keeps it, whatever else the heap holds (other tests' leftovers made a heap-growth measure flaky).
        List<java.lang.ref.WeakReference<Blob>> arguments = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            Blob blob = new Blob(i);
            arguments.add(new java.lang.ref.WeakReference<>(blob));
            logger.info("stored {}", blob);
        }
        // In the async-loggers fork an event waits in Log4j2's ring, arguments and all, until its consumer hands it
        // to us: look once it has.
        driver.awaitHandedOver(Duration.ofSeconds(30));
        usedHeapAfterGc();
        List<Integer> reachable = new ArrayList<>();
        for (int i = 0; i < arguments.size(); i++) {
            if (arguments.get(i).get() != null) {
                reachable.add(i);
            }
        }
        // The buffer is first in, first out and nothing was appended since: the last `buffered` events were in it,
        // as snapshots, throughout the check above (the sender may only have taken more of the oldest meanwhile).
        long buffered = driver.stats().bufferDepthEvents();
        assertThat(buffered).as("events still buffered (the batch delay is a minute): enough to look at")
                .isGreaterThanOrEqualTo(2);
        // None of the buffered events' arguments is reachable, but perhaps the last one's, which Log4j2's reusable
        // message of this thread may still hold; an event the sender took holds only its encoded line.
        int firstBuffered = (int) (300 - buffered);
        assertThat(reachable).as("1 MB arguments still reachable while events %d to 299 are buffered", firstBuffered)
                .allMatch(i -> i == 299);
        assertThat(driver.flush(Duration.ofSeconds(30)).isCompleted()).isTrue();
        assertThat(local.lines(STREAM)).hasSize(301).filteredOn(line -> !line.contains("\"message\":\"client ready"))
                .hasSize(300).allMatch(line -> line.contains("\"message\":\"stored blob-"));
    }

    /** An argument whose text is short and whose payload is 1 MB. */
    private static final class Blob {
        private final byte[] payload = new byte[1024 * 1024];
        private final int id;

        Blob(int id) {
            this.id = id;
            payload[0] = (byte) id;
        }

        @Override
        public String toString() {
            return "blob-" + id;
        }
    }

    /** Mostly short lines, some of about 300 chars, a few of 2,000; 0 to 5 ThreadContext entries; one in 8 failed. */
    private static void logMixed(Logger logger, int i) {
        int entries = i % 6;
        for (int k = 0; k < entries; k++) {
            ThreadContext.put(KEYS[k], KEYS[k].charAt(0) + "-" + Integer.toHexString(i * 31 + k) + "-" + i);
        }
        try {
            int kind = i % 10;
            if (i % 8 == 0) {
                logger.error("charge {} failed for order {}", i, "o-" + i, failure(i));
            } else if (kind < 5) {
                logger.info("order {} placed", i);
            } else if (kind < 9) {
                logger.info("payment {} accepted: {}", i, TEXT.substring(0, 260 + kind));
            } else {
                logger.warn("slow response {} body {}", i, TEXT.substring(0, 2_000));
            }
        } finally {
            ThreadContext.clearMap();
        }
    }

    /** A line of about 300 chars with two ThreadContext entries. */
    private static void logTypical(Logger logger, int i) {
        ThreadContext.put("request_id", "req-" + Integer.toHexString(i * 7919) + "-" + i);
        ThreadContext.put("tenant", "tenant-" + (i % 100));
        try {
            logger.info("payment {} accepted: {}", i, TEXT.substring(0, 278));
        } finally {
            ThreadContext.clearMap();
        }
    }

    private static Throwable failure(int i) {
        return new IllegalStateException("card of order " + i + " declined",
                new java.io.IOException("gateway answered 502 after " + i + " ms"));
    }

    /** Per event: the used heap grown while {@code count} snapshots are held, and their estimates. */
    private Measured measure(Holding holding, int count, java.util.function.IntConsumer log) {
        holding.reset(count);
        for (int i = 0; i < 2_000; i++) {
            log.accept(i); // loads and compiles what logging needs before the baseline
        }
        driver.awaitHandedOver(Duration.ofSeconds(30)); // async loggers: every event reached the appender
        holding.reset(count);
        long before = usedHeapAfterGc();
        for (int i = 0; i < count; i++) {
            log.accept(i);
        }
        driver.awaitHandedOver(Duration.ofSeconds(30));
        long after = usedHeapAfterGc();
        assertThat(holding.held).hasSize(count);
        return new Measured((after - before) / (double) count, holding.estimated / (double) count);
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 4; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** A root logger writing to a {@link Holding} appender, configured from log4j2.xml text. */
    private Holding logThroughHolding() {
        driver.configureFromText("<Configuration status=\"WARN\"><Loggers><Root level=\"INFO\"/></Loggers>"
                + "</Configuration>");
        Configuration configuration = driver.context().getConfiguration();
        Holding holding = new Holding();
        holding.start();
        configuration.addAppender(holding);
        configuration.getRootLogger().addAppender(holding, null, null);
        driver.context().updateLoggers();
        return holding;
    }

    /**
     * Keeps each event of the test's thread (other threads, such as firehose-local's, log to the root logger too) as
     * the Firehose appender buffers it: the snapshot, its estimate taken as append takes it.
     */
    private static final class Holding extends AbstractAppender {
        private final long owner = Thread.currentThread().getId();
        private List<LogEvent> held = new ArrayList<>();
        private long estimated;

        Holding() {
            super("HOLDING", null, null, true, Property.EMPTY_ARRAY);
        }

        void reset(int capacity) {
            held = new ArrayList<>(capacity);
            estimated = 0;
        }

        @Override
        public void append(LogEvent event) {
            if (event.getThreadId() != owner) {
                return;
            }
            LogEvent snapshot = EventSnapshot.of(event, false, null);
            estimated += Log4j2EventSize.estimate(snapshot);
            held.add(snapshot);
        }
    }

    private static final class Measured {
        final double actualBytes;
        final double estimatedBytes;

        Measured(double actualBytes, double estimatedBytes) {
            this.actualBytes = actualBytes;
            this.estimatedBytes = estimatedBytes;
        }

        double ratio() {
            return estimatedBytes / actualBytes;
        }

        @Override
        public String toString() {
            return String.format("heap %.0f B, estimate %.0f B (ratio %.2f)", actualBytes, estimatedBytes, ratio());
        }
    }
}
