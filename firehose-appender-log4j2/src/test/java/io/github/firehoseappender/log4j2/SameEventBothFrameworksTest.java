package io.github.firehoseappender.log4j2;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.firehoseappender.local.FirehoseLocal;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.helpers.BasicMarkerFactory;

/**
 * One event (same logger, level, message with an argument, MDC/ThreadContext, marker, exception with a cause and a
 * suppressed one) logged through Logback's appender and through ours gives the same JSON line, field by field, stack
 * trace text included; only {@code event_id} and {@code event_time} differ. SLF4J is bound to Log4j2 in this module,
 * so Logback is driven through its own API: a private LoggerContext with its own MDC adapter.
 */
@Timeout(60)
class SameEventBothFrameworksTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LOGGER = "com.example.Orders";
    private static final Map<String, String> MDC = Map.of("request_id", "r-1", "tenant", "acme");

    @BeforeAll
    static void credentials() {
        System.setProperty("aws.accessKeyId", "test-key");
        System.setProperty("aws.secretAccessKey", "test-secret");
    }

    @Test
    void oneEventThroughEachFrameworkGivesTheSameJsonLine() throws Exception {
        IllegalStateException thrown = new IllegalStateException("charge of order 42 failed",
                new java.net.SocketTimeoutException("card gateway did not answer"));
        thrown.addSuppressed(new IllegalArgumentException("rollback skipped"));
        try (FirehoseLocal local = FirehoseLocal.builder().port(0).stream("log4j2-logs").stream("logback-logs")
                .start()) {
            try (Log4j2Driver log4j2 = new Log4j2Driver()) {
                log4j2.configure(options(local, "log4j2-logs"), Map.of(), null);
                assertThat(log4j2.appenderStarted()).as("status errors: %s", log4j2.statusProblems()).isTrue();
                log4j2.log(LOGGER, "ERROR", "AUDIT", MDC, thrown, "order {} failed", 42);
                assertThat(log4j2.flush(Duration.ofSeconds(20)).isCompleted()).isTrue();
            }
            logThroughLogback(options(local, "logback-logs"), thrown);

            assertThat(local.lines("log4j2-logs")).hasSize(1);
            assertThat(local.lines("logback-logs")).hasSize(1);
            ObjectNode fromLog4j2 = (ObjectNode) JSON.readTree(local.lines("log4j2-logs").get(0));
            ObjectNode fromLogback = (ObjectNode) JSON.readTree(local.lines("logback-logs").get(0));
            assertThat(fromLog4j2.get("event_id").asText()).isNotEqualTo(fromLogback.get("event_id").asText());
            for (ObjectNode line : new ObjectNode[] {fromLog4j2, fromLogback}) {
                line.remove("event_id");
                line.remove("event_time");
            }
            TreeSet<String> fields = new TreeSet<>();
            fromLog4j2.fieldNames().forEachRemaining(fields::add);
            fromLogback.fieldNames().forEachRemaining(fields::add);
            for (String field : fields) {
                assertThat(fromLog4j2.get(field)).as("field %s", field).isEqualTo(fromLogback.get(field));
            }
            assertThat(fields).contains("level", "logger", "thread", "message", "mdc", "markers", "exception",
                    "service", "environment", "host");
            JsonNode stackTrace = fromLog4j2.get("exception").get("stack_trace");
            assertThat(stackTrace.asText()).contains("Caused by: java.net.SocketTimeoutException")
                    .contains("Suppressed: java.lang.IllegalArgumentException: rollback skipped");
        }
    }

    private static Map<String, String> options(FirehoseLocal local, String stream) {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("deliveryStream", stream);
        options.put("endpoint", local.endpoint().toString());
        options.put("region", "us-east-1");
        options.put("shutdownHook", "false");
        options.put("jmx", "false");
        options.put("service", "orders");
        options.put("environment", "test");
        options.put("includeHost", "true");
        options.put("runtimeContext", "off");
        return options;
    }

    /** As logback.xml would: each option through the appender's setter of the same name. */
    private static void logThroughLogback(Map<String, String> options, Throwable thrown) throws Exception {
        LoggerContext logback = new LoggerContext();
        logback.setName("comparison");
        logback.setMDCAdapter(new LogbackMDCAdapter());
        io.github.firehoseappender.logback.FirehoseAppender appender =
                new io.github.firehoseappender.logback.FirehoseAppender();
        appender.setContext(logback);
        appender.setName("FIREHOSE");
        for (Map.Entry<String, String> option : options.entrySet()) {
            String name = option.getKey();
            Method setter = appender.getClass().getMethod(
                    "set" + Character.toUpperCase(name.charAt(0)) + name.substring(1), String.class);
            setter.invoke(appender, option.getValue());
        }
        appender.start();
        try {
            assertThat(appender.isStarted()).as("status: %s", logback.getStatusManager().getCopyOfStatusList())
                    .isTrue();
            ch.qos.logback.classic.Logger logger = logback.getLogger(LOGGER);
            logger.addAppender(appender);
            MDC.forEach(logback.getMDCAdapter()::put);
            try {
                logger.error(new BasicMarkerFactory().getMarker("AUDIT"), "order {} failed", 42, thrown);
            } finally {
                logback.getMDCAdapter().clear();
            }
            assertThat(appender.flush(Duration.ofSeconds(20)).isCompleted()).isTrue();
        } finally {
            logback.stop();
        }
    }
}
