package io.github.firehoseappender.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.firehoseappender.core.config.DeliveryConfig;
import io.github.firehoseappender.core.stats.DeliveryStats;
import io.github.firehoseappender.core.stats.DropCause;
import io.github.firehoseappender.local.FirehoseLocal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The spool through the whole delivery, over real HTTP against firehose-local: an outage longer than the memory
 * buffer loses nothing, a stop during an outage leaves its events on disk and the next start sends them first, a
 * full spool counts what it gives up, and a spool that cannot be used leaves delivery from memory intact.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SpoolDeliveryTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String LINE_PADDING = "x".repeat(200);

    @TempDir
    Path dir;

    private LocalDeliveries deliveries;
    private FirehoseLocal local;

    @BeforeEach
    void startLocal() {
        deliveries = new LocalDeliveries();
        local = deliveries.local;
    }

    @AfterEach
    void stopAll() {
        deliveries.close();
    }

    private DeliveryConfig.Builder config(Path spool) {
        return deliveries.config(Duration.ofMillis(50))
                .bufferSize(1024 * 1024)
                .spoolDirectory(spool == null ? null : spool.toString());
    }

    private FirehoseDelivery<String> start(DeliveryConfig.Builder config) {
        return deliveries.start(config);
    }

    /** Appends {@code count} events numbered from {@code from}, as fast as append takes them. */
    private static void log(FirehoseDelivery<String> d, int from, int count) {
        for (int i = from; i < from + count; i++) {
            d.append("event " + i + " " + LINE_PADDING);
        }
    }

    private Set<Integer> deliveredNumbers() {
        Set<Integer> numbers = new HashSet<>();
        for (String line : local.lines("logs")) {
            numbers.add(Integer.parseInt(line.substring("event ".length(), line.indexOf(' ', "event ".length()))));
        }
        return numbers;
    }

    private static Set<Integer> range(int from, int count) {
        Set<Integer> numbers = new HashSet<>();
        for (int i = from; i < from + count; i++) {
            numbers.add(i);
        }
        return numbers;
    }

    @Test
    void anOutageLongerThanTheMemoryBufferLosesNothingWithASpool() {
        local.faults().outage(true);
        FirehoseDelivery<String> d = start(config(dir.resolve("spool")));
        // About 10 MB of lines through a 1 MiB buffer while every call fails: memory alone would drop most of them.
        for (int batch = 0; batch < 40; batch++) {
            log(d, batch * 1_000, 1_000);
            await().atMost(WAIT).until(() -> d.stats().bufferDepthEvents() < 500);
        }
        DeliveryStats during = d.stats();
        assertThat(during.dropped()).as("%s", during).isZero();
        assertThat(during.spool().depthEvents()).as("%s", during).isPositive();

        local.faults().outage(false);
        assertThat(d.flush(WAIT).isCompleted()).isTrue();
        DeliveryStats after = d.stats();
        assertThat(after.delivered()).as("%s", after).isEqualTo(40_000);
        assertThat(after.dropped()).isZero();
        assertThat(after.spool().depthEvents()).isZero();
        assertThat(after.spool().pendingEvents()).isZero();
        assertThat(deliveredNumbers()).isEqualTo(range(0, 40_000));
    }

    @Test
    void aStopDuringALastingOutageDoesNotWaitOutItsTimeoutSinceTheSpoolKeepsTheRest() {
        local.faults().outage(true);
        FirehoseDelivery<String> d = start(config(dir.resolve("spool")));
        log(d, 0, 500);
        await().atMost(WAIT).until(() -> d.stats().callsRetried() >= 3);
        FlushResult stopped = d.stop(Duration.ofMinutes(1));
        assertThat(stopped.isCompleted()).isFalse();
        assertThat(deliveries.status.all()).contains("stop does not wait out its timeout: Firehose keeps failing")
                .contains("what is left stays on the spool");
        assertThat(d.stats().spool().pendingEvents()).isEqualTo(500);
        assertThat(d.stats().dropped()).isZero();
    }

    @Test
    void aSpooledCallOutlivesRetryTimeoutUntilFirehoseTakesIt() {
        local.faults().outage(true);
        FirehoseDelivery<String> d = start(config(dir.resolve("spool")).retryTimeout(Duration.ofMillis(200)));
        log(d, 0, 100);
        await().atMost(WAIT).until(() -> {
            java.time.Instant since = d.stats().failingSince();
            return since != null && Duration.between(since, java.time.Instant.now()).toMillis() > 1_000;
        });
        assertThat(d.stats().dropped()).as("%s", d.stats()).isZero();

        local.faults().outage(false);
        assertThat(d.flush(WAIT).isCompleted()).isTrue();
        assertThat(d.stats().delivered()).isEqualTo(100);
        assertThat(deliveries.stderr()).contains("kept on the spool");
    }

    @Test
    void duringAnOutageEveryPackedLineReachesTheSpoolWithinMaxBatchDelayNotOnlyAFullCall() {
        local.faults().outage(true);
        FirehoseDelivery<String> d = start(config(dir.resolve("spool")));
        log(d, 0, 100);
        await().atMost(WAIT).until(() -> d.stats().callsSent() > 0); // the first call has failed and backs off
        // 1,000 more lines of ~210 B: far from a full call (4,000,000 B) and from the hold limit (half of 1 MiB), so
        // only the timer can put them on disk while the first call backs off.
        log(d, 100, 1_000);
        await().atMost(WAIT).until(() -> d.stats().spool().depthEvents() == 1_100);
        DeliveryStats during = d.stats();
        assertThat(during.spool().pendingEvents()).as("%s", during).isEqualTo(1_100);
        assertThat(during.delivered()).isZero();

        local.faults().outage(false);
        assertThat(d.flush(WAIT).isCompleted()).isTrue();
        assertThat(deliveredNumbers()).isEqualTo(range(0, 1_100));
    }

    @Test
    void whileABacklogIsSentAfterAnOutageNewEventsGoOnToTheSpoolInsteadOfWaitingInTheBuffer() {
        local.faults().outage(true);
        FirehoseDelivery<String> d = start(config(dir.resolve("spool")));
        // A backlog of at least 40 calls on disk (each batch is written by the timer before the next is logged).
        for (int batch = 0; batch < 40; batch++) {
            log(d, batch * 500, 500);
            int written = (batch + 1) * 500;
            await().atMost(WAIT).until(() -> d.stats().spool().depthEvents() == written);
        }
        // Each call now takes 300 ms: the backlog needs 12 s or more.
        local.faults().latency(Duration.ofMillis(300));
        local.faults().outage(false);
        await().atMost(WAIT).until(() -> d.stats().delivered() > 0);
        log(d, 20_000, 1_000);
        await().atMost(WAIT).until(() -> d.stats().bufferDepthEvents() == 0);
        DeliveryStats drained = d.stats();
        assertThat(drained.delivered()).as("the new events left the buffer while the backlog was still being sent: %s",
                drained).isLessThan(20_000);
        assertThat(drained.spool().depthEvents()).as("%s", drained).isGreaterThanOrEqualTo(1_000);

        local.faults().latency(Duration.ZERO);
        assertThat(d.flush(WAIT).isCompleted()).isTrue();
        assertThat(deliveredNumbers()).isEqualTo(range(0, 21_000));
        List<String> lines = local.lines("logs");
        assertThat(lines.get(lines.size() - 1)).as("still in order").startsWith("event 20999 ");
    }

    @Test
    void anApplicationLoggingFasterThanTheSenderCanSpoolStillHasItsLogsDelivered() throws InterruptedException {
        // The default buffer (64 MiB): it takes the sender a while to empty, longer than the app thread is ever off.
        FirehoseDelivery<String> d = start(config(dir.resolve("spool")).bufferSize(64L * 1024 * 1024));
        AtomicBoolean stop = new AtomicBoolean();
        // Flat out, the same 20 KB line again and again: an append costs far less than encoding the line and writing
        // it to the spool, so the buffer is never empty.
        String line = "x".repeat(20_000);
        Thread app = new Thread(() -> {
            while (!stop.get()) {
                d.append(line);
            }
        }, "flat-out");
        app.start();
        try {
            await().atMost(WAIT).until(() -> d.stats().delivered() > 0);
        } finally {
            stop.set(true);
            app.join();
        }
        assertThat(d.flush(WAIT).isCompleted()).isTrue();
        DeliveryStats after = d.stats();
        assertThat(after.appended()).as("overload drops are counted: %s", after)
                .isEqualTo(after.delivered() + after.dropped(DropCause.BUFFER_FULL));
        assertThat(local.lines("logs")).hasSize((int) after.delivered());
    }

    @Test
    void theSameOutageWithoutASpoolDropsWhatTheBufferCannotHold() {
        local.faults().outage(true);
        FirehoseDelivery<String> d = start(config(null));
        log(d, 0, 40_000);
        await().atMost(WAIT).until(() -> d.stats().dropped(DropCause.BUFFER_FULL) > 0);
        assertThat(d.stats().spool()).as("no spool configured, no spool numbers").isNull();
    }

    @Test
    void aStopDuringAnOutageLeavesEventsOnTheSpoolAndTheNextStartSendsThemFirst() {
        local.faults().outage(true);
        Path spool = dir.resolve("spool");
        FirehoseDelivery<String> first = start(config(spool));
        for (int batch = 0; batch < 5; batch++) {
            log(first, batch * 1_000, 1_000);
            await().atMost(WAIT).until(() -> first.stats().bufferDepthEvents() < 500);
        }
        FlushResult stopped = first.stop(Duration.ofMillis(500));
        DeliveryStats firstStats = first.stats();
        assertThat(stopped.isCompleted()).isFalse();
        assertThat(firstStats.dropped()).as("nothing dropped: %s", firstStats).isZero();
        assertThat(firstStats.spool().pendingEvents()).as("%s", firstStats).isEqualTo(5_000);
        assertThat(firstStats.appended()).isEqualTo(firstStats.delivered() + firstStats.dropped()
                + firstStats.spool().pendingEvents());
        assertThat(deliveries.stderr()).contains("on the spool " + spool)
                .contains("the next start with this spoolDirectory sends them first");

        local.faults().outage(false);
        FirehoseDelivery<String> second = start(config(spool));
        log(second, 5_000, 100);
        assertThat(second.flush(WAIT).isCompleted()).isTrue();
        DeliveryStats secondStats = second.stats();
        assertThat(secondStats.spool().replayedEvents()).as("%s", secondStats).isEqualTo(5_000);
        assertThat(secondStats.delivered()).isEqualTo(100);
        assertThat(deliveredNumbers()).isEqualTo(range(0, 5_100));
        List<String> lines = local.lines("logs");
        assertThat(lines.get(0)).as("the earlier process's events first").startsWith("event 0 ");
        assertThat(lines.get(lines.size() - 1)).startsWith("event 5099 ");
    }

    @Test
    void aCheckpointDuringAnOutageClosesTheSpoolAndTheRestoreDeliversItsCallsAsItsOwn() {
        local.faults().outage(true);
        FirehoseDelivery<String> d = start(config(dir.resolve("spool")));
        log(d, 0, 2_000);
        await().atMost(WAIT).until(() -> d.stats().spool().pendingEvents() == 2_000);
        assertThat(d.beforeCheckpoint(Duration.ofMillis(300)).isCompleted()).isFalse();

        local.faults().outage(false);
        d.afterRestore();
        log(d, 2_000, 100);
        assertThat(d.flush(WAIT).isCompleted()).isTrue();
        DeliveryStats after = d.stats();
        assertThat(after.delivered()).as("delivered as this process's own, not replayed: %s", after)
                .isEqualTo(2_100);
        assertThat(after.spool().replayedEvents()).isZero();
        assertThat(after.spool().pendingEvents()).isZero();
        assertThat(deliveredNumbers()).isEqualTo(range(0, 2_100));
    }

    @Test
    void aFullSpoolDropsItsOldestSegmentAndCountsExactlyWhatItGaveUp() {
        local.faults().outage(true);
        FirehoseDelivery<String> d = start(config(dir.resolve("spool")).spoolSize(16L * 1024 * 1024));
        // About 25 MB of lines into a 16 MiB spool.
        for (int batch = 0; batch < 100; batch++) {
            log(d, batch * 1_000, 1_000);
            await().atMost(WAIT).until(() -> d.stats().bufferDepthEvents() < 500);
        }
        await().atMost(WAIT).until(() -> d.stats().dropped(DropCause.SPOOL_FULL) > 0);
        DeliveryStats during = d.stats();
        assertThat(during.spool().depthBytes()).as("%s", during).isLessThanOrEqualTo(16L * 1024 * 1024);

        local.faults().outage(false);
        assertThat(d.flush(WAIT).isCompleted()).isTrue();
        DeliveryStats after = d.stats();
        assertThat(after.appended()).isEqualTo(100_000);
        assertThat(after.delivered() + after.dropped(DropCause.SPOOL_FULL)).as("%s", after).isEqualTo(100_000);
        assertThat(after.dropped()).isEqualTo(after.dropped(DropCause.SPOOL_FULL));
        assertThat(deliveredNumbers()).hasSize((int) after.delivered());
        assertThat(deliveredNumbers()).as("the newest are kept").contains(99_999);
        assertThat(deliveries.stderr()).contains("SPOOL_FULL");
    }

    @Test
    void aSecondAppenderOnTheSameSpoolIsToldWhyAndDeliversFromMemory() {
        Path spool = dir.resolve("spool");
        FirehoseDelivery<String> owner = start(config(spool));
        log(owner, 0, 10);
        assertThat(owner.flush(WAIT).isCompleted()).isTrue();

        FirehoseDelivery<String> second = start(config(spool));
        log(second, 10, 10);
        assertThat(second.flush(WAIT).isCompleted()).isTrue();
        assertThat(second.stats().spool().failures()).isEqualTo(1);
        assertThat(deliveries.stderr()).contains("spool: cannot use " + spool)
                .contains("delivering from memory only");
        assertThat(deliveredNumbers()).isEqualTo(range(0, 20));
    }

    @Test
    void aSpoolDirectoryThatIsAFileLeavesDeliveryFromMemoryIntact() throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-directory"), "x");
        FirehoseDelivery<String> d = start(config(file));
        log(d, 0, 100);
        assertThat(d.flush(WAIT).isCompleted()).isTrue();
        assertThat(d.stats().delivered()).isEqualTo(100);
        assertThat(d.stats().spool().failures()).isEqualTo(1);
        assertThat(deliveries.status.all()).contains("spool: cannot use " + file);
    }
}
