package io.github.firehoseappender.springboot;

import static io.github.firehoseappender.springboot.StarterRun.deliveredMessages;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.firehoseappender.log4j2.FirehoseAppender;
import io.github.firehoseappender.springboot.app.StarterTestApp;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LoggerContext;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;

/**
 * The starter on spring-boot-starter-log4j2 (Logback and the Log4j-to-SLF4J bridge left out of this run's classpath:
 * see the pom's log4j2-test execution), in this JVM, against firehose-local on loopback.
 */
class StarterLog4j2Test extends InProcessStarterTest {
    @Override
    void stopLoggingSystem() {
        loggerContext().stop();
    }

    @Test
    void shipsStartUpLinesApplicationLinesAndLinesLoggedWhileTheContextCloses() {
        context = start();
        LoggerFactory.getLogger("example.orders").info("order 42 placed");
        assertThat(firehoseAppenders()).extracting(Appender::getName).containsExactly("FIREHOSE");
        assertThat(FirehoseAppender.flushAll(loggerContext(), FLUSH).isCompleted()).isTrue();
        assertThat(context.getBean(MeterRegistry.class).get("firehose.appender.events.delivered")
                .tag("appender", "FIREHOSE").functionCounter().count()).isGreaterThanOrEqualTo(3);
        assertThat(context.getBean("firehoseHealthIndicator", HealthIndicator.class).health().getStatus())
                .isEqualTo(Status.UP);

        context.close();
        assertThat(FirehoseAppender.flushAll(loggerContext(), FLUSH).isCompleted()).isTrue();

        assertThat(deliveredMessages(local)).anyMatch(m -> m.startsWith("Starting "))
                .contains("order 42 placed", StarterTestApp.SHUTDOWN_LINE);
    }

    @Test
    void addsOneAppenderHoweverOftenItIsAsked() {
        context = start();
        FirehoseLoggingListener.addAppender(context.getEnvironment(), getClass().getClassLoader());

        assertThat(firehoseAppenders()).extracting(Appender::getName).containsExactly("FIREHOSE");
    }

    private static LoggerContext loggerContext() {
        return (LoggerContext) LogManager.getContext(false);
    }

    private static List<Appender> firehoseAppenders() {
        List<Appender> found = new ArrayList<>();
        for (Appender appender : loggerContext().getConfiguration().getAppenders().values()) {
            if (appender instanceof FirehoseAppender) {
                found.add(appender);
            }
        }
        return found;
    }
}
