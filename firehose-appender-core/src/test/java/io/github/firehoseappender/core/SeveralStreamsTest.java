package io.github.firehoseappender.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.firehoseappender.core.config.DeliveryConfig;
import io.github.firehoseappender.core.stats.DeliveryStats;
import io.github.firehoseappender.core.stats.StreamStats;
import io.github.firehoseappender.local.FirehoseLocal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** One appender, several delivery streams of one table: over real HTTP against firehose-local. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SeveralStreamsTest {
    private static final List<String> STREAMS = List.of("logs-1", "logs-2", "logs-3");

    private FirehoseLocal local;
    private FirehoseDelivery<String> delivery;

    @BeforeEach
    void startLocal() {
        FirehoseLocal.Builder builder = FirehoseLocal.builder().port(0);
        STREAMS.forEach(builder::stream);
        local = builder.start();
    }

    @AfterEach
    void stopAll() {
        if (delivery != null) {
            delivery.stop(Duration.ofSeconds(5));
        }
        local.close();
    }

    private FirehoseDelivery<String> start(DeliveryConfig.Builder config) {
        delivery = FirehoseDelivery.start(config.build(), new TextEncoder(), new RecordingStatus());
        return delivery;
    }

    private DeliveryConfig.Builder config() {
        return LocalConfig.against(local.endpoint(), String.join(",", STREAMS))
                .maxBatchDelay(Duration.ofMillis(50)).initialBackoff(Duration.ofMillis(20))
                .maxBackoff(Duration.ofMillis(200));
    }

    @Test
    void callsGoToEveryStreamInTurnAndEachStreamKeepsTheLoggedOrder() {
        FirehoseDelivery<String> d = start(config().maxBatchRecords(1).aggregation(false));
        for (int i = 0; i < 90; i++) {
            d.append(String.format("event-%03d", i));
            if (i % 10 == 9) {
                assertThat(d.flush(Duration.ofSeconds(20)).isCompleted()).isTrue();
            }
        }

        List<String> all = new ArrayList<>();
        for (String stream : STREAMS) {
            List<String> lines = local.lines(stream);
            assertThat(lines).as(stream + " got a share").isNotEmpty();
            assertThat(lines).as(stream + " in logged order").isSorted();
            all.addAll(lines);
        }
        assertThat(all).hasSize(90).doesNotHaveDuplicates();
        DeliveryStats stats = d.stats();
        assertThat(stats.streams().keySet()).containsExactlyElementsOf(STREAMS);
        assertThat(stats.streams().values().stream().mapToLong(StreamStats::recordsSent).sum()).isEqualTo(90);
        for (String stream : STREAMS) {
            assertThat(stats.streams().get(stream).recordsSent()).isEqualTo(local.lines(stream).size());
        }
    }

    @Test
    void recordsAStreamThrottlesAreResentAtOnceToAnotherStream() {
        // One call (no timer in the way: only the flush sends), its 5 records all throttled.
        FirehoseDelivery<String> d = start(config().maxBatchDelay(Duration.ofMinutes(1))
                .maxBackoff(Duration.ofMinutes(1)).initialBackoff(Duration.ofSeconds(30)).aggregation(false));
        local.faults().failEntries(5);
        for (int i = 0; i < 5; i++) {
            d.append("throttled-" + i);
        }
        // The throttled stream cools down (up to initialBackoff, jittered); the next stream in turn takes the
        // records at once, whatever the cool-down drawn.
        assertThat(d.flush(Duration.ofSeconds(10)).isCompleted()).isTrue();

        DeliveryStats stats = d.stats();
        String throttled = STREAMS.stream().filter(s -> stats.streams().get(s).throttledEntries() == 5).findFirst()
                .orElseThrow(() -> new AssertionError("no stream counted the 5 throttled entries: " + stats));
        assertThat(local.lines(throttled)).isEmpty();
        List<String> delivered = new ArrayList<>();
        STREAMS.forEach(s -> delivered.addAll(local.lines(s)));
        assertThat(delivered).containsExactly("throttled-0", "throttled-1", "throttled-2", "throttled-3",
                "throttled-4");
        assertThat(stats.entriesRetried()).isEqualTo(5);
    }
}
