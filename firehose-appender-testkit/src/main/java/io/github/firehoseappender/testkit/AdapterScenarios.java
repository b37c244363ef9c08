package io.github.firehoseappender.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.firehoseappender.core.FlushResult;
import io.github.firehoseappender.core.stats.DeliveryStats;
import io.github.firehoseappender.core.stats.DropCause;
import io.github.firehoseappender.local.FirehoseLocal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Timeout;

/**
 * The behaviour both adapters must show, written once: each adapter's tests subclass it with their framework's
 * {@link LoggingDriver}. Everything runs against firehose-local on a free loopback port with the real SDK client.
 */
@Timeout(90)
public abstract class AdapterScenarios {
    protected static final ObjectMapper JSON = new ObjectMapper();
    protected static final String STREAM = "app-logs";
    protected FirehoseLocal local;
    protected LoggingDriver driver;

    /** A fresh driver for one test; closed after it. */
    protected abstract LoggingDriver newDriver();

    @BeforeAll
    static void credentials() {
        // The SDK's default chain reads these; firehose-local accepts any key.
        System.setProperty("aws.accessKeyId", "test-key");
        System.setProperty("aws.secretAccessKey", "test-secret");
    }

    @BeforeEach
    void startLocal() {
        local = FirehoseLocal.builder().port(0).stream(STREAM).start();
        driver = newDriver();
    }

    @AfterEach
    void stopLocal() {
        try {
            driver.close();
        } finally {
            local.close();
        }
    }

    /** Options every scenario starts from: this test's firehose-local, no JVM hook, no MBean. */
    protected Map<String, String> options() {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("deliveryStream", STREAM);
        options.put("endpoint", local.endpoint().toString());
        options.put("region", "us-east-1");
        options.put("shutdownHook", "false");
        options.put("jmx", "false");
        return options;
    }

    protected Map<String, String> options(String... extra) {
        Map<String, String> options = options();
        for (int i = 0; i < extra.length; i += 2) {
            options.put(extra[i], extra[i + 1]);
        }
        return options;
    }

    protected void configure(Map<String, String> options) {
        driver.configure(options, Map.of(), null);
        assertThat(driver.appenderStarted()).as("appender started; status errors: %s", driver.statusProblems()).isTrue();
    }

    protected void info(String logger, String format, Object... args) {
        driver.log(logger, "INFO", null, Map.of(), null, format, args);
    }

    protected List<JsonNode> deliveredJson() {
        return LocalFirehoseServer.parse(local.lines(STREAM));
    }

    protected static void assertNothingLost(DeliveryStats stats) {
        assertThat(stats.appended()).as("appended = delivered + dropped: %s", stats)
                .isEqualTo(stats.delivered() + stats.dropped());
    }

    @Test
    void deliversEveryEventAsOneJsonLineOfTheSchema() throws Exception {
        configure(options("service", "orders", "environment", "test"));
        driver.log("com.example.Orders", "INFO", "AUDIT", Map.of("request_id", "r-1"), null, "order {} placed", 42);
        driver.log("com.example.Orders", "ERROR", null, Map.of(),
                new IllegalStateException("card declined", new RuntimeException("root")), "payment failed");
        assertThat(driver.flush(Duration.ofSeconds(20)).isCompleted()).isTrue();

        List<JsonNode> lines = deliveredJson();
        assertThat(lines).hasSize(2);
        JsonNode info = lines.get(0);
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

        JsonNode error = lines.get(1);
        assertThat(error.get("level").asText()).isEqualTo("ERROR");
        assertThat(error.get("exception").get("class").asText()).isEqualTo("java.lang.IllegalStateException");
        assertThat(error.get("exception").get("message").asText()).isEqualTo("card declined");
        assertThat(error.get("exception").get("stack_trace").asText())
                .startsWith("java.lang.IllegalStateException: card declined")
                .contains("\tat " + AdapterScenarios.class.getName())
                .contains("Caused by: java.lang.RuntimeException: root")
                .contains("common frames omitted");
        assertThat(error.get("event_id").asText()).isNotEqualTo(info.get("event_id").asText());
        assertThat(error.get("mdc").size()).isZero();
        assertThat(error.has("markers")).isFalse();
    }

