package io.github.firehoseappender.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.firehoseappender.core.config.DeliveryConfig;
import io.github.firehoseappender.core.stats.DropCause;
import io.github.firehoseappender.local.FirehoseLocal;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What a user who watches no status channel sees when delivery fails, over real HTTP against firehose-local: a line
 * on stderr once a call keeps failing, a stop that does not wait out its timeout when Firehose refuses every call,
 * and the failing streak in the stats (the health signal).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FailureNoticeTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    private LocalDeliveries deliveries;
    private FirehoseLocal local;
    private RecordingStatus status;

    @BeforeEach
    void startLocal() {
        deliveries = new LocalDeliveries();
        local = deliveries.local;
        status = deliveries.status;
    }

    @AfterEach
    void stopAll() {
        deliveries.close();
    }

    private DeliveryConfig.Builder config() {
        return deliveries.config(Duration.ofMillis(100));
    }

    private FirehoseDelivery<String> start(DeliveryConfig.Builder config) {
        return deliveries.start(config);
    }

    private String stderrText() {
        return deliveries.stderr();
    }

    @Test
    void anOutageReachesStderrAfterThreeFailedAttemptsAndTheStreakEndsWhenCallsSucceed() {
        local.faults().outage(true);
        FirehoseDelivery<String> d = start(config());
        d.append("held through the outage");

        await().atMost(WAIT).until(() -> stderrText().contains("cannot deliver logs"));
        assertThat(stderrText()).contains("3 attempts over").contains("1 events waiting")
                .contains("kept until retryTimeout=PT5M");
        assertThat(stderrText().lines().filter(l -> l.contains("cannot deliver logs")).count())
                .as("rate-limited: one line per cause per minute").isEqualTo(1);
        assertThat(d.stats().failingSince()).isNotNull();

        local.faults().outage(false);
        assertThat(d.flush(WAIT).isCompleted()).isTrue();
        assertThat(d.stats().failingSince()).isNull();
        assertThat(local.lines("logs")).containsExactly("held through the outage");
    }

    @Test
    void aStopFacingARefusedCallTriesOnceMoreThenEndsWithoutWaitingOutItsTimeout() {
        local.faults().failNextCalls(1_000, 403);
        FirehoseDelivery<String> d = start(config().shutdownTimeout(Duration.ofMinutes(10)));
        for (int i = 0; i < 5; i++) {
            d.append("refused " + i);
        }
        await().atMost(WAIT).until(() -> !status.errors().isEmpty());
        assertThat(stderrText()).contains("cannot deliver logs: access denied putting to delivery stream logs");

        // The refused call would be retried only after nonRetryableBackoff (60 s); stop's timeout is 10 minutes, far
        // beyond this class's timeout: the stop returns because Firehose refused its one last attempt.
        FlushResult stop = d.stop(Duration.ofMinutes(10));

        assertThat(stop.isCompleted()).isFalse();
        assertThat(d.stats().dropped(DropCause.STOPPED)).isEqualTo(5);
        assertThat(status.all()).contains("stop does not wait out its timeout");
        assertThat(stderrText()).contains("stop left 5 events not delivered to logs");
    }

    @Test
    void withStderrNoticesOffOnlyTheStatusChannelHearsOfFailuresAndLosses() {
        local.faults().outage(true);
        FirehoseDelivery<String> d = start(config().stderrNotices(false));
        d.append("lost at stop");
        await().atMost(WAIT).until(() -> status.all().contains("retrying") && d.stats().callsRetried() >= 3);

        d.stop(Duration.ofMillis(200));

        await().atMost(WAIT).until(() -> d.stats().dropped(DropCause.STOPPED) == 1); // after the call under way
        assertThat(status.all()).contains("STOPPED");
        assertThat(stderrText()).isEmpty();
    }
}
