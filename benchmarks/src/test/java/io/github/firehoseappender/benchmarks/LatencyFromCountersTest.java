package io.github.firehoseappender.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LatencyFromCountersTest {
    @Test
    void theKthAcceptedEventIsTheKthAcknowledgedOne() {
        LatencyFromCounters l = new LatencyFromCounters();
        l.sample(0, 10, 0);            // events 1..10 accepted by t=0
        l.sample(1_000_000, 20, 5);    // 11..20 by 1 ms; 1..5 acknowledged at 1 ms
        l.sample(2_000_000, 20, 10);   // 6..10 at 2 ms
        l.sample(5_000_000, 20, 20);   // 11..20 at 5 ms (4 ms after they were accepted)

        double[] p = l.percentilesMillis(0, 20, 0.25, 0.5, 1.0);

        assertThat(p).containsExactly(1.0, 2.0, 4.0);
    }

    @Test
    void onlyTheWindowsEventsCount() {
        LatencyFromCounters l = new LatencyFromCounters();
        l.sample(0, 10, 0);
        l.sample(3_000_000, 20, 10);   // the first ten, outside the window, took 3 ms
        l.sample(4_000_000, 20, 20);   // the window's ten took 1 ms

        assertThat(l.percentilesMillis(10, 20, 1.0)).containsExactly(1.0);
    }
}
