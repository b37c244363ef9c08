package io.github.firehoseappender.core.send;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class StreamPickerTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void takesTheStreamsInTurn() {
        StreamPicker picker = new StreamPicker(List.of("a", "b", "c"), 0, 0, 0);
        assertThat(new int[] {picker.pick(0, 10), picker.pick(0, 10), picker.pick(0, 10), picker.pick(0, 10)})
                .containsExactly(0, 1, 2, 0);
    }

    @Test
    void skipsAThrottledStreamUntilItsCoolDownEnds() {
        StreamPicker picker = new StreamPicker(List.of("a", "b"), 0, 0, 0);
        assertThat(picker.pick(0, 10)).isZero();
        picker.throttled(0, 5 * SECOND);
        assertThat(picker.pick(SECOND, 10)).isEqualTo(1);
        assertThat(picker.pick(SECOND, 10)).as("a still cools down").isEqualTo(1);
        assertThat(picker.pick(5 * SECOND, 10)).isZero();
    }

    @Test
    void withOneStreamThrottlingIsAWaitUntilTheCoolDownEnds() {
        StreamPicker picker = new StreamPicker(List.of("a"), 0, 0, 0);
        picker.throttled(0, 3 * SECOND);
        assertThat(picker.pick(SECOND, 10)).isEqualTo(-1);
        assertThat(picker.readyAt(SECOND, 10)).isEqualTo(3 * SECOND);
    }

    @Test
    void bytePacingSpendsOneSecondsAllowancePerStreamThenWaitsForItToRefill() {
        StreamPicker picker = new StreamPicker(List.of("a", "b"), 1_000_000, 0, 0);
        assertThat(picker.pick(0, 800_000)).isZero();
        picker.sent(0, 800_000, 0);
        assertThat(picker.pick(0, 800_000)).isEqualTo(1);
        picker.sent(1, 800_000, 0);
        assertThat(picker.pick(0, 800_000)).as("both spent").isEqualTo(-1);
        // 600,000 bytes missing at 1,000,000 bytes/s on either stream.
        assertThat(picker.readyAt(0, 800_000)).isEqualTo(600_000_000L);
        assertThat(picker.pick(600_000_000L, 800_000)).isZero();
    }

    @Test
    void callPacingLetsThroughAtMostTheRateOfCallsPerSecond() {
        StreamPicker picker = new StreamPicker(List.of("a"), 0, 2, 0);
        for (int i = 0; i < 2; i++) {
            assertThat(picker.pick(0, 1)).isZero();
            picker.sent(0, 1, 0);
        }
        assertThat(picker.pick(0, 1)).isEqualTo(-1);
        assertThat(picker.readyAt(0, 1)).isEqualTo(SECOND / 2);
    }
}
