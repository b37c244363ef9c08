package io.github.firehoseappender.core.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.firehoseappender.core.RecordingStatus;
import io.github.firehoseappender.core.TextEncoder;
import io.github.firehoseappender.core.stats.DeliveryCounters;
import io.github.firehoseappender.core.stats.DropCause;
import io.github.firehoseappender.core.stats.RateLimitedStatus;
import org.junit.jupiter.api.Test;

class LineMakerTest {
    private final DeliveryCounters counters = new DeliveryCounters();
    private final RecordingStatus status = new RecordingStatus();

    private LineMaker<String> throwing(Throwable t) {
        return new LineMaker<>(new TextEncoder() {
            @Override
            public byte[] encode(String event) {
                if (t instanceof Error) {
                    throw (Error) t;
                }
                throw (RuntimeException) t;
            }
        }, 1_024_000, counters, new RateLimitedStatus(status, counters, ""));
    }

    @Test
    void anyErrorOfTheEncoderCostsOneEventCountedAndReported() {
        assertThat(throwing(new AssertionError("custom encoder")).line("a")).isNull();
        assertThat(throwing(new OutOfMemoryError("Java heap space")).line("b")).isNull();
        assertThat(throwing(new NoClassDefFoundError("com/example/Missing")).line("c")).isNull();
        assertThat(throwing(new StackOverflowError()).line("d")).isNull();
        assertThat(counters.droppedCount(DropCause.ENCODING_FAILED)).isEqualTo(4);
        assertThat(status.errors()).hasSize(4).allSatisfy(m -> assertThat(m).contains("ENCODING_FAILED"));
    }

    @Test
    void aBrokenJvmEndsTheSenderButTheEventIsCountedFirst() {
        assertThatThrownBy(() -> throwing(new InternalError("broken")).line("e")).isInstanceOf(InternalError.class);
        assertThat(counters.droppedCount(DropCause.ENCODING_FAILED)).isEqualTo(1);
    }
}
