package io.github.firehoseappender.springboot;

import static io.github.firehoseappender.springboot.StarterRun.deliveredMessages;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.firehoseappender.log4j2.FirehoseAppender;
import io.github.firehoseappender.springboot.app.StarterTestApp;
import io.github.firehoseappender.testkit.LocalFirehoseServer;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LoggerContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The starter on spring-boot-starter-log4j2 (Logback and the Log4j-to-SLF4J bridge left out of this run's classpath:
 * see the pom's log4j2-test execution), in this JVM, against firehose-local on loopback.
 */
class StarterLog4j2Test {
    private static final Duration FLUSH = Duration.ofSeconds(10);

    @RegisterExtension
    final LocalFirehoseServer local = new LocalFirehoseServer(StarterRun.STREAM);
    private ConfigurableApplicationContext context;

    @AfterEach
    void stopLogging() {
        if (context != null) {
            context.close();
        }
        // What Spring Boot's shutdown handler does at exit: stops (and so flushes) the appenders, while
        // firehose-local still runs.
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

    private ConfigurableApplicationContext start() {
        return StarterRun.start(false, new ArrayList<>(StarterRun.firehoseLocal(local)));
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
