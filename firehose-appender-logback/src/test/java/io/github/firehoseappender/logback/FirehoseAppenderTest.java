package io.github.firehoseappender.logback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.firehoseappender.core.stats.DeliveryStats;
import io.github.firehoseappender.core.stats.DropCause;
import io.github.firehoseappender.testkit.LocalFirehoseServer;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.core.status.Status;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What is Logback's own about the appender (the shared scenarios are in {@link LogbackScenariosTest}): flushAll over
 * a context, and stop's warning on the status channel. Private contexts, configured from logback.xml text.
 */
@Timeout(60)
class FirehoseAppenderTest {
    private static final String STREAM = "app-logs";
    @RegisterExtension
    final LocalFirehoseServer local = new LocalFirehoseServer(STREAM);

    private LogbackFixture logback(String appenderOptions, String loggers) throws Exception {
        return new LogbackFixture(LogbackFixture.config(appenderOptions, loggers),
                Map.of("stream", STREAM, "endpoint", local.endpoint().toString()));
    }

    @Test
    void flushAllFlushesEveryFirehoseAppenderOfTheContext() throws Exception {
        String second = "  <appender name=\"SECOND\" class=\"io.github.firehoseappender.logback.FirehoseAppender\">\n"
                + "    <deliveryStream>${stream}</deliveryStream>\n    <endpoint>${endpoint}</endpoint>\n"
                + "    <region>us-east-1</region>\n    <jmx>false</jmx>\n    <shutdownHook>false</shutdownHook>\n"
                + "    <maxBatchDelay>1 minute</maxBatchDelay>\n  </appender>\n"
                + "  <logger name=\"app\"><appender-ref ref=\"SECOND\"/></logger>\n";
        try (LogbackFixture fx = logback("    <maxBatchDelay>1 minute</maxBatchDelay>\n", second)) {
            fx.context.getLogger("app").info("to both");
            assertThat(FirehoseAppender.flushAll(fx.context, Duration.ofSeconds(20)).isCompleted()).isTrue();
            assertThat(local.lines(STREAM)).hasSize(2);
        }
    }

    @Test
    void eventsReachingTheAppenderAfterItStoppedAreCountedAsDroppedNotOnlyWarned() throws Exception {
        try (LogbackFixture fx = logback("", "")) {
            FirehoseAppender appender = fx.appender();
            appender.stop();
            for (int i = 0; i < 5; i++) {
                fx.context.getLogger("app").info("late {}", i);
            }

            DeliveryStats stats = appender.getStats();
            assertThat(stats.appended()).isEqualTo(5);
            assertThat(stats.dropped(DropCause.NOT_RUNNING)).isEqualTo(5);
            assertThat(fx.statusMessages(0)).noneMatch(m -> m.contains("Attempted to append to non started appender"));
        }
    }

    @Test
    void bufferedEventsKeepNoReferenceToTheCallersArguments() throws Exception {
        int events = 30;
        String options = "    <maxBatchDelay>1 minute</maxBatchDelay>\n    <bufferSize>1MiB</bufferSize>\n";
        try (LogbackFixture fx = logback(options, "")) {
            FirehoseAppender appender = fx.appender();
            // The sender holds one event in a call it keeps retrying; the rest wait in the buffer or as its lines.
            local.faults().outage(true);
            fx.context.getLogger("app").info("first");
            appender.flush(Duration.ZERO);
            await().atMost(Duration.ofSeconds(15)).until(() -> appender.getStats().callsRetried() > 0);
            Logger log = fx.context.getLogger("app");
            List<WeakReference<Object>> arguments = new ArrayList<>();
            for (int i = 0; i < events; i++) {
                Object payload = new MegabytePayload(i);
                arguments.add(new WeakReference<>(payload));
                log.info("payload {}", payload);
            }
            // All held: in the buffer, or as lines the sender drained while it backs off (it may, within the bound).
            assertThat(appender.getStats().delivered()).isZero();
            assertThat(appender.getStats().appended()).isEqualTo(events + 1);
            // A megabyte each, yet counted as the little the buffered events hold once the arguments are let go.
            assertThat(appender.getStats().bufferDepthBytes()).isLessThan(events * 1_000L);

            for (int round = 0; round < 5 && arguments.stream().anyMatch(r -> r.get() != null); round++) {
                System.gc();
            }
            assertThat(arguments).allMatch(r -> r.get() == null, "argument collected while its event is buffered");
            local.faults().outage(false);
            assertThat(appender.flush(Duration.ofSeconds(20)).isCompleted()).isTrue();
            assertThat(local.lines(STREAM)).hasSize(events + 1)
                    .filteredOn(l -> l.contains("payload p-")).hasSize(events);
        }
    }

    /** An argument whose text is short and whose heap is large, as a request or entity object can be. */
    private record MegabytePayload(int id, byte[] body) {
        MegabytePayload(int id) {
            this(id, new byte[1 << 20]);
        }

        @Override
        public String toString() {
            return "p-" + id;
        }
    }

    @Test
    void stopPastTheShutdownTimeoutWarnsOnceAndCountsTheEventsLeft() throws Exception {
        String options = "    <maxBatchDelay>1 minute</maxBatchDelay>\n    <initialBackoff>10 ms</initialBackoff>\n"
                + "    <shutdownTimeout>300 ms</shutdownTimeout>\n";
        LogbackFixture fx = logback(options, "");
        FirehoseAppender appender = fx.appender();
        local.faults().outage(true);
        fx.context.getLogger("app").info("stuck");
        fx.close();

        assertThat(appender.isStarted()).isFalse();
        // The sender may be mid-call at the deadline; it counts the event as dropped when that call ends.
        await().atMost(Duration.ofSeconds(15)).until(() -> appender.getStats().dropped() == 1);
        // The core reports the undelivered stop once (at the deadline, or when the sender counts the drop); the
        // appender adds no second warning of its own.
        List<String> warnings = fx.statusMessages(Status.WARN);
        assertThat(warnings).noneMatch(m -> m.contains("stopped after"));
        assertThat(warnings).filteredOn(m -> m.contains("stop timed out after 300 ms")).hasSizeLessThanOrEqualTo(1);
        assertThat(warnings).filteredOn(m -> m.contains("were not delivered and are counted as dropped (STOPPED)"))
                .hasSizeLessThanOrEqualTo(1);
        assertThat(warnings).anyMatch(m -> m.contains("stop timed out after 300 ms")
                || m.contains("were not delivered and are counted as dropped (STOPPED)"));
        DeliveryStats stats = appender.getStats();
        assertThat(stats.appended()).isEqualTo(stats.delivered() + stats.dropped());
    }
}
