package io.github.firehoseappender.core.stats;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DeliveryStatsTest {

    @Test
    void billsEachRecordRoundedUpToTheNext5KB() {
        assertThat(DeliveryStats.billable(1)).isEqualTo(5120);
        assertThat(DeliveryStats.billable(5120)).isEqualTo(5120);
        assertThat(DeliveryStats.billable(5121)).isEqualTo(10240);
        assertThat(DeliveryStats.billable(1_024_000)).isEqualTo(1_024_000);
    }

    @Test
    void snapshotSumsDropsByCause() {
        DeliveryCounters c = new DeliveryCounters();
        c.appended();
        c.appended();
        c.appended();
        c.dropped(DropCause.BUFFER_FULL, 1);
        c.dropped(DropCause.STOPPED, 1);
        c.recordSent(300);
        c.delivered(1);
        DeliveryStats s = c.snapshot(4, 40);
        assertThat(s.appended()).isEqualTo(3);
        assertThat(s.dropped()).isEqualTo(2);
        assertThat(s.dropped(DropCause.BUFFER_FULL)).isEqualTo(1);
        assertThat(s.droppedByCause()).containsKeys(DropCause.values());
        assertThat(s.billableBytes()).isEqualTo(5120);
        assertThat(s.bytesSent()).isEqualTo(300);
        assertThat(s.bufferDepthEvents()).isEqualTo(4);
        assertThat(s.lastError()).isNull();
    }

    @Test
    void reportsTheFirstFewOfEachKindThenEveryHundredth() {
        java.util.List<String> seen = new java.util.ArrayList<>();
        io.github.firehoseappender.core.StatusReporter sink = new io.github.firehoseappender.core.StatusReporter() {
            @Override public void info(String m) { seen.add(m); }
            @Override public void warn(String m, Throwable t) { seen.add(m); }
            @Override public void error(String m, Throwable t) { seen.add(m); }
        };
        DeliveryCounters counters = new DeliveryCounters();
        RateLimitedStatus status = new RateLimitedStatus(sink, counters, "");
        for (int i = 0; i < 250; i++) {
            status.error("Throttled", "slow down", null);
        }
        status.error("Other", "different", null);
        assertThat(seen).hasSize(3 + 2 + 1);
        assertThat(seen.get(3)).contains("100 occurrences so far");
        assertThat(counters.snapshot(0, 0).lastError()).isEqualTo("different");
    }
}
