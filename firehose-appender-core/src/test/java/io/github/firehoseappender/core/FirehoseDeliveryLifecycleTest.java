package io.github.firehoseappender.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.firehoseappender.core.config.DeliveryConfig;
import io.github.firehoseappender.core.send.SenderLoop;
import io.github.firehoseappender.core.stats.DeliveryStats;
import io.github.firehoseappender.core.stats.DropCause;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Start-up, stop and the sender's own troubles, against a {@link FakeTransport} (no network). */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FirehoseDeliveryLifecycleTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    /** About what a buffered 300-byte event with two MDC entries retains on the heap. */
    private static final int HEAP_ESTIMATE = 1_200;

    private final RecordingStatus status = new RecordingStatus();
    private final FakeTransport firehose = new FakeTransport();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private final List<FirehoseDelivery<?>> started = new ArrayList<>();

    @AfterEach
    void stopAll() {
        firehose.releaseBuild();
        firehose.releaseCalls();
        for (FirehoseDelivery<?> d : started) {
            d.stop(Duration.ofSeconds(5));
        }
    }

    private static DeliveryConfig.Builder defaults() {
        return DeliveryConfig.builder().environment(Map.of()).deliveryStream("logs").name("app")
                .shutdownHook(false).jmx(false);
    }

    private <E> FirehoseDelivery<E> start(DeliveryConfig.Builder config, EventEncoder<E> encoder,
                                          ThreadFactory threads) {
        FirehoseDelivery<E> d = FirehoseDelivery.start(config.build(), encoder, status, threads,
                firehose.heldFactory());
        started.add(d);
        return d;
    }

    private FirehoseDelivery<String> start(DeliveryConfig.Builder config) {
        return start(config, new HeapEstimateEncoder(), FirehoseDelivery.senderThreads("app"));
    }

    private static void assertAccounted(DeliveryStats s) {
        assertThat(s.appended()).as(s.toString()).isEqualTo(s.delivered() + s.dropped());
    }

    /** Lines of about 300 bytes, estimated as what such an event retains on the heap. */
    static class HeapEstimateEncoder extends TextEncoder {
        @Override
        public int estimateSize(String event) {
            return HEAP_ESTIMATE;
        }
    }

    private static String line300(int i) {
        String head = "{\"event_time\":\"2026-11-30T16:00:00.000Z\",\"level\":\"INFO\",\"message\":\"burst " + i + "\"";
        return head + ",\"pad\":\"" + "p".repeat(Math.max(0, 288 - head.length())) + "\"}";
    }

    // Finding 1: the defaults take a start-up burst while the client is still cold.

    @Test
    void theDefaultsTakeAStartUpBurstOfFiftyThousandEventsWhileTheClientIsStillBeingBuilt() {
        FirehoseDelivery<String> d = start(defaults());
        for (int i = 0; i < 50_000; i++) {
            d.append(line300(i));
        }
        assertThat(d.stats().dropped()).as(d.stats().toString()).isZero();
        assertThat(firehose.isBuilt()).isFalse();

        firehose.releaseBuild();
        assertThat(d.flush(WAIT).isCompleted()).isTrue();
        assertThat(firehose.lines()).hasSize(50_000);
        assertThat(new HashSet<>(firehose.lines())).hasSize(50_000);
        assertThat(d.stats().delivered()).isEqualTo(50_000);
        assertAccounted(d.stats());
    }

    @Test
    void theSenderDrainsAndEncodesWhileTheClientIsStillBeingBuilt() {
        FirehoseDelivery<String> d = start(defaults());
        for (int i = 0; i < 20_000; i++) {
            d.append(line300(i));
        }
        await().atMost(WAIT).until(() -> d.stats().bufferDepthEvents() == 0);
        assertThat(firehose.isBuilt()).isFalse();
        assertThat(d.senderState()).isEqualTo(SenderLoop.State.STARTING);
        assertThat(d.stats().bufferDepthBytes()).as("held lines count at their encoded size, not the estimate")
                .isGreaterThanOrEqualTo(20_000L * 250).isLessThan(20_000L * HEAP_ESTIMATE);

        firehose.releaseBuild();
        assertThat(d.flush(WAIT).isCompleted()).isTrue();
        assertThat(d.senderState()).isEqualTo(SenderLoop.State.RUNNING);
        assertThat(firehose.lines()).hasSize(20_000);
        assertThat(d.stats().bufferDepthBytes()).isZero();
    }

    @Test
    void encodedLinesTheSenderHoldsCountAgainstTheBufferBound() {
        long bound = 1L << 20;
        FirehoseDelivery<String> d = start(defaults().bufferSize(bound));
        long maxSeen = 0;
        for (int i = 0; i < 5_000; i++) {
            d.append(line300(i));
            maxSeen = Math.max(maxSeen, d.stats().bufferDepthBytes());
        }
        // No client yet, so nothing leaves: the sender holds at most half the bound, the buffer the rest, and 5,000
        // events of 300 bytes do not fit whenever the sender drains. (Waiting for it to settle first raced its drain.)
        assertThat(maxSeen).isLessThanOrEqualTo(bound + 1_000);
        assertThat(d.stats().bufferDepthBytes()).isLessThanOrEqualTo(bound + 1_000);
        assertThat(d.stats().dropped(DropCause.BUFFER_FULL)).isPositive();

        firehose.releaseBuild();
        assertThat(d.flush(WAIT).isCompleted()).isTrue();
        assertThat((long) firehose.lines().size()).isEqualTo(d.stats().delivered());
        assertAccounted(d.stats());
    }

    // Finding 2: the sender neither dies nor spins.

    @Test
    void anErrorFromTheEncoderCostsThatOneEventCountedAndTheSenderGoesOn() {
        TextEncoder failing = new TextEncoder() {
            @Override
            public byte[] encode(String event) {
                if (event.equals("assert")) {
                    throw new AssertionError("a custom encoder's assertion");
                }
                if (event.equals("huge")) {
                    throw new OutOfMemoryError("Java heap space");
                }
                return super.encode(event);
            }
        };
        firehose.releaseBuild();
        FirehoseDelivery<String> d = startWatchingStderr(defaults(), failing);
        d.append("before");
        d.append("assert");
        d.append("huge");
        d.append("after");
        assertThat(d.flush(WAIT).isCompleted()).isTrue();

        assertThat(firehose.lines()).containsExactly("before", "after");
        assertThat(d.stats().dropped(DropCause.ENCODING_FAILED)).isEqualTo(2);
        assertThat(status.errors()).anySatisfy(m -> assertThat(m).contains("ENCODING_FAILED"));
        assertThat(stderrText()).contains("2 log events dropped (ENCODING_FAILED");
        assertThat(d.append("later")).isTrue();
        assertThat(d.flush(WAIT).isCompleted()).isTrue();
        assertThat(firehose.lines()).containsExactly("before", "after", "later");
        assertAccounted(d.stats());
    }

    @Test
    void anInterruptOfTheSenderThreadIsReportedOnceAndDeliveryGoesOn() {
        AtomicReference<Thread> sender = new AtomicReference<>();
        ThreadFactory executorLike = r -> {
            Thread t = FirehoseDelivery.senderThreads("app").newThread(r);
            sender.compareAndSet(null, t);
            return t;
        };
        firehose.releaseBuild();
        FirehoseDelivery<String> d = start(defaults(), new TextEncoder(), executorLike);
        d.append("before");
        assertThat(d.flush(WAIT).isCompleted()).isTrue();

        sender.get().interrupt(); // as an executor's shutdownNow would
        await().atMost(WAIT).until(() -> status.all().contains("interrupted"));
        sender.get().interrupt();
        for (int i = 0; i < 10; i++) {
            d.append("after " + i);
        }
        assertThat(d.flush(WAIT).isCompleted()).isTrue();
        await().atMost(WAIT).until(() -> sender.get().getState() == Thread.State.TIMED_WAITING);

        assertThat(firehose.lines()).hasSize(11);
        assertThat(status.messages()).filteredOn(m -> m.contains("interrupted")).hasSize(1);
        assertThat(sender.get().isInterrupted()).isFalse();
        assertThat(d.stop(WAIT).isCompleted()).isTrue();
    }

    // Finding 3: lifecycle races.

    @Test
    void aFlushDuringStopWaitsForTheStopsOutcomeAndReportsItTruthfully() throws Exception {
        firehose.releaseBuild();
        firehose.holdCalls();
        FirehoseDelivery<String> d = start(defaults().maxBatchDelay(Duration.ofMinutes(10)));
        for (int i = 0; i < 100; i++) {
            d.append("e" + i);
        }
        CompletableFuture<FlushResult> stop = CompletableFuture.supplyAsync(() -> d.stop(WAIT));
        assertThat(firehose.awaitFirstCall(20)).isTrue();
        await().atMost(WAIT).until(() -> d.senderState() == SenderLoop.State.STOPPING);

        FlushResult early = d.flush(Duration.ofMillis(100));
        assertThat(early.isCompleted()).as("nothing is delivered yet").isFalse();
        assertThat(early.pendingEvents()).isEqualTo(100);

        CompletableFuture<FlushResult> waiting = CompletableFuture.supplyAsync(() -> d.flush(WAIT));
        firehose.releaseCalls();
        assertThat(waiting.get(20, TimeUnit.SECONDS).isCompleted()).isTrue();
        assertThat(stop.get(20, TimeUnit.SECONDS).isCompleted()).isTrue();
        assertThat(firehose.lines()).hasSize(100);
    }

    @Test
    void aStopBehindASlowerStopReturnsWithinItsOwnTimeoutWithWhatIsPending() throws Exception {
        firehose.releaseBuild();
        firehose.holdCalls();
        FirehoseDelivery<String> d = start(defaults().maxBatchDelay(Duration.ofMinutes(10)));
        for (int i = 0; i < 10; i++) {
            d.append("e" + i);
        }
        CompletableFuture<FlushResult> slow = CompletableFuture.supplyAsync(() -> d.stop(Duration.ofSeconds(50)));
        assertThat(firehose.awaitFirstCall(20)).isTrue();
        await().atMost(WAIT).until(() -> d.senderState() == SenderLoop.State.STOPPING);

        CompletableFuture<FlushResult> quick = CompletableFuture.supplyAsync(() -> d.stop(Duration.ofMillis(100)));
        FlushResult result = quick.get(20, TimeUnit.SECONDS); // while the first stop is still held in its call
        assertThat(result.isCompleted()).isFalse();
        assertThat(result.pendingEvents()).isEqualTo(10);
        assertThat(slow).isNotDone();

        firehose.releaseCalls();
        assertThat(slow.get(20, TimeUnit.SECONDS).isCompleted()).isTrue();
        assertThat(d.stop(Duration.ZERO).isCompleted()).as("a stop after the stop reports its outcome").isTrue();
    }

    @Test
    void aStopCalledOnAnInterruptedThreadStillDeliversWithinItsTimeoutAndKeepsTheInterrupt() throws Exception {
        // Logback's AsyncAppender interrupts its worker, then that worker stops the appenders behind it.
        firehose.releaseBuild();
        firehose.holdCalls();
        FirehoseDelivery<String> d = start(defaults().maxBatchDelay(Duration.ofMinutes(10)));
        for (int i = 0; i < 10; i++) {
            d.append("e" + i);
        }
        boolean[] interruptKept = new boolean[1];
        CompletableFuture<FlushResult> stop = CompletableFuture.supplyAsync(() -> {
            Thread.currentThread().interrupt();
            FlushResult r = d.stop(WAIT);
            interruptKept[0] = Thread.interrupted();
            return r;
        });
        assertThat(firehose.awaitFirstCall(20)).isTrue();
        assertThat(stop).as("held in its call, the stop waits through the interrupt").isNotDone();
        firehose.releaseCalls();

        assertThat(stop.get(20, TimeUnit.SECONDS).isCompleted()).isTrue();
        assertThat(interruptKept[0]).isTrue();
        assertThat(firehose.lines()).hasSize(10);
        assertAccounted(d.stats());
    }

    @Test
    void eventsAppendedDuringAndAfterStopAreCountedNotRunning() throws Exception {
        firehose.releaseBuild();
        firehose.holdCalls();
        FirehoseDelivery<String> d = start(defaults().maxBatchDelay(Duration.ofMinutes(10)));
        d.append("before");
        CompletableFuture<FlushResult> stop = CompletableFuture.supplyAsync(() -> d.stop(WAIT));
        assertThat(firehose.awaitFirstCall(20)).isTrue();
        await().atMost(WAIT).until(() -> d.senderState() == SenderLoop.State.STOPPING);
        assertThat(d.append("during stop")).isFalse();
        firehose.releaseCalls();
        assertThat(stop.get(20, TimeUnit.SECONDS).isCompleted()).isTrue();
        assertThat(d.append("after stop")).isFalse();

        assertThat(firehose.lines()).containsExactly("before");
        assertThat(d.stats().dropped(DropCause.NOT_RUNNING)).isEqualTo(2);
        assertAccounted(d.stats());
    }

    @Test
    void everyEventIsDeliveredOrCountedWhateverTheInterleavingOfAppendFlushAndStop() throws Exception {
        firehose.releaseBuild();
        for (int round = 0; round < 30; round++) {
            FakeTransport roundFirehose = new FakeTransport();
            PrintStream lossLines = new PrintStream(stderr, true, StandardCharsets.UTF_8);
            FirehoseDelivery<String> d = FirehoseDelivery.startWithLossStream(defaults().bufferEvents(500).build(),
                    new TextEncoder(), status, FirehoseDelivery.senderThreads("race"), roundFirehose.factory(),
                    () -> lossLines);
            started.add(d);
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            List<CompletableFuture<?>> racers = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                int id = t;
                racers.add(CompletableFuture.runAsync(() -> {
                    awaitQuietly(go);
                    for (int i = 0; i < 2_000; i++) {
                        d.append("t" + id + "-" + i);
                        if (i % 500 == 0) {
                            d.flush(Duration.ofMillis(5));
                        }
                    }
                }));
            }
            racers.add(CompletableFuture.runAsync(() -> {
                awaitQuietly(go);
                d.flush(Duration.ofMillis(50));
            }));
            go.countDown();
            FlushResult stop = d.stop(Duration.ofMillis(round % 3 == 0 ? 0 : 200));
            CompletableFuture.allOf(racers.toArray(new CompletableFuture<?>[0])).get(20, TimeUnit.SECONDS);
            await().atMost(WAIT).until(() -> d.senderState() == SenderLoop.State.STOPPED);

            DeliveryStats s = d.stats();
            assertAccounted(s);
            assertThat(s.appended()).isEqualTo(6_000);
            assertThat(s.bufferDepthEvents()).isZero();
            assertThat(s.bufferDepthBytes()).isZero();
            assertThat((long) roundFirehose.lines().size()).isEqualTo(s.delivered());
            if (stop.isCompleted()) {
                assertThat(s.dropped(DropCause.STOPPED)).as("a completed stop dropped nothing").isZero();
            }
        }
    }

    private static void awaitQuietly(java.util.concurrent.CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aStopBeforeTheClientIsBuiltCountsWhatItHeldAndClosesTheLateClient() {
        FirehoseDelivery<String> d = start(defaults());
        for (int i = 0; i < 50; i++) {
            d.append("e" + i);
        }
        FlushResult stop = d.stop(Duration.ofMillis(200));
        assertThat(stop.isCompleted()).isFalse();
        await().atMost(WAIT).until(() -> d.stats().dropped(DropCause.STOPPED) == 50);
        firehose.releaseBuild();
        await().atMost(WAIT).until(firehose::isClosed);
        assertThat(d.senderState()).isEqualTo(SenderLoop.State.STOPPED);
        assertAccounted(d.stats());
    }

    // Finding 6: a loss is visible on stderr without any configuration.

    private FirehoseDelivery<String> startWatchingStderr(DeliveryConfig.Builder config) {
        return startWatchingStderr(config, new HeapEstimateEncoder());
    }

    private FirehoseDelivery<String> startWatchingStderr(DeliveryConfig.Builder config, TextEncoder encoder) {
        PrintStream out = new PrintStream(stderr, true, StandardCharsets.UTF_8);
        FirehoseDelivery<String> d = FirehoseDelivery.startWithLossStream(config.build(), encoder,
                status, FirehoseDelivery.senderThreads("app"), firehose.heldFactory(), () -> out);
        started.add(d);
        return d;
    }

    private String stderrText() {
        return stderr.toString(StandardCharsets.UTF_8);
    }

    @Test
    void droppedEventsPrintOneRateLimitedLineOnStderrNamingTheAppender() {
        FirehoseDelivery<String> d = startWatchingStderr(defaults().bufferSize(1L << 20)
                .maxBatchDelay(Duration.ofMillis(20)));
        for (int i = 0; i < 5_000; i++) {
            d.append(line300(i));
        }
        await().atMost(WAIT).until(() -> stderrText().contains("BUFFER_FULL"));
        long droppedBefore = d.stats().dropped(DropCause.BUFFER_FULL);
        for (int i = 0; i < 5_000; i++) {
            d.append(line300(i));
        }
        await().atMost(WAIT).until(() -> d.stats().dropped(DropCause.BUFFER_FULL) > droppedBefore);
        long ticks = d.stats().dropped(DropCause.BUFFER_FULL);
        firehose.releaseBuild();
        assertThat(d.flush(WAIT).isCompleted()).isTrue(); // many sender turns, each checking for loss

        String text = stderrText();
        // The first line may come after the first drop or after several: "1 log event" or "N log events".
        assertThat(text).startsWith("[firehose-appender] app: LOST LOGS: ")
                .containsPattern("log events? dropped \\(BUFFER_FULL");
        assertThat(text.lines().filter(l -> l.contains("BUFFER_FULL")).count()).as("once per minute at most")
                .isEqualTo(1);
        assertThat(ticks).isGreaterThan(droppedBefore);
    }

    @Test
    void anUndeliverableStopAlwaysPrintsOnStderr() {
        FirehoseDelivery<String> d = startWatchingStderr(defaults());
        d.append("never sent");
        assertThat(d.stop(Duration.ofMillis(50)).isCompleted()).isFalse();
        assertThat(stderrText()).startsWith("[firehose-appender] app: ").contains("events not delivered to logs");
    }

    @Test
    void aLosslessRunPrintsNothingOnStderr() {
        firehose.releaseBuild();
        FirehoseDelivery<String> d = startWatchingStderr(defaults());
        for (int i = 0; i < 1000; i++) {
            d.append("e" + i);
        }
        assertThat(d.flush(WAIT).isCompleted()).isTrue();
        assertThat(d.stop(WAIT).isCompleted()).isTrue();
        assertThat(firehose.lines()).hasSize(1000);
        assertThat(stderrText()).isEmpty();
    }
}
