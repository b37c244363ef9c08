package io.github.firehoseappender.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.firehoseappender.core.stats.DeliveryStats;
import io.github.firehoseappender.core.stats.DropCause;
import io.github.firehoseappender.local.FaultInjector;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Issue 5, scenarios 1 to 4: Firehose down, failing entries, throttling, slow and broken connections. */
public abstract class DeliveryFaultScenarios extends ScenarioFixture {
    protected DeliveryFaultScenarios(FrameworkUnderTest framework) {
        super(framework);
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void fullOutageThenRecoveryDeliversWhatFitAndCountsTheRestAsOverflow() {
        Duration outage = ScenarioDurations.outage();
        int bufferEvents = 1_000;
        configure(options("bufferEvents", String.valueOf(bufferEvents), "maxBatchDelay", "200 ms",
                "initialBackoff", "50 ms", "maxBackoff", "1 s"));
        warmUp();
        AtomicLong maxDepth = new AtomicLong();
        long start = System.nanoTime();
        local.faults().outageFor(outage);
        long logged;
        try (HeapSampler heap = HeapSampler.start(() -> {
            DeliveryStats s = driver.stats();
            maxDepth.accumulateAndGet(s.bufferDepthEvents(), Math::max);
        })) {
            // Steady logging through the outage and one second beyond it.
            logged = logSteadily("app", "steady ", 1_000, outage.plusSeconds(1));
            DeliveryStats during = driver.stats();
            assertThat(during.dropped(DropCause.BUFFER_FULL)).as("overflow counted: %s", during).isPositive();
            long outageEnd = start + outage.toNanos();
            assertThat(driver.flush(Duration.ofSeconds(60)).isCompleted()).isTrue();
            long recovered = System.nanoTime();
            heap.close();

            DeliveryStats stats = driver.stats();
            List<JsonNode> lines = deliveredJson();
            assertAccounted(stats, lines);
            assertThat(stats.appended()).isEqualTo(logged + 1);
            assertThat(stats.dropped()).as("only overflow drops: %s", stats)
                    .isEqualTo(stats.dropped(DropCause.BUFFER_FULL));
            // An append reserves before it checks, so a sample may see one over per logging thread, for an instant.
            assertThat(maxDepth.get()).as("buffer never above bufferEvents").isLessThanOrEqualTo(bufferEvents + 1);
            assertThat(stats.delivered()).as("what fit the buffer was delivered").isGreaterThanOrEqualTo(bufferEvents);
            figures(1, "outage", "Full outage " + outage.toSeconds() + " s, then recovery (1,000 events/s, "
                    + "bufferEvents=1000)")
                    .stats(stats).duplicatesObserved(duplicateEvents(lines)).heap(heap)
                    .recoveryMillis(Math.max(0, TimeUnit.NANOSECONDS.toMillis(recovered - outageEnd)))
                    .note("maxBufferDepth", maxDepth.get())
                    .note("outageAnswers", local.faults().injected().get("outageAnswers"))
                    .write();
        }
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void thirtyPercentOfEntriesFailingAreAllDeliveredEachFailedEntryResentAlone() {
        Duration failing = ScenarioDurations.failures();
        // No aggregation: one event per entry, so "resent alone" is visible entry by entry.
        configure(options("aggregation", "false", "maxBatchDelay", "100 ms", "initialBackoff", "10 ms",
                "maxBackoff", "200 ms"));
        local.faults().seed(5).failEntryRate(0.30);
        long logged;
        try (HeapSampler heap = HeapSampler.start()) {
            logged = logSteadily("app", "sometimes failing ", 1_000, failing);
            assertThat(driver.flush(Duration.ofSeconds(60)).isCompleted()).isTrue();
            local.faults().reset();
            heap.close();

            DeliveryStats stats = driver.stats();
            List<JsonNode> lines = deliveredJson();
            long injected = local.faults().injected().get("failedEntries");
            long entriesReceived = local.calls(STREAM).stream().mapToLong(c -> c.recordCount()).sum();
            assertAccounted(stats, lines);
            assertThat(stats.appended()).isEqualTo(logged);
            assertThat(stats.delivered()).as("all delivered: %s", stats).isEqualTo(logged);
            assertThat(stats.dropped()).isZero();
            assertThat(injected).as("failures were injected").isGreaterThan(logged / 5);
            assertThat(stats.entriesRetried()).as("each failed entry resent once per failure").isEqualTo(injected);
            assertThat(entriesReceived).as("entries sent = events + failed entries: only failed ones are resent")
                    .isEqualTo(logged + injected);
            assertThat(stats.possibleDuplicates()).isZero();
            assertThat(duplicateEvents(lines)).isZero();
            figures(2, "failing-entries", "30 % of entries failing for " + failing.toSeconds()
                    + " s (1,000 events/s, no aggregation)")
                    .stats(stats).duplicatesObserved(duplicateEvents(lines)).heap(heap)
                    .note("injectedEntryFailures", injected)
                    .note("entriesReceived", entriesReceived)
                    .write();
        }
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void throttledAtOneMibPerSecondWhileLoggingThreeTimesThatTheSenderPacesItselfAndCountsDrops() {
        Duration logging = ScenarioDurations.throttle();
        configure(options("bufferSize", "2 MiB", "maxBatchDelay", "200 ms", "maxBackoff", "2 s"));
        warmUp();
        local.faults().byteQuota(FaultInjector.ONE_MIB_PER_SECOND);
        String payload = "p".repeat(3_000);
        AtomicLong lastCalls = new AtomicLong();
        AtomicLong lastTick = new AtomicLong(System.nanoTime());
        AtomicLong windowCalls = new AtomicLong();
        AtomicLong maxCallsPerSecond = new AtomicLong();
        long start = System.nanoTime();
        try (HeapSampler heap = HeapSampler.start(() -> {
            long now = System.nanoTime();
            if (now - lastTick.get() >= 1_000_000_000L) {
                long calls = driver.stats().callsSent();
                maxCallsPerSecond.accumulateAndGet(calls - lastCalls.get(), Math::max);
                lastCalls.set(calls);
                lastTick.set(now);
            }
        })) {
            // ~3.2 KB lines at 1,000/s: about 3x the quota.
            long logged = logSteadily("app", payload + " ", 1_000, logging);
            long loggedFor = System.nanoTime() - start;
            assertThat(driver.flush(Duration.ofSeconds(90)).isCompleted()).isTrue();
            long drained = System.nanoTime();
            local.faults().reset();
            heap.close();

            DeliveryStats stats = driver.stats();
            List<JsonNode> lines = deliveredJson();
            assertAccounted(stats, lines);
            assertThat(stats.appended()).isEqualTo(logged + 1);
            assertThat(stats.dropped(DropCause.BUFFER_FULL)).as("drops by policy, counted: %s", stats).isPositive();
            assertThat(stats.dropped(DropCause.RETRIES_EXHAUSTED)).isZero();
            double seconds = (drained - start) / 1e9;
            double callsPerSecond = stats.callsSent() / seconds;
            assertThat(maxCallsPerSecond.get()).as("no hot retry loop: calls in any second").isLessThanOrEqualTo(30);
            double deliveredMibPerSecond = stats.bytesSent() / seconds / FaultInjector.ONE_MIB_PER_SECOND;
            assertThat(deliveredMibPerSecond).as("delivered at most the quota (+ the first second's burst)")
                    .isLessThanOrEqualTo(1.0 + 1.0 / seconds + 0.05);
            figures(3, "throttling", "1 MiB/s byte quota, logging ~3 MiB/s for " + logging.toSeconds()
                    + " s (bufferSize=2 MiB)")
                    .stats(stats).duplicatesObserved(duplicateEvents(lines)).heap(heap)
                    .recoveryMillis(TimeUnit.NANOSECONDS.toMillis(drained - start - loggedFor))
                    .note("loggedMiBPerSecond", Math.round(stats.appended() * 3_250.0 / (loggedFor / 1e9)
                            / FaultInjector.ONE_MIB_PER_SECOND * 100) / 100.0)
                    .note("callsPerSecondMean", Math.round(callsPerSecond * 10) / 10.0)
                    .note("callsPerSecondMax", maxCallsPerSecond.get())
                    .note("deliveredMiBPerSecond", Math.round(deliveredMibPerSecond * 100) / 100.0)
                    .note("throttledEntries", local.faults().injected().get("throttledEntries"))
                    .write();
        }
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void latencySpikesAndConnectionResetsLeakNoThreadAndAmbiguousOutcomesAreCountedAsPossibleDuplicates() {
        Duration faulty = ScenarioDurations.faults();
        Set<Thread> threadsBefore = liveThreads();
        configure(options("requestTimeout", "500 ms", "maxBatchDelay", "100 ms", "initialBackoff", "20 ms",
                "maxBackoff", "300 ms"));
        warmUp();
        ScheduledExecutorService chaos = Executors.newSingleThreadScheduledExecutor();
        AtomicReference<String> phase = new AtomicReference<>("calm");
        AtomicLong ticks = new AtomicLong();
        FaultInjector faults = local.faults();
        // Every 250 ms the next fault: a latency spike beyond requestTimeout (records accepted, answer too late),
        // an answer cut mid-response (accepted, then reset), a connection dropped before processing, calm.
        chaos.scheduleAtFixedRate(() -> {
            switch ((int) (ticks.getAndIncrement() % 4)) {
                case 0 -> faults.latency(Duration.ofMillis(800));
                case 1 -> faults.latency(Duration.ZERO).dropNextResponses(1);
                case 2 -> faults.dropNextCalls(1);
                default -> faults.reset();
            }
        }, 0, 250, TimeUnit.MILLISECONDS);
        long logged;
        try (HeapSampler heap = HeapSampler.start()) {
            try {
                logged = logSteadily("app", "through faults ", 500, faulty);
            } finally {
                chaos.shutdownNow();
            }
            await().atMost(Duration.ofSeconds(5)).until(chaos::isTerminated);
            faults.reset();
            long calm = System.nanoTime();
            assertThat(driver.flush(Duration.ofSeconds(30)).isCompleted()).as("sender not stuck").isTrue();
            long recovered = System.nanoTime();
            heap.close();

            DeliveryStats stats = driver.stats();
            List<JsonNode> lines = deliveredJson();
            Map<String, Long> injected = faults.injected();
            assertAccounted(stats, lines);
            assertThat(stats.appended()).isEqualTo(logged + 1);
            assertThat(stats.dropped()).as("nothing dropped: %s", stats).isZero();
            assertThat(injected.get("cutAnswers") + injected.get("droppedConnections")).isPositive();
            assertThat(stats.possibleDuplicates()).as("ambiguous outcomes counted: %s", stats).isPositive();
            assertThat(stats.callsSent()).as("retries bounded by the backoff")
                    .isLessThan((long) (faulty.toMillis() / 20.0 * 2 + 200));
            driver.stop();
            await().atMost(Duration.ofSeconds(10)).until(() -> appenderThreads().isEmpty());
            List<String> leaked = threadsStartedSince(threadsBefore);
            figures(4, "latency-resets", "Latency spikes (800 ms > requestTimeout 500 ms) and reset connections for "
                    + faulty.toSeconds() + " s (500 events/s)")
                    .stats(stats).duplicatesObserved(duplicateEvents(lines)).heap(heap)
                    .recoveryMillis(TimeUnit.NANOSECONDS.toMillis(recovered - calm))
                    .note("duplicateRecords", duplicateRecords(stats))
                    .note("possibleDuplicateRecordsCounted", stats.possibleDuplicates())
                    .note("cutAnswers", injected.get("cutAnswers"))
                    .note("droppedConnections", injected.get("droppedConnections"))
                    .note("threadsLeftAfterStop", leaked.size())
                    .write();
            assertThat(leaked).as("no thread leak").isEmpty();
        }
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void answerCutAfterProcessingIsResentAndCountedAsPossibleDuplicate() {
        configure(options("maxBatchDelay", "100 ms", "initialBackoff", "20 ms", "maxBackoff", "100 ms"));
        local.faults().dropNextResponses(1);
        for (int i = 0; i < 100; i++) {
            info("app", "cut answer {}", i);
        }
        assertThat(driver.flush(Duration.ofSeconds(20)).isCompleted()).isTrue();
        DeliveryStats stats = driver.stats();
        assertThat(local.faults().injected().get("cutAnswers")).isEqualTo(1);
        assertThat(duplicateRecords(stats)).as("the cut call's records arrived twice").isPositive();
        assertAccounted(stats, deliveredJson());
    }
}
