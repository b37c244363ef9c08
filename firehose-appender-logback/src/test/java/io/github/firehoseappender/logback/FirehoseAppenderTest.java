package io.github.firehoseappender.logback;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.firehoseappender.core.FlushResult;
import io.github.firehoseappender.core.stats.DeliveryStats;
import io.github.firehoseappender.local.FirehoseLocal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.MDC;
import org.slf4j.MarkerFactory;

/** The Logback appender against firehose-local over real HTTP, configured from logback.xml text. */
@Timeout(60)
class FirehoseAppenderTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String STREAM = "app-logs";
    private FirehoseLocal local;

    @BeforeAll
    static void credentials() {
        // The SDK's default chain reads these; firehose-local accepts any key.
        System.setProperty("aws.accessKeyId", "test-key");
        System.setProperty("aws.secretAccessKey", "test-secret");
    }

    @BeforeEach
    void startLocal() {
        local = FirehoseLocal.builder().port(0).stream(STREAM).start();
    }

    @AfterEach
    void stopLocal() {
        local.close();
    }

    private LogbackFixture logback(String appenderOptions, String loggers) throws Exception {
        return new LogbackFixture(LogbackFixture.config(appenderOptions, loggers),
                Map.of("stream", STREAM, "endpoint", local.endpoint().toString()));
    }

    @Test
    void deliversEveryEventAsOneJsonLineOfTheSchema() throws Exception {
        try (LogbackFixture fx = logback("    <service>orders</service>\n    <environment>test</environment>\n", "")) {
            Logger log = fx.context.getLogger("com.example.Orders");
            MDC.put("request_id", "r-1");
            try {
                log.info(MarkerFactory.getMarker("AUDIT"), "order {} placed", 42);
            } finally {
                MDC.clear();
            }
            log.error("payment failed", new IllegalStateException("card declined", new RuntimeException("root")));
            assertThat(fx.appender().flush(Duration.ofSeconds(20)).isCompleted()).isTrue();

            List<String> lines = local.lines(STREAM);
            assertThat(lines).as(fx.statusMessages(0).toString()).hasSize(2);
            JsonNode info = JSON.readTree(lines.get(0));
            assertThat(info.get("event_time").asText()).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");
            assertThat(info.get("level").asText()).isEqualTo("INFO");
            assertThat(info.get("logger").asText()).isEqualTo("com.example.Orders");
            assertThat(info.get("thread").asText()).isEqualTo(Thread.currentThread().getName());
            assertThat(info.get("message").asText()).isEqualTo("order 42 placed");
            assertThat(info.get("mdc").get("request_id").asText()).isEqualTo("r-1");
            assertThat(info.get("markers").get(0).asText()).isEqualTo("AUDIT");
            assertThat(info.has("exception")).isFalse();
            assertThat(info.get("service").asText()).isEqualTo("orders");
            assertThat(info.get("environment").asText()).isEqualTo("test");

            JsonNode error = JSON.readTree(lines.get(1));
            assertThat(error.get("exception").get("class").asText()).isEqualTo("java.lang.IllegalStateException");
            assertThat(error.get("exception").get("message").asText()).isEqualTo("card declined");
            assertThat(error.get("exception").get("stack_trace").asText())
                    .contains("FirehoseAppenderTest").contains("Caused by: java.lang.RuntimeException: root");
            assertThat(error.get("event_id").asText()).isNotEqualTo(info.get("event_id").asText());
            assertThat(error.get("mdc").size()).isZero();
        }
    }

    @Test
    void aggregatesManyEventsIntoFewRecordsAndCountsThem() throws Exception {
        try (LogbackFixture fx = logback("", "")) {
            Logger log = fx.context.getLogger("bulk");
            for (int i = 0; i < 5_000; i++) {
                log.info("event number {}", i);
            }
            assertThat(fx.appender().flush(Duration.ofSeconds(30)).isCompleted()).isTrue();
            List<String> lines = local.lines(STREAM);
            assertThat(lines).hasSize(5_000);
            for (int i = 0; i < lines.size(); i++) {
                assertThat(JSON.readTree(lines.get(i)).get("message").asText()).isEqualTo("event number " + i);
            }
            for (byte[] record : local.records(STREAM)) {
                assertThat(record[record.length - 1]).as("every record ends with a newline").isEqualTo((byte) '\n');
            }
            DeliveryStats stats = fx.appender().getStats();
            assertThat(stats.appended()).isEqualTo(5_000);
            assertThat(stats.delivered()).isEqualTo(5_000);
            assertThat(stats.dropped()).isZero();
            assertThat(stats.recordsSent()).isLessThan(50);
        }
    }

    @Test
    void stopDeliversWhatIsBuffered() throws Exception {
        LogbackFixture fx = logback("    <maxBatchDelay>1 minute</maxBatchDelay>\n", "");
        Logger log = fx.context.getLogger("shutdown");
        for (int i = 0; i < 100; i++) {
            log.info("before stop {}", i);
        }
        fx.close();
        assertThat(local.lines(STREAM)).hasSize(100);
    }

    @Test
    void customEncoderLinesGetTheirTrailingNewline() throws Exception {
        String encoder = "    <encoder class=\"ch.qos.logback.classic.encoder.PatternLayoutEncoder\">\n"
                + "      <pattern>%level %logger %msg</pattern>\n    </encoder>\n";
        try (LogbackFixture fx = logback(encoder, "")) {
            fx.context.getLogger("plain").warn("first");
            fx.context.getLogger("plain").warn("second");
            fx.appender().flush(Duration.ofSeconds(20));
            assertThat(local.lines(STREAM)).containsExactly("WARN plain first", "WARN plain second");
        }
    }

    @Test
    void oversizedMessageIsTruncatedAndMarkedNotRejected() throws Exception {
        try (LogbackFixture fx = logback("", "")) {
            String huge = "x".repeat(3 * 1024 * 1024);
            fx.context.getLogger("big").info(huge);
            fx.context.getLogger("big").info("small after big");
            assertThat(fx.appender().flush(Duration.ofSeconds(30)).isCompleted()).isTrue();
            List<String> lines = local.lines(STREAM);
            assertThat(lines).hasSize(2);
            JsonNode big = JSON.readTree(lines.get(0));
            assertThat(big.get("truncated").asBoolean()).isTrue();
            assertThat(lines.get(0).getBytes(java.nio.charset.StandardCharsets.UTF_8).length).isLessThan(1_024_000);
            assertThat(JSON.readTree(lines.get(1)).get("message").asText()).isEqualTo("small after big");
            assertThat(fx.appender().getStats().truncated()).isEqualTo(1);
        }
    }

    @Test
    void awsSdkDebugLoggingIntoTheSameAppenderDoesNotLoop() throws Exception {
        String loggers = "  <logger name=\"software.amazon.awssdk\" level=\"DEBUG\"/>\n"
                + "  <logger name=\"software.amazon.awssdk.request\" level=\"DEBUG\"/>\n";
        try (LogbackFixture fx = logback("", loggers)) {
            Logger log = fx.context.getLogger("app");
            for (int round = 0; round < 3; round++) {
                for (int i = 0; i < 10; i++) {
                    log.info("round {} event {}", round, i);
                }
                assertThat(fx.appender().flush(Duration.ofSeconds(20)).isCompleted()).isTrue();
            }
            List<String> loggersSeen = new ArrayList<>();
            for (String line : local.lines(STREAM)) {
                loggersSeen.add(JSON.readTree(line).get("logger").asText());
            }
            assertThat(loggersSeen).hasSize(30).allMatch("app"::equals);
            DeliveryStats stats = fx.appender().getStats();
            assertThat(stats.appended()).isEqualTo(30);
        }
    }

    @Test
    void missingStreamIsAClearStatusErrorAndTheAppenderStaysStopped() throws Exception {
        String xml = "<configuration>\n"
                + "  <appender name=\"FIREHOSE\" class=\"io.github.firehoseappender.logback.FirehoseAppender\">\n"
                + "    <bufferSize>lots</bufferSize>\n"
                + "  </appender>\n"
                + "  <root level=\"INFO\"><appender-ref ref=\"FIREHOSE\"/></root>\n"
                + "</configuration>\n";
        Map<String, String> noEnv = Map.of();
        try (LogbackFixture fx = new LogbackFixture(xml, noEnv)) {
            // The application keeps logging without an exception.
            fx.context.getLogger("app").info("still fine");
            if (System.getenv("FIREHOSE_DELIVERY_STREAM") == null) {
                assertThat(fx.errors()).anyMatch(m -> m.contains("deliveryStream is not set")
                        && m.contains("FIREHOSE_DELIVERY_STREAM"));
            }
            assertThat(fx.errors()).anyMatch(m -> m.contains("bufferSize=lots") && m.contains("16MiB"));
            assertThat(fx.appender().isStarted()).isFalse();
            assertThat(fx.appender().flush(Duration.ofSeconds(1))).extracting(FlushResult::isCompleted).isEqualTo(true);
        }
    }
}
