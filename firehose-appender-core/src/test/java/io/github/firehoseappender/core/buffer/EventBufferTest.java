package io.github.firehoseappender.core.buffer;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.firehoseappender.core.config.OverflowPolicy;
import io.github.firehoseappender.core.stats.DeliveryCounters;
import io.github.firehoseappender.core.stats.DropCause;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class EventBufferTest {
    private final DeliveryCounters counters = new DeliveryCounters();
    private final AtomicInteger wakeUps = new AtomicInteger();

    private EventBuffer<String> buffer(long events, long bytes, OverflowPolicy policy) {
        return new EventBuffer<>(events, bytes, 5, 1000, policy, TimeUnit.MILLISECONDS.toNanos(20), counters,
                wakeUps::incrementAndGet);
    }

    private static List<Object> drainAll(EventBuffer<String> buffer) {
        List<Object> out = new ArrayList<>();
        buffer.drain(Integer.MAX_VALUE, new EventBuffer.Sink<>() {
            @Override public void event(String event) { out.add(event); }
            @Override public void flushRequested(FlushTicket ticket) { out.add(ticket); }
        });
        return out;
    }

    @Test
    void dropsNewestWhenTheEventLimitIsReachedAndCountsIt() {
        EventBuffer<String> b = buffer(3, 1 << 20, OverflowPolicy.DROP_NEWEST);
        assertThat(b.offer("a", 10)).isTrue();
        assertThat(b.offer("b", 10)).isTrue();
        assertThat(b.offer("c", 10)).isTrue();
        assertThat(b.offer("d", 10)).isFalse();
        assertThat(counters.droppedCount(DropCause.BUFFER_FULL)).isEqualTo(1);
        assertThat(drainAll(b)).containsExactly("a", "b", "c");
        assertThat(b.depthEvents()).isZero();
        assertThat(b.depthBytes()).isZero();
    }

    @Test
    void dropsNewestWhenTheByteLimitIsReached() {
        EventBuffer<String> b = buffer(100, 100, OverflowPolicy.DROP_NEWEST);
        assertThat(b.offer("a", 60)).isTrue();
        assertThat(b.offer("b", 60)).isFalse();
        assertThat(b.offer("c", 40)).isTrue();
        assertThat(b.depthBytes()).isEqualTo(100);
        assertThat(counters.droppedCount(DropCause.BUFFER_FULL)).isEqualTo(1);
    }

    @Test
    void acceptsOneEventLargerThanTheWholeBufferWhenEmpty() {
        EventBuffer<String> b = buffer(100, 100, OverflowPolicy.DROP_NEWEST);
        assertThat(b.offer("huge", 5000)).isTrue();
        assertThat(b.offer("next", 1)).isFalse();
    }

    @Test
    void dropsOldestToMakeRoomAndCountsEachEviction() {
        EventBuffer<String> b = buffer(3, 1 << 20, OverflowPolicy.DROP_OLDEST);
        for (String s : new String[] {"a", "b", "c", "d", "e"}) {
            assertThat(b.offer(s, 10)).isTrue();
        }
        assertThat(counters.droppedCount(DropCause.BUFFER_FULL)).isEqualTo(2);
        assertThat(drainAll(b)).containsExactly("c", "d", "e");
    }

    @Test
    void evictionKeepsFlushTicketsForTheSender() {
        EventBuffer<String> b = buffer(2, 1 << 20, OverflowPolicy.DROP_OLDEST);
        b.offer("a", 1);
        FlushTicket ticket = new FlushTicket();
        b.offerTicket(ticket);
        b.offer("b", 1);
        b.offer("c", 1);
        b.offer("d", 1);
        assertThat(drainAll(b)).containsExactly(ticket, "c", "d");
    }

    @Test
    void blockWaitsForTheTimeoutThenDrops() {
        EventBuffer<String> b = buffer(1, 1 << 20, OverflowPolicy.BLOCK);
        assertThat(b.offer("a", 1)).isTrue();
        long t0 = System.nanoTime();
        assertThat(b.offer("b", 1)).isFalse();
        assertThat(System.nanoTime() - t0).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(20));
        assertThat(counters.droppedCount(DropCause.BUFFER_FULL)).isEqualTo(1);
    }

    @Test
    void wakesTheSenderOnlyWhenABatchIsBufferedOrOnFlush() {
        EventBuffer<String> b = buffer(100, 1 << 20, OverflowPolicy.DROP_NEWEST);
        for (int i = 0; i < 4; i++) {
            b.offer("e" + i, 10);
        }
        assertThat(wakeUps.get()).isZero();
        b.offer("fifth", 10);
        assertThat(wakeUps.get()).isEqualTo(1);
        for (int i = 0; i < 10; i++) {
            b.offer("more" + i, 10);
        }
        assertThat(wakeUps.get()).isEqualTo(1);
        b.offerTicket(new FlushTicket());
        assertThat(wakeUps.get()).isEqualTo(2);
        assertThat(b.holdsBatch()).isTrue();
    }

    @Test
    void drainsAtMostTheRequestedNumberOfEvents() {
        EventBuffer<String> b = buffer(100, 1 << 20, OverflowPolicy.DROP_NEWEST);
        b.offer("a", 1);
        b.offer("b", 1);
        List<String> got = new ArrayList<>();
        int n = b.drain(1, new EventBuffer.Sink<>() {
            @Override public void event(String event) { got.add(event); }
            @Override public void flushRequested(FlushTicket ticket) { }
        });
        assertThat(n).isEqualTo(1);
        assertThat(got).containsExactly("a");
        assertThat(b.depthEvents()).isEqualTo(1);
    }

    @Test
    void afterCloseOffersAreRefusedAndCountedNotRunningAndTicketsRefused() {
        EventBuffer<String> b = buffer(100, 1 << 20, OverflowPolicy.DROP_NEWEST);
        assertThat(b.offer("kept", 10)).isTrue();
        b.close();
        assertThat(b.offer("late", 10)).isFalse();
        assertThat(b.offerTicket(new FlushTicket())).isFalse();
        assertThat(counters.droppedCount(DropCause.NOT_RUNNING)).isEqualTo(1);
        assertThat(drainAll(b)).containsExactly("kept");
    }

    @Test
    void encodedBytesTheSenderHoldsCountAgainstTheByteBound() {
        EventBuffer<String> b = buffer(100, 1000, OverflowPolicy.DROP_NEWEST);
        b.holdEncoded(900, 1);
        assertThat(b.offer("a", 100)).isTrue();
        assertThat(b.offer("b", 1)).isFalse();
        assertThat(b.depthBytes()).isEqualTo(1000);
        b.releaseEncoded(900, 1);
        assertThat(b.refusing()).isFalse();
        assertThat(b.offer("b", 1)).isTrue();
    }

    @Test
    void eventsTheSenderHoldsCountAgainstTheEventBound() {
        EventBuffer<String> b = buffer(3, 1 << 20, OverflowPolicy.DROP_NEWEST);
        b.holdEncoded(30, 2);
        assertThat(b.offer("a", 10)).isTrue();
        assertThat(b.offer("b", 10)).isFalse();
        b.releaseEncoded(30, 2);
        assertThat(b.offer("b", 10)).isTrue();
    }
}
