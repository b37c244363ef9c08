package io.github.firehoseappender.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.firehoseappender.core.config.DeliveryConfig;
import io.github.firehoseappender.local.FirehoseLocal;
import io.github.firehoseappender.core.send.FirehoseTransport;
import io.github.firehoseappender.core.send.SenderLoop;
import io.github.firehoseappender.core.stats.DeliveryStats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.crac.Resource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The checkpoint/restore path (CRaC, Lambda SnapStart) through the hooks themselves: no CRaC JVM is needed to prove
 * that a paused delivery keeps every event, holds no thread and no client, and builds a new client after restore.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CheckpointRestoreTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final RecordingStatus status = new RecordingStatus();
    /** Every client built, in order: one per start and one per restore. */
    private final List<FakeTransport> clients = new CopyOnWriteArrayList<>();
    /** Every thread the delivery made: senders and client-setup threads. */
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final List<FirehoseDelivery<?>> started = new ArrayList<>();

    @AfterEach
    void stopAll() {
        for (FirehoseDelivery<?> d : started) {
            d.stop(Duration.ofSeconds(5));
        }
    }

    private FirehoseDelivery<String> start() {
        return start(new TextEncoder());
    }

    private FirehoseDelivery<String> start(EventEncoder<String> encoder) {
        DeliveryConfig config = DeliveryConfig.builder().environment(Map.of()).deliveryStream("logs").name("app")
                .shutdownHook(false).jmx(false).build();
        ThreadFactory recorded = runnable -> {
            Thread t = FirehoseDelivery.senderThreads("app").newThread(runnable);
            threads.add(t);
            return t;
        };
        Supplier<FirehoseTransport> newClient = () -> {
            FakeTransport client = new FakeTransport();
            clients.add(client);
            return client;
        };
        FirehoseDelivery<String> d = FirehoseDelivery.start(config, encoder, status, recorded, newClient);
        started.add(d);
        return d;
    }

    private static void log(FirehoseDelivery<String> d, String phase, int n) {
        for (int i = 0; i < n; i++) {
            assertThat(d.append(phase + "-" + i)).isTrue();
        }
    }

    private List<String> delivered() {
        List<String> all = new ArrayList<>();
        for (FakeTransport c : clients) {
            all.addAll(c.lines());
        }
        return all;
    }

    private void assertNoThreadOfOursAlive() throws InterruptedException {
        for (Thread t : threads) {
            t.join(WAIT.toMillis()); // they have ended already; the join only gives a failure its time
            assertThat(t.isAlive()).as(t.getName() + " alive while paused for a checkpoint").isFalse();
        }
    }

    @Test
    void eventsLoggedBeforeDuringAndAfterACheckpointAreAllDelivered() throws InterruptedException {
        FirehoseDelivery<String> d = start();
        log(d, "before", 500);

        assertThat(d.beforeCheckpoint(WAIT).isCompleted()).isTrue();
        assertThat(clients).hasSize(1);
        assertThat(clients.get(0).lines()).as("flushed before the checkpoint").hasSize(500);
        assertThat(clients.get(0).isClosed()).as("the client is closed for the checkpoint").isTrue();
        assertThat(d.senderState()).isEqualTo(SenderLoop.State.PAUSED);
        assertNoThreadOfOursAlive();

        log(d, "during", 300);
        assertThat(d.stats().bufferDepthEvents()).as("kept in the buffer while paused").isEqualTo(300);
        assertThat(d.stats().dropped()).isZero();

        d.afterRestore();
        log(d, "after", 200);
        assertThat(d.flush(WAIT).isCompleted()).isTrue();

        assertThat(clients).as("a new client after restore").hasSize(2);
        assertThat(clients.get(1).lines()).hasSize(500);
        List<String> all = delivered();
        assertThat(all).hasSize(1_000);
        assertThat(new HashSet<>(all)).hasSize(1_000).contains("before-0", "during-299", "after-199");
        DeliveryStats s = d.stats();
        assertThat(s.delivered()).isEqualTo(1_000);
        assertThat(s.appended()).as(s.toString()).isEqualTo(s.delivered() + s.dropped());
    }

    /** Writes each event with the number of restores it has seen, so a line tells which side of the restore made it. */
    private static final class RestoreCountingEncoder extends TextEncoder {
        private final AtomicInteger restores = new AtomicInteger();

        @Override
        public byte[] encode(String event) {
            return super.encode(event + "@" + restores.get());
        }

        @Override
        public void afterRestore() {
            restores.incrementAndGet();
        }
    }

    @Test
    void theEncoderRenewsItselfOnRestoreBeforeTheEventsKeptDuringThePauseAreEncoded() throws InterruptedException {
        RestoreCountingEncoder encoder = new RestoreCountingEncoder();
        FirehoseDelivery<String> d = start(encoder);
        log(d, "before", 3);
        assertThat(d.beforeCheckpoint(WAIT).isCompleted()).isTrue();
        log(d, "during", 3);
        d.afterRestore();
        log(d, "after", 3);
        assertThat(d.flush(WAIT).isCompleted()).isTrue();

        assertThat(encoder.restores).hasValue(1);
        assertThat(delivered()).containsExactly("before-0@0", "before-1@0", "before-2@0",
                "during-0@1", "during-1@1", "during-2@1", "after-0@1", "after-1@1", "after-2@1");
        d.afterRestore();
        assertThat(encoder.restores).as("a restore without a checkpoint does nothing").hasValue(1);
    }

    @Test
    void anEncoderThatFailsToRenewItselfCostsNotTheRestore() throws InterruptedException {
        FirehoseDelivery<String> d = start(new TextEncoder() {
            @Override
            public void afterRestore() {
                throw new AssertionError("custom encoder");
            }
        });
        assertThat(d.beforeCheckpoint(WAIT).isCompleted()).isTrue();
        d.afterRestore();
        log(d, "after", 3);
        assertThat(d.flush(WAIT).isCompleted()).as("the sender resumed").isTrue();
        assertThat(delivered()).containsExactly("after-0", "after-1", "after-2");
        assertThat(status.all()).contains("failed to renew itself", "custom encoder");
    }

    @Test
    void everyRestoreBuildsANewClientOnANewSenderThread() throws InterruptedException {
        FirehoseDelivery<String> d = start();
        for (int cycle = 1; cycle <= 3; cycle++) {
            log(d, "cycle" + cycle, 10);
            Thread sender = d.senderThread();
            assertThat(d.beforeCheckpoint(WAIT).isCompleted()).isTrue();
            assertNoThreadOfOursAlive();
            assertThat(clients.get(cycle - 1).isClosed()).isTrue();
            d.afterRestore();
            assertThat(d.senderThread()).isNotSameAs(sender);
            log(d, "restored" + cycle, 1); // a flush of nothing completes before the client is built
            assertThat(d.flush(WAIT).isCompleted()).isTrue();
            assertThat(clients).hasSize(cycle + 1);
            assertThat(clients.get(cycle).isClosed()).isFalse();
        }
        assertThat(delivered()).hasSize(33);
        assertThat(status.errors()).isEmpty();
    }

    @Test
    void aSecondCheckpointOrARestoreWithoutOneDoesNothing() {
        FirehoseDelivery<String> d = start();
        d.afterRestore();
        log(d, "first", 1);
        assertThat(d.flush(WAIT).isCompleted()).isTrue();
        assertThat(clients).hasSize(1);
        assertThat(d.beforeCheckpoint(WAIT).isCompleted()).isTrue();
        assertThat(d.beforeCheckpoint(WAIT).isCompleted()).isTrue();
        d.afterRestore();
        d.afterRestore();
        log(d, "x", 5);
        assertThat(d.flush(WAIT).isCompleted()).isTrue();
        assertThat(clients).hasSize(2);
        assertThat(delivered()).hasSize(6);
    }

    @Test
    void aStopWhilePausedDeliversWhatWasKeptThenEnds() throws InterruptedException {
        FirehoseDelivery<String> d = start();
        log(d, "before", 10);
        assertThat(d.beforeCheckpoint(WAIT).isCompleted()).isTrue();
        log(d, "during", 40);

        assertThat(d.stop(WAIT).isCompleted()).isTrue();

        assertThat(d.senderState()).isEqualTo(SenderLoop.State.STOPPED);
        assertThat(delivered()).hasSize(50);
        assertThat(d.stats().dropped()).isZero();
        assertThat(clients.get(clients.size() - 1).isClosed()).isTrue();
        assertNoThreadOfOursAlive();
    }

    @Test
    void aCheckpointAfterStopDoesNothing() {
        FirehoseDelivery<String> d = start();
        log(d, "x", 3);
        assertThat(d.stop(WAIT).isCompleted()).isTrue();
        assertThat(d.beforeCheckpoint(WAIT).isCompleted()).isTrue();
        d.afterRestore();
        assertThat(d.senderState()).isEqualTo(SenderLoop.State.STOPPED);
        assertThat(clients).hasSize(1);
    }

    @Test
    void theCracResourceRegisteredWhenOrgCracIsPresentTakesTheDeliveryThroughTheCycle() throws Exception {
        FirehoseDelivery<String> d = start();
        Object registered = CracRegistration.registerIfAvailable(d);
        assertThat(registered).isInstanceOf(Resource.class);
        Resource resource = (Resource) registered;
        log(d, "before", 20);

        resource.beforeCheckpoint(null);
        assertThat(d.senderState()).isEqualTo(SenderLoop.State.PAUSED);
        assertNoThreadOfOursAlive();
        log(d, "during", 20);
        resource.afterRestore(null);

        assertThat(d.flush(WAIT).isCompleted()).isTrue();
        assertThat(delivered()).hasSize(40);
        assertThat(clients).hasSize(2);
    }

    @Test
    void withTheRealSdkClientNoThreadOfOursOutlivesTheCheckpointAndTheRestoredClientDelivers() throws Exception {
        try (FirehoseLocal local = FirehoseLocal.builder().port(0).stream("logs").start()) {
            DeliveryConfig config = LocalConfig.against(local.endpoint(), "logs").name("checkpointed").build();
            FirehoseDelivery<String> d = FirehoseDelivery.start(config, new TextEncoder(), status);
            started.add(d);
            log(d, "before", 100);

            assertThat(d.beforeCheckpoint(WAIT).isCompleted()).isTrue();
            assertThat(local.lines("logs")).hasSize(100);
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                if (t.getName().startsWith("firehose-") && t.getName().contains("checkpointed")) {
                    t.join(WAIT.toMillis()); // the SDK's timer thread ends shortly after its shutdownNow
                    assertThat(t.isAlive()).as(t.getName() + " alive while paused for a checkpoint").isFalse();
                }
            }
            log(d, "during", 100);
            d.afterRestore();
            log(d, "after", 100);

            assertThat(d.flush(WAIT).isCompleted()).isTrue();
            assertThat(new HashSet<>(local.lines("logs"))).hasSize(300).contains("before-0", "during-99", "after-99");
            assertThat(d.stop(WAIT).isCompleted()).isTrue();
            assertThat(status.errors()).isEmpty();
        }
    }
}