    @Test
    void aggregatesManyEventsIntoFewRecordsEachEndingWithANewline() throws Exception {
        configure(options());
        for (int i = 0; i < 5_000; i++) {
            info("bulk", "event number {}", i);
        }
        assertThat(driver.flush(Duration.ofSeconds(30)).isCompleted()).isTrue();
        List<JsonNode> lines = deliveredJson();
        assertThat(lines).hasSize(5_000);
        for (int i = 0; i < lines.size(); i++) {
            assertThat(lines.get(i).get("message").asText()).isEqualTo("event number " + i);
        }
        for (byte[] record : local.records(STREAM)) {
            assertThat(record[record.length - 1]).as("every record ends with a newline").isEqualTo((byte) '\n');
        }
        DeliveryStats stats = driver.stats();
        assertThat(stats.appended()).isEqualTo(5_000);
        assertThat(stats.delivered()).isEqualTo(5_000);
        assertThat(stats.dropped()).isZero();
        assertThat(stats.recordsSent()).isLessThan(50);
    }

    @Test
    void oversizedMessageIsTruncatedMarkedAndCountedNotRejected() throws Exception {
        configure(options());
        info("big", "x".repeat(3 * 1024 * 1024));
        info("big", "small after big");
        assertThat(driver.flush(Duration.ofSeconds(30)).isCompleted()).isTrue();
        List<String> lines = local.lines(STREAM);
        assertThat(lines).hasSize(2);
        JsonNode big = JSON.readTree(lines.get(0));
        assertThat(big.get("truncated").asBoolean()).isTrue();
        assertThat(big.get("logger").asText()).isEqualTo("big");
        assertThat(lines.get(0).getBytes(StandardCharsets.UTF_8).length).isLessThan(1_024_000);
        assertThat(JSON.readTree(lines.get(1)).get("message").asText()).isEqualTo("small after big");
        assertThat(driver.stats().truncated()).isEqualTo(1);
        assertNothingLost(driver.stats());
    }

    @Test
    void overflowDuringAnOutageIsCountedAndTheRestDelivered() throws Exception {
        configure(options("bufferEvents", "10", "initialBackoff", "20 ms", "maxBackoff", "100 ms"));
        local.faults().outage(true);
        for (int i = 0; i < 200; i++) {
            info("app", "during outage {}", i);
        }
        driver.awaitHandedOver(Duration.ofSeconds(10));
        DeliveryStats during = driver.stats();
        assertThat(during.appended()).isEqualTo(200);
        assertThat(during.dropped(DropCause.BUFFER_FULL)).as("drops counted: %s", during).isPositive();

        local.faults().outage(false);
        assertThat(driver.flush(Duration.ofSeconds(30)).isCompleted()).isTrue();
        DeliveryStats after = driver.stats();
        assertNothingLost(after);
        assertThat(after.delivered()).isPositive();
        assertThat((long) local.lines(STREAM).size())
                .isBetween(after.delivered(), after.delivered() + after.possibleDuplicates());
    }

    @Test
    void aStopDuringAnOutageLeavesItsEventsOnTheSpoolAndTheNextStartSendsThemFirst(@TempDir Path dir)
            throws Exception {
        String spool = dir.resolve("spool").toString();
        configure(options("spoolDirectory", spool, "shutdownTimeout", "1 s", "initialBackoff", "20 ms",
                "maxBackoff", "100 ms"));
        local.faults().outage(true);
        for (int i = 0; i < 300; i++) {
            info("app", "before the restart {}", i);
        }
        driver.awaitHandedOver(Duration.ofSeconds(10));
        driver.stop(); // the framework's own stop, while Firehose is away: all 300 stay on the spool
        assertThat(local.lines(STREAM)).isEmpty();

        local.faults().outage(false);
        configure(options("spoolDirectory", spool));
        info("app", "after the restart");
        assertThat(driver.flush(Duration.ofSeconds(30)).isCompleted()).isTrue();
        DeliveryStats restarted = driver.stats();
        assertThat(restarted.spool().replayedEvents()).as("none dropped at stop: %s", restarted).isEqualTo(300);
        List<JsonNode> lines = deliveredJson();
        assertThat(lines).hasSize(301);
        assertThat(lines.get(0).get("message").asText()).isEqualTo("before the restart 0");
        assertThat(lines.get(300).get("message").asText()).isEqualTo("after the restart");
    }

