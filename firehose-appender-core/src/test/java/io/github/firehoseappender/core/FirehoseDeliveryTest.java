package io.github.firehoseappender.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.firehoseappender.core.config.DeliveryConfig;
import io.github.firehoseappender.core.config.OverflowPolicy;
import io.github.firehoseappender.core.config.Wire;
import io.github.firehoseappender.core.stats.DeliveryStats;
import io.github.firehoseappender.core.stats.DropCause;
import io.github.firehoseappender.local.FirehoseLocal;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.firehose.FirehoseClient;

/** End to end over real HTTP: the real SDK client against firehose-local on a free loopback port. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FirehoseDeliveryTest {
    private static final StaticCredentialsProvider TEST_KEYS = LocalConfig.TEST_KEYS;
    private static final Duration WAIT = Duration.ofSeconds(20);

    private FirehoseLocal local;
    private final RecordingStatus status = new RecordingStatus();
    private final List<FirehoseDelivery<?>> started = new ArrayList<>();

    @BeforeEach
    void startLocal() {
        local = FirehoseLocal.builder().port(0).stream("logs").start();
    }

    @AfterEach
    void stopAll() {
        for (FirehoseDelivery<?> d : started) {
            d.stop(Duration.ofSeconds(5));
        }
        local.close();
    }

    private DeliveryConfig.Builder config() {
        return LocalConfig.against(local.endpoint(), "logs")
                .maxBatchDelay(Duration.ofMillis(200))
                .initialBackoff(Duration.ofMillis(5))
                .maxBackoff(Duration.ofMillis(50));
    }

    private <E> FirehoseDelivery<E> start(DeliveryConfig.Builder config, EventEncoder<E> encoder) {
        FirehoseDelivery<E> d = FirehoseDelivery.start(config.build(), encoder, status);
        started.add(d);
        return d;
    }

    private static void assertAccounted(DeliveryStats s) {
        assertThat(s.appended()).as(s.toString()).isEqualTo(s.delivered() + s.dropped());
    }

    /** The default wire (direct) and the fallback (the SDK's client), which no other test here runs end to end. */
    @ParameterizedTest
    @EnumSource(Wire.class)
    void eitherWireDeliversEveryEventAndRetriesFailedEntriesOnly(Wire wire) {
        local.faults().failEntries(3);
        FirehoseDelivery<String> d = start(config().wire(wire).aggregation(false), new TextEncoder());
        for (int i = 0; i < 2000; i++) {
            assertThat(d.append("event " + i)).isTrue();
        }
        assertThat(d.flush(WAIT).isCompleted()).isTrue();

        List<String> lines = local.lines("logs");
        assertThat(lines).hasSize(2000);
        assertThat(new HashSet<>(lines)).hasSize(2000);
        DeliveryStats s = d.stats();
        assertThat(s.delivered()).isEqualTo(2000);
        assertThat(s.dropped()).isZero();
        assertAccounted(s);
    }

    @Test
    void deliversEveryEventAndCountsIt() {
        FirehoseDelivery<String> d = start(config(), new TextEncoder());
        for (int i = 0; i < 2000; i++) {
            assertThat(d.append("event " + i)).isTrue();
        }
        assertThat(d.flush(WAIT).isCompleted()).isTrue();

        List<String> lines = local.lines("logs");
        assertThat(lines).hasSize(2000);
        assertThat(new HashSet<>(lines)).hasSize(2000);
        DeliveryStats s = d.stats();
        assertThat(s.appended()).isEqualTo(2000);
        assertThat(s.delivered()).isEqualTo(2000);
        assertThat(s.dropped()).isZero();
        assertThat(s.billableBytes()).isEqualTo(s.recordsSent() * 0 + local.records("logs").stream()
                .mapToLong(r -> DeliveryStats.billable(r.length)).sum());
        assertThat(s.bytesSent()).isEqualTo(local.records("logs").stream().mapToLong(r -> r.length).sum());
    }

    @Test
    void appendsDuringStopAreAllDeliveredOrCounted() throws Exception {
        for (int round = 0; round < 20; round++) {
            FirehoseDelivery<String> d = start(config(), new TextEncoder());
            CountDownLatch running = new CountDownLatch(2);
            java.util.concurrent.atomic.AtomicBoolean halt = new java.util.concurrent.atomic.AtomicBoolean();
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                threads.add(new Thread(() -> {
                    running.countDown();
                    for (int i = 0; !halt.get() || i < 1000; i++) {
                        d.append("racing " + i);
                        if (i > 200_000) {
                            break;
                        }
                    }
                }));
            }
            threads.forEach(Thread::start);
            running.await();
            d.stop(WAIT);
            halt.set(true);
            for (Thread t : threads) {
                t.join(WAIT.toMillis());
            }
            DeliveryStats s = d.stats();
            assertThat(s.bufferDepthEvents()).as(s.toString()).isZero();
            assertAccounted(s);
        }
    }

    @Test
    void concurrentAppendersLoseNothingAndFlushCoversThemAll() throws Exception {
        FirehoseDelivery<String> d = start(config().aggregation(false), new TextEncoder());
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int id = t;
            threads.add(new Thread(() -> {
                for (int i = 0; i < 5000; i++) {
                    d.append("t" + id + "-" + i);
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join(WAIT.toMillis());
        }
        assertThat(d.flush(WAIT).isCompleted()).isTrue();

        assertThat(local.lines("logs")).hasSize(20_000).doesNotHaveDuplicates();
        assertThat(d.stats().delivered()).isEqualTo(20_000);
        assertThat(d.stats().bufferDepthEvents()).isZero();
        assertAccounted(d.stats());
    }

    @Test
    void withoutAggregationEachEventIsOneRecordAndCallsHoldAtMost500() {
        FirehoseDelivery<String> d = start(config().aggregation(false), new TextEncoder());
        for (int i = 0; i < 1234; i++) {
            d.append("e" + i);
        }
        assertThat(d.flush(WAIT).isCompleted()).isTrue();

        assertThat(local.records("logs")).hasSize(1234);
        assertThat(local.calls("logs")).allSatisfy(c -> assertThat(c.recordCount()).isLessThanOrEqualTo(500));
        assertThat(local.calls("logs").stream().mapToInt(FirehoseLocal.Call::recordCount).sum()).isEqualTo(1234);
        assertThat(d.stats().recordsSent()).isEqualTo(1234);
    }

    @Test
    void aggregatedRecordsAndCallsStayWithinFirehoseLimits() {
        String big = "x".repeat(100_000);
        FirehoseDelivery<String> d = start(config().bufferSize(64L << 20), new TextEncoder());
        for (int i = 0; i < 120; i++) {
            assertThat(d.append(i + big)).isTrue();
        }
        assertThat(d.flush(WAIT).isCompleted()).isTrue();

        assertThat(local.lines("logs")).hasSize(120);
        assertThat(local.records("logs")).allSatisfy(r -> assertThat(r.length).isLessThanOrEqualTo(1_024_000));
        assertThat(local.records("logs")).allSatisfy(r -> assertThat(r[r.length - 1]).isEqualTo((byte) '\n'));
        assertThat(local.calls("logs")).allSatisfy(c -> assertThat(c.totalBytes()).isLessThanOrEqualTo(4_000_000));
        assertThat(local.calls("logs").size()).isGreaterThanOrEqualTo(3);
        assertThat(local.records("logs").size()).isLessThan(120);
    }

    @Test
    void resendsExactlyTheFailedEntriesAndNothingTwice() {
        local.faults().failEntries(7);
        FirehoseDelivery<String> d = start(config().aggregation(false), new TextEncoder());
        for (int i = 0; i < 50; i++) {
            d.append("e" + i);
        }
        assertThat(d.flush(WAIT).isCompleted()).isTrue();

        List<String> lines = local.lines("logs");
        assertThat(lines).hasSize(50).doesNotHaveDuplicates();
        List<FirehoseLocal.Call> calls = local.calls("logs");
        assertThat(calls.get(0).failedCount()).isEqualTo(7);
        assertThat(calls.get(1).recordCount()).isEqualTo(7);
        assertThat(d.stats().entriesRetried()).isEqualTo(7);
        assertThat(d.stats().delivered()).isEqualTo(50);
        assertThat(status.all()).contains("ServiceUnavailableException");
    }

    @Test
    void retriesWholeCallsThatFailWithServerErrors() {
        local.faults().failNextCalls(2, 500);
        FirehoseDelivery<String> d = start(config(), new TextEncoder());
        for (int i = 0; i < 10; i++) {
            d.append("e" + i);
        }
        assertThat(d.flush(WAIT).isCompleted()).isTrue();

        assertThat(local.lines("logs")).hasSize(10).doesNotHaveDuplicates();
        assertThat(d.stats().callsRetried()).isEqualTo(2);
        assertThat(d.stats().delivered()).isEqualTo(10);
    }

    @Test
    void resendsAfterATimeoutAndCountsPossibleDuplicates() {
        local.faults().latency(Duration.ofMillis(1500));
        FirehoseDelivery<String> d = start(config().requestTimeout(Duration.ofMillis(300)), new TextEncoder());
        d.append("slow");
        await().atMost(WAIT).until(() -> d.stats().possibleDuplicates() >= 1);
        local.faults().latency(Duration.ZERO);
        assertThat(d.flush(WAIT).isCompleted()).isTrue();

        assertThat(local.lines("logs")).contains("slow");
        assertThat(d.stats().callsRetried()).isGreaterThanOrEqualTo(1);
        assertThat(d.stats().delivered()).isEqualTo(1);
        assertThat(status.all()).contains("timed out after sending");
    }

    @Test
    void truncatesAnEventLargerThanARecordAndCountsIt() {
        FirehoseDelivery<String> d = start(config().bufferSize(16L << 20), new TextEncoder());
        d.append("small");
        d.append("y".repeat(2_000_000));
        d.append("after");
        assertThat(d.flush(WAIT).isCompleted()).isTrue();

        List<String> lines = local.lines("logs");
        assertThat(lines).hasSize(3);
        assertThat(lines.get(1)).contains("\"truncated\":true");
        assertThat(lines.get(1).length() + 1).isLessThanOrEqualTo(1_024_000);
        assertThat(d.stats().truncated()).isEqualTo(1);
        assertThat(d.stats().delivered()).isEqualTo(3);
    }

    @Test
    void cutsALineWhenTheEncodersTruncationStillDoesNotFit() {
        TextEncoder careless = new TextEncoder() {
            @Override
            public byte[] encodeTruncated(String event, int maxBytes) {
                return encode(event);
            }
        };
        FirehoseDelivery<String> d = start(config(), careless);
        d.append("z".repeat(1_500_000));
        assertThat(d.flush(WAIT).isCompleted()).isTrue();

        assertThat(local.records("logs")).singleElement()
                .satisfies(r -> assertThat(r.length).isLessThanOrEqualTo(1_024_000));
        assertThat(local.lines("logs").get(0)).endsWith("\"truncated\":true}");
        assertThat(d.stats().truncated()).isEqualTo(1);
    }

    @Test
    void dropsNewestWhenFullAndCountsIt() {
        HeldThreads held = new HeldThreads();
        FirehoseDelivery<String> d = startHeld(config().bufferEvents(10), held);
        for (int i = 0; i < 15; i++) {
            assertThat(d.append("e" + i)).isEqualTo(i < 10);
        }
        held.release();
        assertThat(d.flush(WAIT).isCompleted()).isTrue();

        assertThat(local.lines("logs")).containsExactly("e0", "e1", "e2", "e3", "e4", "e5", "e6", "e7", "e8", "e9");
        assertThat(d.stats().dropped(DropCause.BUFFER_FULL)).isEqualTo(5);
        assertAccounted(d.stats());
    }

    @Test
    void dropsOldestWhenFullAndCountsIt() {
        HeldThreads held = new HeldThreads();
        FirehoseDelivery<String> d = startHeld(config().bufferEvents(10).overflowPolicy(OverflowPolicy.DROP_OLDEST), held);
        for (int i = 0; i < 15; i++) {
            assertThat(d.append("e" + i)).isTrue();
        }
        held.release();
        assertThat(d.flush(WAIT).isCompleted()).isTrue();

        assertThat(local.lines("logs")).containsExactly("e5", "e6", "e7", "e8", "e9", "e10", "e11", "e12", "e13", "e14");
        assertThat(d.stats().dropped(DropCause.BUFFER_FULL)).isEqualTo(5);
        assertAccounted(d.stats());
    }

    @Test
    void blocksUpToTheTimeoutThenDropsAndCounts() {
        HeldThreads held = new HeldThreads();
        FirehoseDelivery<String> d = startHeld(config().bufferEvents(10).overflowPolicy(OverflowPolicy.BLOCK)
                .blockTimeout(Duration.ofMillis(50)), held);
        for (int i = 0; i < 10; i++) {
            assertThat(d.append("e" + i)).isTrue();
        }
        long t0 = System.nanoTime();
        assertThat(d.append("late")).isFalse();
        assertThat(System.nanoTime() - t0).isGreaterThanOrEqualTo(Duration.ofMillis(50).toNanos());
        assertThat(d.stats().dropped(DropCause.BUFFER_FULL)).isEqualTo(1);
        held.release();
        assertThat(d.flush(WAIT).isCompleted()).isTrue();
        assertThat(local.lines("logs")).hasSize(10);
        assertAccounted(d.stats());
    }

    @Test
    void blockedAppendProceedsOnceTheSenderMakesRoom() throws Exception {
        HeldThreads held = new HeldThreads();
        FirehoseDelivery<String> d = startHeld(config().bufferEvents(10).overflowPolicy(OverflowPolicy.BLOCK)
                .blockTimeout(Duration.ofSeconds(30)), held);
        for (int i = 0; i < 10; i++) {
            d.append("e" + i);
        }
        CompletableFuture<Boolean> blocked = CompletableFuture.supplyAsync(() -> d.append("e10"));
        held.release();
        assertThat(blocked.get(20, TimeUnit.SECONDS)).isTrue();
        assertThat(d.flush(WAIT).isCompleted()).isTrue();
        assertThat(local.lines("logs")).hasSize(11);
        assertThat(d.stats().dropped()).isZero();
    }

    private FirehoseDelivery<String> startHeld(DeliveryConfig.Builder config, HeldThreads held) {
        FirehoseDelivery<String> d = FirehoseDelivery.start(config.build(), new TextEncoder(), status, held);
        started.add(d);
        return d;
    }

    @Test
    void flushSendsThePartialBatchWithoutWaitingForTheTimer() {
        FirehoseDelivery<String> d = start(config().maxBatchDelay(Duration.ofMinutes(10)), new TextEncoder());
        for (int i = 0; i < 100; i++) {
            d.append("e" + i);
        }
        assertThat(d.flush(WAIT).isCompleted()).isTrue();
        assertThat(local.lines("logs")).hasSize(100);
    }

    @Test
    void sendsOnTheTimerWithoutAFlush() {
        FirehoseDelivery<String> d = start(config().maxBatchDelay(Duration.ofMillis(100)), new TextEncoder());
        d.append("alone");
        await().atMost(WAIT).until(() -> local.lines("logs").size() == 1);
        assertThat(d.stats().delivered()).isEqualTo(1);
    }

    @Test
    void stopDeliversWhatIsBufferedThenRefusesAndCounts() {
        FirehoseDelivery<String> d = start(config().maxBatchDelay(Duration.ofMinutes(10)), new TextEncoder());
        for (int i = 0; i < 300; i++) {
            d.append("e" + i);
        }
        assertThat(d.stop(WAIT).isCompleted()).isTrue();
        assertThat(local.lines("logs")).hasSize(300);

        assertThat(d.append("after stop")).isFalse();
        assertThat(d.stats().dropped(DropCause.NOT_RUNNING)).isEqualTo(1);
        assertThat(d.stop(WAIT).isCompleted()).isTrue();
        assertAccounted(d.stats());
    }

    @Test
    void flushTimesOutDuringAnOutageAndStopCountsWhatIsLeft() {
        local.faults().outage(true);
        FirehoseDelivery<String> d = start(config(), new TextEncoder());
        d.append("a");
        d.append("b");
        FlushResult flush = d.flush(Duration.ofMillis(300));
        assertThat(flush.isCompleted()).isFalse();
        assertThat(flush.pendingEvents()).isEqualTo(2);

        FlushResult stop = d.stop(Duration.ofMillis(200));
        assertThat(stop.isCompleted()).isFalse();
        await().atMost(WAIT).until(() -> d.stats().dropped(DropCause.STOPPED) == 2);
        assertAccounted(d.stats());
        assertThat(status.all()).contains("STOPPED");
    }

    @Test
    void reportsAnUnknownStreamAndDeliversOnceItExists() {
        FirehoseDelivery<String> d = start(config().deliveryStream("late")
                .nonRetryableBackoff(Duration.ofMillis(100)), new TextEncoder());
        d.append("waiting for the stream");
        await().atMost(WAIT).until(() -> status.errors().stream().anyMatch(m -> m.contains("late")));
        assertThat(status.errors().get(0)).contains("create the stream or fix deliveryStream=late");

        try (FirehoseClient admin = FirehoseClient.builder().endpointOverride(local.endpoint())
                .region(Region.US_EAST_1).credentialsProvider(TEST_KEYS).build()) {
            admin.createDeliveryStream(b -> b.deliveryStreamName("late"));
        }
        assertThat(d.flush(WAIT).isCompleted()).isTrue();
        assertThat(local.lines("late")).containsExactly("waiting for the stream");
    }

    @Test
    void givesUpAfterMaxAttemptsAndCountsTheDrop() {
        FirehoseDelivery<String> d = start(config().deliveryStream("missing").maxAttempts(2)
                .nonRetryableBackoff(Duration.ofMillis(10)), new TextEncoder());
        d.append("doomed");
        assertThat(d.flush(WAIT).isCompleted()).isTrue();
        assertThat(d.stats().dropped(DropCause.RETRIES_EXHAUSTED)).isEqualTo(1);
        assertThat(status.all()).contains("gave up on 1 records (1 events) to missing after 2 attempts");
        assertAccounted(d.stats());
    }

    @Test
    void ignoresEventsAppendedFromTheSenderThread() {
        AtomicReference<FirehoseDelivery<String>> self = new AtomicReference<>();
        TextEncoder recursive = new TextEncoder() {
            @Override
            public byte[] encode(String event) {
                self.get().append("from the sender: " + event);
                return super.encode(event);
            }
        };
        FirehoseDelivery<String> d = start(config(), recursive);
        self.set(d);
        d.append("one");
        d.append("two");
        assertThat(d.flush(WAIT).isCompleted()).isTrue();

        assertThat(local.lines("logs")).containsExactly("one", "two");
        assertThat(d.stats().ignoredInternal()).isEqualTo(2);
        assertThat(d.stats().appended()).isEqualTo(2);
        assertThat(FirehoseDelivery.isInternalThread()).isFalse();
    }

    @Test
    void theDefaultsDeliverAStartUpBurstOfFiftyThousandEventsOverRealHttpWithoutADrop() {
        TextEncoder heapSized = new TextEncoder() {
            @Override
            public int estimateSize(String event) {
                return 1_200; // what a 300-byte event with two MDC entries retains on the heap
            }
        };
        DeliveryConfig defaults = LocalConfig.against(local.endpoint(), "logs").build();
        FirehoseDelivery<String> d = FirehoseDelivery.start(defaults, heapSized, status);
        started.add(d);
        String pad = "p".repeat(270);
        for (int i = 0; i < 50_000; i++) {
            d.append("burst " + i + " " + pad);
        }
        DeliveryStats afterBurst = d.stats();
        assertThat(d.flush(WAIT).isCompleted()).isTrue();

        assertThat(afterBurst.dropped()).as(afterBurst.toString()).isZero();
        assertThat(local.lines("logs")).hasSize(50_000).doesNotHaveDuplicates();
        assertAccounted(d.stats());
    }

    @Test
    void anInterruptedSenderThreadKeepsDeliveringOverRealHttp() {
        AtomicReference<Thread> sender = new AtomicReference<>();
        FirehoseDelivery<String> d = FirehoseDelivery.start(config().build(), new TextEncoder(), status, r -> {
            Thread t = FirehoseDelivery.senderThreads("interrupted").newThread(r);
            sender.compareAndSet(null, t);
            return t;
        });
        started.add(d);
        d.append("first");
        assertThat(d.flush(WAIT).isCompleted()).isTrue();

        sender.get().interrupt(); // an executor's shutdownNow on the thread it made for us
        for (int i = 0; i < 100; i++) {
            d.append("after interrupt " + i);
        }
        assertThat(d.flush(WAIT).isCompleted()).isTrue();
        assertThat(local.lines("logs")).hasSize(101);
        assertThat(status.all()).contains("was interrupted");
        assertAccounted(d.stats());
    }

    @Test
    void registersOneMBeanPerAppenderWithUniqueNamesAndUnregistersOnStop() throws Exception {
        FirehoseDelivery<String> first = start(config().jmx(true).name("dup"), new TextEncoder());
        FirehoseDelivery<String> second = start(config().jmx(true).name("dup"), new TextEncoder());
        assertThat(first.awaitMBeanPublished(WAIT) && second.awaitMBeanPublished(WAIT)).isTrue();
        ObjectName a = new ObjectName("io.github.firehoseappender:type=FirehoseAppender,name=dup");
        ObjectName b = new ObjectName("io.github.firehoseappender:type=FirehoseAppender,name=dup-2");
        var server = ManagementFactory.getPlatformMBeanServer();
        assertThat(server.isRegistered(a)).isTrue();
        assertThat(server.isRegistered(b)).isTrue();
        first.append("x");
        first.flush(WAIT);
        // Registered on threads of their own, either may have got the plain name: one of the two reads 1.
        assertThat(java.util.List.of(server.getAttribute(a, "Delivered"), server.getAttribute(b, "Delivered")))
                .containsExactlyInAnyOrder(1L, 0L);

        first.stop(WAIT);
        second.stop(WAIT);
        assertThat(server.isRegistered(a)).isFalse();
        assertThat(server.isRegistered(b)).isFalse();
    }

    @Test
    void quotesAnAppenderNameThatIsNotAPlainObjectNameValue() throws Exception {
        FirehoseDelivery<String> d = start(config().jmx(true).name("app:FIREHOSE, eu"), new TextEncoder());
        assertThat(d.awaitMBeanPublished(WAIT)).isTrue();
        ObjectName quoted = new ObjectName("io.github.firehoseappender:type=FirehoseAppender,name="
                + ObjectName.quote("app:FIREHOSE, eu"));
        assertThat(ManagementFactory.getPlatformMBeanServer().isRegistered(quoted)).isTrue();
    }

    @Test
    void aStopBeforeTheMBeanIsPublishedLeavesNoneRegistered() throws Exception {
        ObjectName name = new ObjectName("io.github.firehoseappender:type=FirehoseAppender,name=brief");
        for (int i = 0; i < 20; i++) {
            FirehoseDelivery<String> d = FirehoseDelivery.start(config().jmx(true).name("brief").build(),
                    new TextEncoder(), status);
            d.stop(WAIT); // at once: the registration may still be under way, and closes itself when it ends
            assertThat(d.awaitMBeanPublished(WAIT)).isTrue();
            assertThat(ManagementFactory.getPlatformMBeanServer().isRegistered(name)).as("round " + i).isFalse();
        }
    }

    @Test
    void reportsAccessDeniedWithThePermissionTheRoleNeeds() {
        local.faults().failNextCalls(1, 403);
        FirehoseDelivery<String> d = start(config().nonRetryableBackoff(Duration.ofMillis(20)), new TextEncoder());
        d.append("denied once");
        assertThat(d.flush(WAIT).isCompleted()).isTrue();
        assertThat(status.errors()).singleElement().asString()
                .contains("access denied putting to delivery stream logs")
                .contains("needs firehose:PutRecordBatch on arn:aws:firehose:us-east-1:*:deliverystream/logs");
        assertThat(local.lines("logs")).containsExactly("denied once");
    }

    @Test
    void withoutAnyRegionReportsHowToSetOneAndCountsEventsAsDropped() {
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv("AWS_REGION") == null
                && System.getenv("AWS_DEFAULT_REGION") == null && System.getProperty("aws.region") == null
                && !java.nio.file.Files.exists(java.nio.file.Path.of(System.getProperty("user.home"), ".aws")));
        String before = System.getProperty("aws.disableEc2Metadata");
        System.setProperty("aws.disableEc2Metadata", "true");
        try {
            FirehoseDelivery<String> d = start(config().region(null).endpoint(null), new TextEncoder());
            await().atMost(WAIT).until(() -> !status.errors().isEmpty());
            assertThat(status.errors().get(0)).contains("no AWS region").contains("FIREHOSE_REGION")
                    .contains("AWS_REGION");
            assertThat(d.append("nowhere to go")).isFalse();
            assertThat(d.stats().dropped(DropCause.NOT_RUNNING)).isEqualTo(1);
            assertAccounted(d.stats());
        } finally {
            if (before == null) {
                System.clearProperty("aws.disableEc2Metadata");
            } else {
                System.setProperty("aws.disableEc2Metadata", before);
            }
        }
    }

    @Test
    void neverPutsSecretsInStatus() {
        FirehoseDelivery<String> d = start(config().roleArn("arn:aws:iam::123456789012:role/producer")
                .externalId("s3cr3t-external").stsEndpoint(local.endpoint().toString())
                .maxAttempts(1), new TextEncoder());
        d.append("via role");
        assertThat(d.flush(WAIT).isCompleted()).isTrue();
        assertThat(status.all()).contains("arn:aws:iam::123456789012:role/producer");
        assertThat(status.all()).doesNotContain("s3cr3t-external").doesNotContain("test-secret-key");
    }
}
