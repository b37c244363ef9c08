package io.github.firehoseappender.core.buffer;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.firehoseappender.core.config.OverflowPolicy;
import io.github.firehoseappender.core.stats.DeliveryCounters;
import io.github.firehoseappender.core.stats.DropCause;
import org.junit.jupiter.api.Test;

class EventBufferRefusingTest {
    private final DeliveryCounters counters = new DeliveryCounters();

    private EventBuffer<String> buffer(OverflowPolicy policy) {
        return new EventBuffer<>(2, 1_000, 2, 1_000, policy, 0, counters, () -> { });
    }

    private static EventBuffer.Sink<String> discard() {
        return new EventBuffer.Sink<>() {
            @Override
            public void event(String event) {
            }

            @Override
            public void flushRequested(FlushTicket ticket) {
                ticket.complete();
            }
        };
    }

    @Test
    void refusesFromTheFirstDroppedEventUntilTheSenderFreesRoom() {
        EventBuffer<String> b = buffer(OverflowPolicy.DROP_NEWEST);
        b.offer("a", 10);
        b.offer("b", 10);
        assertThat(b.refusing()).as("full, but nothing refused yet").isFalse();

        assertThat(b.offer("c", 10)).isFalse();
        assertThat(b.refusing()).isTrue();
        assertThat(counters.droppedCount(DropCause.BUFFER_FULL)).isEqualTo(1);

        b.drain(1, discard());
        assertThat(b.refusing()).isFalse();
        assertThat(b.offer("d", 10)).isTrue();
    }

    @Test
    void neverRefusesUpFrontUnderTheOtherPolicies() {
        for (OverflowPolicy policy : new OverflowPolicy[] {OverflowPolicy.DROP_OLDEST, OverflowPolicy.BLOCK}) {
            EventBuffer<String> b = buffer(policy);
            for (int i = 0; i < 5; i++) {
                b.offer("e" + i, 10);
            }
            assertThat(b.refusing()).as(policy.toString()).isFalse();
        }
    }
}