    @Test
    void flushDeliversWhatIsBufferedBeforeTheBatchDelay() throws Exception {
        configure(options("maxBatchDelay", "1 minute"));
        for (int i = 0; i < 100; i++) {
            info("lambda", "before flush {}", i);
        }
        FlushResult result = driver.flush(Duration.ofSeconds(20));
        assertThat(result.isCompleted()).isTrue();
        assertThat(local.lines(STREAM)).hasSize(100);
        assertThat(driver.stats().delivered()).isEqualTo(100);
    }

    @Test
    void stopDeliversWhatIsBuffered() throws Exception {
        configure(options("maxBatchDelay", "1 minute"));
        for (int i = 0; i < 100; i++) {
            info("shutdown", "before stop {}", i);
        }
        driver.stop();
        assertThat(local.lines(STREAM)).hasSize(100);
    }

    @Test
    void customLayoutLinesGetTheirTrailingNewline() throws Exception {
        driver.configure(options(), Map.of(), "%level %logger %msg");
        assertThat(driver.appenderStarted()).isTrue();
        driver.log("plain", "WARN", null, Map.of(), null, "first");
        driver.log("plain", "WARN", null, Map.of(), null, "second");
        assertThat(driver.flush(Duration.ofSeconds(20)).isCompleted()).isTrue();
        assertThat(local.lines(STREAM)).containsExactly("WARN plain first", "WARN plain second");
        for (byte[] record : local.records(STREAM)) {
            assertThat(record[record.length - 1]).isEqualTo((byte) '\n');
        }
    }

    /**
     * The AWS SDK logs through SLF4J, which routes into the same framework: its DEBUG events from our sender thread
     * reach the appender, which refuses and counts them (also when an async logger hands them over on its own thread).
     */
    @Test
    void awsSdkDebugLoggingReachesTheAppenderAndIsRefusedNotShipped() throws Exception {
        driver.configure(options(), Map.of("software.amazon.awssdk", "DEBUG", "software.amazon.awssdk.request", "DEBUG"),
                null);
        assertThat(driver.appenderStarted()).isTrue();
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 10; i++) {
                info("app", "round {} event {}", round, i);
            }
            assertThat(driver.flush(Duration.ofSeconds(20)).isCompleted()).isTrue();
        }
        List<String> loggers = new ArrayList<>();
        for (JsonNode line : deliveredJson()) {
            loggers.add(line.get("logger").asText());
        }
        assertThat(loggers).hasSize(30).allMatch("app"::equals);
        // Async loggers may hand the SDK's last events over after the flush returned.
        await().atMost(Duration.ofSeconds(10)).until(() -> driver.stats().ignoredInternal() > 0);
        DeliveryStats stats = driver.stats();
        assertThat(stats.appended()).isEqualTo(30);
    }

    @Test
    void badConfigurationIsReportedToStatusWithThePropertyNameAndNothingThrows() {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("bufferSize", "lots");
        options.put("maxBatchRecords", "501");
        options.put("includeHost", "maybe");
        options.put("shutdownHook", "false");
        options.put("jmx", "false");
        driver.configure(options, Map.of(), null);
        // The application keeps logging without an exception.
        info("app", "still fine");
        assertThat(driver.appenderStarted()).isFalse();
        List<String> errors = driver.statusProblems();
        assertThat(errors).anyMatch(m -> m.contains("bufferSize=lots"));
        assertThat(errors).anyMatch(m -> m.contains("maxBatchRecords=501") && m.contains("500"));
        assertThat(errors).anyMatch(m -> m.endsWith("includeHost=maybe is not true or false"));
        if (System.getenv("FIREHOSE_DELIVERY_STREAM") == null) {
            assertThat(errors).anyMatch(m -> m.contains("deliveryStream is not set")
                    && m.contains("FIREHOSE_DELIVERY_STREAM"));
        }
        assertThat(driver.flush(Duration.ofSeconds(1)).isCompleted()).isTrue();
    }
}
