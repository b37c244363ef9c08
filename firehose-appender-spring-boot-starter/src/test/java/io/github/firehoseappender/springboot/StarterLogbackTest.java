package io.github.firehoseappender.springboot;

import static io.github.firehoseappender.springboot.StarterRun.deliveredMessages;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.firehoseappender.core.stats.DropCause;
import io.github.firehoseappender.logback.FirehoseAppender;
import io.github.firehoseappender.springboot.app.StarterTestApp;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;

/** The starter on Spring Boot's default logging (Logback), in this JVM, against firehose-local on loopback. */
class StarterLogbackTest extends InProcessStarterTest {
    @Override
    void stopLoggingSystem() {
        loggerContext().reset();
    }

    @Test
    void shipsStartUpLinesAndApplicationLinesConfiguredByFirehoseProperties() {
        context = start("--firehose.service=orders", "--firehose.environment=test");
        LoggerFactory.getLogger("example.orders").info("order 42 placed");

        assertThat(FirehoseAppender.flushAll(loggerContext(), FLUSH).isCompleted()).isTrue();
        assertThat(deliveredMessages(local)).anyMatch(m -> m.startsWith("Starting "))
                .anyMatch(m -> m.startsWith("Started ")).contains("order 42 placed");
        JsonNode order = StarterRun.delivered(local).stream()
                .filter(e -> e.path("message").asText().equals("order 42 placed")).findFirst().orElseThrow();
        assertThat(order.path("service").asText()).isEqualTo("orders");
        assertThat(order.path("environment").asText()).isEqualTo("test");
        assertThat(order.path("logger").asText()).isEqualTo("example.orders");
    }

    @Test
    void linesABeanLogsWhileTheContextClosesAreDelivered() {
        context = start();
        context.close();

        // Spring Boot stops logging only after the application context has closed; the appender still runs here.
        assertThat(FirehoseAppender.flushAll(loggerContext(), FLUSH).isCompleted()).isTrue();
        assertThat(deliveredMessages(local)).contains(StarterTestApp.SHUTDOWN_LINE);
    }

    @Test
    void addsOneAppenderHoweverOftenItIsAsked() {
        context = start();
        FirehoseLoggingListener.addAppender(context.getEnvironment(), getClass().getClassLoader());

        assertThat(firehoseAppenders()).extracting(Appender::getName).containsExactly("FIREHOSE");
    }

    @Test
    void addsNoAppenderWhenDisabled() {
        context = start("--firehose.enabled=false");

        assertThat(firehoseAppenders()).isEmpty();
    }

    @Test
    void addsNoAppenderWithoutAStream() {
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv("FIREHOSE_DELIVERY_STREAM") == null,
                "the build's environment sets FIREHOSE_DELIVERY_STREAM");
        context = StarterRun.start(false, List.of("--firehose.endpoint=" + local.endpoint()));

        assertThat(firehoseAppenders()).isEmpty();
        assertThat(health().getStatus()).isEqualTo(Status.UNKNOWN);
    }

    @Test
    void anAppenderDeclaredInLogbackSpringXmlIsNotAddedTwiceAndIsMetered() {
        context = start("--logging.config=classpath:logback-declared.xml",
                "--test.firehose-endpoint=" + local.endpoint());
        LoggerFactory.getLogger("example.orders").info("order 43 placed");

        assertThat(firehoseAppenders()).extracting(Appender::getName).containsExactly("DECLARED");
        assertThat(FirehoseAppender.flushAll(loggerContext(), FLUSH).isCompleted()).isTrue();
        assertThat(deliveredMessages(local)).containsOnlyOnce("order 43 placed");
        MeterRegistry registry = context.getBean(MeterRegistry.class);
        assertThat(registry.get("firehose.appender.events.delivered").tag("appender", "DECLARED")
                .functionCounter().count()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void metersEveryCounterTaggedByAppender() {
        context = start();
        LoggerFactory.getLogger("example.orders").info("order 44 placed");
        assertThat(FirehoseAppender.flushAll(loggerContext(), FLUSH).isCompleted()).isTrue();

        MeterRegistry registry = context.getBean(MeterRegistry.class);
        for (String counter : List.of("events.appended", "events.delivered", "events.truncated",
                "events.ignored.internal", "records.sent", "calls.sent", "entries.retried", "calls.retried",
                "records.possible.duplicates", "bytes.sent", "bytes.billable")) {
            assertThat(registry.get("firehose.appender." + counter).tag("appender", "FIREHOSE").functionCounter())
                    .as(counter).isNotNull();
        }
        for (DropCause cause : DropCause.values()) {
            assertThat(registry.get("firehose.appender.events.dropped").tag("appender", "FIREHOSE")
                    .tag("cause", cause.name().toLowerCase(Locale.ROOT)).functionCounter().count()).isZero();
        }
        assertThat(registry.get("firehose.appender.buffer.events").tag("appender", "FIREHOSE").gauge()).isNotNull();
        assertThat(registry.get("firehose.appender.buffer.bytes").tag("appender", "FIREHOSE").gauge()).isNotNull();
        double delivered = registry.get("firehose.appender.events.delivered").functionCounter().count();
        double appended = registry.get("firehose.appender.events.appended").functionCounter().count();
        assertThat(delivered).isGreaterThanOrEqualTo(3).isLessThanOrEqualTo(appended);
        assertThat(registry.get("firehose.appender.bytes.billable").functionCounter().count())
                .isGreaterThanOrEqualTo(registry.get("firehose.appender.bytes.sent").functionCounter().count());
    }

    @Test
    void healthIsDownWhileEveryCallFailsLongerThanTheThresholdAndUpOnceCallsSucceed() {
        context = start("--firehose.health.down-after=200ms", "--firehose.max-backoff=200ms");
        assertThat(health().getStatus()).isEqualTo(Status.UP);

        local.faults().outage(true);
        LoggerFactory.getLogger("example.orders").info("order 45 placed during an outage");
        await().atMost(Duration.ofSeconds(20)).until(() -> health().getStatus().equals(Status.DOWN));
        @SuppressWarnings("unchecked")
        Map<String, Object> details = (Map<String, Object>) health().getDetails().get("FIREHOSE");
        assertThat(details).containsKeys("failingSince", "lastError", "delivered", "dropped", "bufferDepth");

        local.faults().outage(false);
        await().atMost(Duration.ofSeconds(20)).until(() -> health().getStatus().equals(Status.UP));
        assertThat(deliveredMessages(local)).contains("order 45 placed during an outage");
    }

    private Health health() {
        return context.getBean("firehoseHealthIndicator", HealthIndicator.class).health();
    }

    private static LoggerContext loggerContext() {
        return (LoggerContext) LoggerFactory.getILoggerFactory();
    }

    private static List<Appender<ILoggingEvent>> firehoseAppenders() {
        List<Appender<ILoggingEvent>> found = new ArrayList<>();
        for (Logger logger : loggerContext().getLoggerList()) {
            for (Iterator<Appender<ILoggingEvent>> it = logger.iteratorForAppenders(); it.hasNext(); ) {
                Appender<ILoggingEvent> appender = it.next();
                if (appender instanceof FirehoseAppender) {
                    found.add(appender);
                }
            }
        }
        return found;
    }
}
