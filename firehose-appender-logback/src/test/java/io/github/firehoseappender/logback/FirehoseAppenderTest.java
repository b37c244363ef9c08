package io.github.firehoseappender.logback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.firehoseappender.core.stats.DeliveryStats;
import io.github.firehoseappender.testkit.LocalFirehoseServer;
import java.time.Duration;
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
    void stopPastTheShutdownTimeoutWarnsWithTheEventsLeftAndCountsThem() throws Exception {
        String options = "    <maxBatchDelay>1 minute</maxBatchDelay>\n    <initialBackoff>10 ms</initialBackoff>\n"
                + "    <shutdownTimeout>300 ms</shutdownTimeout>\n";
        LogbackFixture fx = logback(options, "");
        FirehoseAppender appender = fx.appender();
        local.faults().outage(true);
        fx.context.getLogger("app").info("stuck");
        fx.close();

        assertThat(appender.isStarted()).isFalse();
        // The number is what the buffer held at the deadline: 0 when the event is in the sender's current call.
        assertThat(fx.statusMessages(0)).anyMatch(m -> m.matches("Appender \\[FIREHOSE] stopped after PT0.3S with [01]"
                + " events undelivered \\(counted as dropped\\)"));
        // The sender may be mid-call at the deadline; it counts the event as dropped when that call ends.
        await().atMost(Duration.ofSeconds(15)).until(() -> appender.getStats().dropped() == 1);
        DeliveryStats stats = appender.getStats();
        assertThat(stats.appended()).isEqualTo(stats.delivered() + stats.dropped());
    }
}
