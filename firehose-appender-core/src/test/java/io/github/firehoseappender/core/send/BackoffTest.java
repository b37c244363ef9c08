package io.github.firehoseappender.core.send;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BackoffTest {
    private final Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(20), new Random(42));

    @Test
    void ceilingDoublesFromInitialUpToMax() {
        assertThat(backoff.ceilingNanos(1)).isEqualTo(Duration.ofMillis(100).toNanos());
        assertThat(backoff.ceilingNanos(2)).isEqualTo(Duration.ofMillis(200).toNanos());
        assertThat(backoff.ceilingNanos(5)).isEqualTo(Duration.ofMillis(1600).toNanos());
        assertThat(backoff.ceilingNanos(9)).isEqualTo(Duration.ofSeconds(20).toNanos());
        assertThat(backoff.ceilingNanos(1000)).isEqualTo(Duration.ofSeconds(20).toNanos());
    }

    @Test
    void delaysAreFullJitterWithinTheCeiling() {
        for (int attempt = 1; attempt < 70; attempt++) {
            long max = 0;
            for (int i = 0; i < 200; i++) {
                long d = backoff.delayNanos(attempt);
                assertThat(d).isBetween(0L, backoff.ceilingNanos(attempt));
                max = Math.max(max, d);
            }
            assertThat(max).isGreaterThan(backoff.ceilingNanos(attempt) / 2);
        }
    }
}
