package io.github.firehoseappender.log4j2;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.firehoseappender.core.stats.DeliveryStats;
import io.github.firehoseappender.core.stats.DropCause;
import io.github.firehoseappender.testkit.LocalFirehoseServer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What is Log4j2's own about the plugin: shutdown ownership, stop's answer, flushAll (names: OptionNamesTest). */
@Timeout(60)
class FirehosePluginTest {
    private static final String STREAM = "app-logs";
    @RegisterExtension
    final LocalFirehoseServer local = new LocalFirehoseServer(STREAM);
    private final Log4j2Driver driver = new Log4j2Driver();

    @AfterEach
    void stopDriver() {
        driver.close();
    }

    private Map<String, String> options(String... extra) {
        Map<String, String> options = new java.util.LinkedHashMap<>(Map.of("deliveryStream", STREAM,
                "endpoint", local.endpoint().toString(), "region", "us-east-1", "jmx", "false"));
        for (int i = 0; i < extra.length; i += 2) {
            options.put(extra[i], extra[i + 1]);
        }
        return options;
    }

    @Test
    void leavesShutdownToLog4j2sHookWhenItIsOn() {
        driver.configure(options(), Map.of(), null);
        assertThat(driver.appender().getDeliveryConfig().shutdownHook()).isFalse();
    }

    @Test
    void anExplicitShutdownHookWins() {
        driver.configure(options("shutdownHook", "true"), Map.of(), null);
        assertThat(driver.appender().getDeliveryConfig().shutdownHook()).isTrue();
    }

    @Test
    void registersItsOwnHookWhenLog4j2sIsDisabled() {
        driver.configureFromText(Log4j2Driver.xml(options(), Map.of(), null)
                .replace("<Configuration ", "<Configuration shutdownHook=\"disable\" "));
        assertThat(driver.appender().getDeliveryConfig().shutdownHook()).isTrue();
    }

    @Test
    void stopSaysWhetherEverythingWasDeliveredInTime() {
        driver.configure(options("maxBatchDelay", "1 minute"), Map.of(), null);
        driver.log("app", "INFO", null, Map.of(), null, "buffered");
        assertThat(driver.appender().stop(10, TimeUnit.SECONDS)).isTrue();
        assertThat(local.lines(STREAM)).hasSize(1);
        assertThat(driver.appender().isStopped()).isTrue();

        driver.configure(options("maxBatchDelay", "1 minute", "initialBackoff", "10 ms", "shutdownTimeout", "300 ms"),
                Map.of(), null);
        local.faults().outage(true);
        driver.log("app", "INFO", null, Map.of(), null, "stuck");
        assertThat(driver.appender().stop(10, TimeUnit.MILLISECONDS)).isFalse();
        FirehoseAppender stopped = driver.appender();
        // The sender may be mid-call at the deadline; it counts the event as dropped when that call ends.
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(15))
                .until(() -> stopped.getStats().dropped() == 1);
    }

    @Test
    void stopWaitsForTheLongerOfTheCallersTimeoutAndShutdownTimeout() {
        Duration own = Duration.ofSeconds(10);
        assertThat(FirehoseAppender.stopLimit(50, TimeUnit.MILLISECONDS, own)).isEqualTo(own);
        assertThat(FirehoseAppender.stopLimit(0, TimeUnit.MILLISECONDS, own)).isEqualTo(own);
        assertThat(FirehoseAppender.stopLimit(-1, TimeUnit.MILLISECONDS, own)).isEqualTo(own);
        assertThat(FirehoseAppender.stopLimit(30, TimeUnit.SECONDS, own)).isEqualTo(Duration.ofSeconds(30));
        assertThat(FirehoseAppender.stopLimit(Long.MAX_VALUE, TimeUnit.DAYS, own)).isEqualTo(
                Duration.ofNanos(Long.MAX_VALUE));
    }

    @Test
    void anEventThatCannotBeCopiedIsReportedAndCountedAsAppendedAndDropped() {
        driver.configure(options("maxBatchDelay", "1 minute"), Map.of(), null);
        org.apache.logging.log4j.Logger logger = driver.context().getLogger("app");
        logger.info(new FormatsOnce());
        logger.info("fine");
        assertThat(driver.flush(Duration.ofSeconds(20)).isCompleted()).isTrue();
        DeliveryStats stats = driver.stats();
        assertThat(stats.appended()).isEqualTo(2);
        assertThat(stats.dropped(DropCause.APPEND_FAILED)).isEqualTo(1);
        assertThat(stats.delivered()).isEqualTo(1);
        assertThat(local.lines(STREAM)).hasSize(1);
        assertThat(driver.statusProblems()).anyMatch(m -> m.contains("could not copy an event of app"));
    }

    /** Formats once (Log4j2 formats it before any appender) and throws from then on: our copy's turn. */
    private static final class FormatsOnce implements org.apache.logging.log4j.message.Message {
        private final java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();

        @Override
        public String getFormattedMessage() {
            if (calls.incrementAndGet() > 1) {
                throw new IllegalStateException("the resource behind this message is closed");
            }
            return "formatted once";
        }

        @Override
        public String getFormat() {
            return "formatted once";
        }

        @Override
        public Object[] getParameters() {
            return null;
        }

        @Override
        public Throwable getThrowable() {
            return null;
        }
    }

    @Test
    void flushTakesNullNegativeAndHugeTimeoutsAsTheCoreDoes() {
        driver.configure(options("maxBatchDelay", "1 minute"), Map.of(), null);
        driver.log("app", "INFO", null, Map.of(), null, "buffered");
        FirehoseAppender appender = driver.appender();
        assertThat(appender.flush(null)).isNotNull();
        assertThat(appender.flush(Duration.ofSeconds(-5))).isNotNull();
        assertThat(FirehoseAppender.flushAll(driver.context(), null)).isNotNull();
        assertThat(appender.flush(Duration.ofSeconds(Long.MAX_VALUE)).isCompleted()).isTrue();
        assertThat(FirehoseAppender.flushAll(driver.context(), Duration.ofSeconds(Long.MAX_VALUE)).isCompleted())
                .isTrue();
        assertThat(local.lines(STREAM)).hasSize(1);
    }

    @Test
    void sdkEventsHandedOverByAnAsyncAppenderAreRefusedNotShipped() {
        String xml = Log4j2Driver.xml(options("maxBatchDelay", "1 minute"), Map.of("software.amazon.awssdk", "DEBUG"),
                null);
        driver.configureFromText(xml.replace("</Appenders>", "<Async name=\"ASYNC\"><AppenderRef ref=\""
                        + Log4j2Driver.APPENDER + "\"/></Async></Appenders>")
                .replace("<AppenderRef ref=\"" + Log4j2Driver.APPENDER + "\"/></Root>",
                        "<AppenderRef ref=\"ASYNC\"/></Root>"));
        assertThat(driver.appenderStarted()).as("status errors: %s", driver.statusProblems()).isTrue();
        org.apache.logging.log4j.Logger app = driver.context().getLogger("app");
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 10; i++) {
                app.info("round {} event {}", round, i);
            }
            int handedOver = 10 * (round + 1);
            // The Async appender's worker hands events over on its own thread; our flush does not reach into its queue.
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20))
                    .until(() -> driver.stats().appended() >= handedOver);
            assertThat(driver.flush(Duration.ofSeconds(20)).isCompleted()).isTrue();
        }
        // The SDK's lines of the last call may pass the Async appender after the flush returned.
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20))
                .until(() -> driver.stats().ignoredInternal() > 0);
        assertThat(local.lines(STREAM)).hasSize(30).allMatch(line -> line.contains("\"logger\":\"app\""));
        assertThat(driver.stats().appended()).isEqualTo(30);
    }

    @Test
    void aBadRuntimeContextIsAStatusErrorAndTheAppenderIsNotCreated() {
        driver.configure(options("runtimeContext", "kubernetes"), Map.of(), null);
        assertThat(driver.appenderStarted()).isFalse();
        assertThat(driver.statusProblems()).anyMatch(m -> m.contains("runtimeContext=kubernetes is not valid: use auto,"
                + " off, or a comma-separated list of ecs, ec2, lambda"));
    }

    @Test
    void flushAllFlushesEveryFirehoseAppenderOfTheContext() {
        String xml = Log4j2Driver.xml(options("maxBatchDelay", "1 minute"), Map.of(), null);
        String second = "<Firehose name=\"SECOND\" deliveryStream=\"" + STREAM + "\" endpoint=\"" + local.endpoint()
                + "\" region=\"us-east-1\" jmx=\"false\" maxBatchDelay=\"1 minute\"/>";
        driver.configureFromText(xml.replace("</Appenders>", second + "</Appenders>")
                .replace("</Root>", "<AppenderRef ref=\"SECOND\"/></Root>"));
        driver.log("app", "INFO", null, Map.of(), null, "to both");
        assertThat(FirehoseAppender.flushAll(driver.context(), Duration.ofSeconds(20)).isCompleted()).isTrue();
        assertThat(local.lines(STREAM)).hasSize(2);
    }
}
