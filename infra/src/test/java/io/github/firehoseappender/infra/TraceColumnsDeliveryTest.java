package io.github.firehoseappender.infra;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.LoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.firehoseappender.core.trace.TraceCapture;
import io.github.firehoseappender.local.FirehoseLocal;
import org.apache.logging.log4j.ThreadContext;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.builder.api.AppenderComponentBuilder;
import org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilder;
import org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilderFactory;
import org.apache.logging.log4j.core.config.builder.impl.BuiltConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Trace ids end to end: each appender, configured as a user would, delivers to firehose-local (arrival pinned to the
 * named queries' sample day, 2025-06-23) and the ids are top-level fields of the delivered lines and columns the
 * template's named queries find in DuckDB, with only the sample id edited as a user would edit it.
 */
@Timeout(120)
class TraceColumnsDeliveryTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String XRAY_ROOT = "1-5759e988-bd862e3fe1be46a994272793";
    private static final String XRAY_HEADER = "Root=" + XRAY_ROOT + ";Parent=53995c3f42cd8ad8;Sampled=1";

    @TempDir
    static Path dataDir;
    private static FirehoseLocal local;
    private static int streams;

    @BeforeAll
    static void startFirehoseLocal() {
        System.setProperty("aws.accessKeyId", "test-key");
        System.setProperty("aws.secretAccessKey", "test-secret");
        local = FirehoseLocal.builder().port(0).dataDir(dataDir)
                .clock(Clock.fixed(Instant.parse("2025-06-23T17:30:00Z"), ZoneOffset.UTC))
                .stream("logback").stream("log4j2").stream("lambda").stream("powertools").start();
    }

    @AfterAll
    static void stopFirehoseLocal() {
        if (local != null) {
            local.close();
        }
    }

    @Test
    void theOpenTelemetryAgentsMdcLayoutOnLogbackGivesTraceColumnsTheTraceQueryFinds() throws Exception {
        String trace = "4bf92f3577b34da6a3ce929d0e0e4736";
        withLogback("logback", Map.of(), logger -> {
            // The agent adds the ids to the event's MDC property map, not to the SLF4J thread-local MDC.
            logger.callAppenders(agentEvent(logger, "loading order 42", trace, "00f067aa0ba902b7"));
            logger.callAppenders(agentEvent(logger, "order 42 loaded", trace, "53995c3f42cd8ad8"));
            logger.info("outside any trace");
        });

        List<JsonNode> lines = delivered("logback");
        assertEquals(3, lines.size());
        assertEquals(trace, lines.get(0).path("trace_id").asText());
        assertEquals("00f067aa0ba902b7", lines.get(0).path("span_id").asText());
        assertEquals("01", lines.get(0).path("trace_flags").asText());
        assertEquals("{\"order\":\"42\"}", lines.get(0).path("mdc").toString(), "the ids are not repeated in mdc");
        assertFalse(lines.get(2).has("trace_id"));

        List<Map<String, Object>> rows = namedQuery(Map.of(), "All logs of one trace",
                NamedQueriesTest.SAMPLE_TRACE_ID, trace);
        assertEquals(List.of("loading order 42", "order 42 loaded"), column(rows, "message"));
        assertEquals(List.of("00f067aa0ba902b7", "53995c3f42cd8ad8"), column(rows, "span_id"));
    }

    @Test
    void log4j2ThreadContextWithRenamedKeysAndAPromotedKeyGivesColumnsInSql() throws Exception {
        String trace = "0af7651916cd43dd8448eb211c80319c";
        Map<String, String> options = Map.of("traceIdKey", "traceId", "spanIdKey", "spanId",
                "traceFlagsKey", "traceFlags", "promotedMdcKeys", "tenant");
        withLog4j2("log4j2", options, () -> {
            ThreadContext.put("traceId", trace);
            ThreadContext.put("spanId", "b7ad6b7169203331");
            ThreadContext.put("traceFlags", "01");
            ThreadContext.put("tenant", "acme");
        });

        List<JsonNode> lines = delivered("log4j2");
        assertEquals(1, lines.size());
        assertEquals(trace, lines.get(0).path("trace_id").asText());
        assertEquals("b7ad6b7169203331", lines.get(0).path("span_id").asText());
        assertEquals("acme", lines.get(0).path("tenant").asText());
        assertEquals(0, lines.get(0).path("mdc").size(), lines.get(0).toString());

        List<Map<String, Object>> rows = namedQuery(Map.of("PromotedMdcKeys", "tenant"), "All logs of one trace",
                NamedQueriesTest.SAMPLE_TRACE_ID, trace);
        assertEquals(List.of("b7ad6b7169203331"), column(rows, "span_id"));
        try (AthenaOnDuckDb athena = athena(Map.of("PromotedMdcKeys", "tenant"))) {
            assertEquals(List.of("acme"), column(athena.rows("SELECT tenant FROM central_logs.logging WHERE trace_id = '"
                    + trace + "'"), "tenant"));
        }
    }

    @Test
    void aLambdaInvocationsTraceHeaderPropertyGivesXrayTraceIdAndTheRequestsErrorsQueryFindsIt() throws Exception {
        String request = "6f1d0c52-0b7c-4c39-9a0e-3a3c1b0f2b11";
        Map<String, String> lambdaEnvironment = Map.of("AWS_LAMBDA_FUNCTION_NAME", "payment-fn",
                "AWS_LAMBDA_FUNCTION_VERSION", "7", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "512");
        System.setProperty(TraceCapture.XRAY_PROPERTY, XRAY_HEADER); // as the Lambda runtime does per invocation
        try {
            withLogback("lambda", Map.of("runtimeContext", "lambda"), lambdaEnvironment, logger -> {
                logger.getLoggerContext().getMDCAdapter().put("AWSRequestId", request);
                logger.error("charge failed", new IllegalStateException("card declined"));
                logger.info("handler done");
                logger.getLoggerContext().getMDCAdapter().clear();
            });
        } finally {
            System.clearProperty(TraceCapture.XRAY_PROPERTY);
        }

        List<JsonNode> lines = delivered("lambda");
        assertEquals(2, lines.size());
        for (JsonNode line : lines) {
            assertEquals(XRAY_ROOT, line.path("xray_trace_id").asText(), line.toString());
            assertEquals(request, line.path("aws_request_id").asText());
            assertEquals(0, line.path("mdc").size(), line.toString());
        }
        List<Map<String, Object>> rows = namedQuery(Map.of(), "Errors of one Lambda request",
                NamedQueriesTest.SAMPLE_REQUEST_ID, request);
        assertEquals(List.of("charge failed"), column(rows, "message"));
        assertEquals(List.of(XRAY_ROOT), column(rows, "xray_trace_id"));
        assertEquals(List.of("payment-fn"), column(rows, "lambda_function_name"));
    }

    @Test
    void powertoolsMdcFieldsOnLog4j2BecomeColumnsTheRequestsErrorsQueryFinds() throws Exception {
        String request = "c0ffee00-1111-4222-8333-444455556666";
        withLog4j2("powertools", Map.of(), () -> {
            ThreadContext.put("service", "payment");
            ThreadContext.put("function_name", "payment-fn");
            ThreadContext.put("function_version", "$LATEST");
            ThreadContext.put("function_memory_size", "512");
            ThreadContext.put("function_arn", "arn:aws:lambda:eu-west-1:123456789012:function:payment-fn");
            ThreadContext.put("function_request_id", request);
            ThreadContext.put("cold_start", "true");
            ThreadContext.put("correlation_id", "corr-7");
            ThreadContext.put("sampling_rate", "0.1");
            ThreadContext.put("xray_trace_id", XRAY_ROOT);
        });

        List<JsonNode> lines = delivered("powertools");
        assertEquals(1, lines.size());
        JsonNode line = lines.get(0);
        assertEquals(0, line.path("mdc").size(), line.toString());
        assertEquals("payment", line.path("service").asText());
        assertEquals(512, line.path("lambda_memory_mb").asInt());
        assertTrue(line.path("lambda_cold_start").asBoolean());
        assertEquals(request, line.path("aws_request_id").asText());
        assertEquals(XRAY_ROOT, line.path("xray_trace_id").asText());

        List<Map<String, Object>> rows = namedQuery(Map.of(), "Errors of one Lambda request",
                NamedQueriesTest.SAMPLE_REQUEST_ID, request);
        assertEquals(1, rows.size(), rows.toString());
        assertEquals(XRAY_ROOT, rows.get(0).get("xray_trace_id"));
        try (AthenaOnDuckDb athena = athena(Map.of())) {
            Map<String, Object> row = athena.rows("SELECT lambda_function_arn, lambda_cold_start, correlation_id,"
                    + " sampling_rate FROM central_logs.logging WHERE aws_request_id = '" + request + "'").get(0);
            assertEquals(List.of("arn:aws:lambda:eu-west-1:123456789012:function:payment-fn", true, "corr-7", "0.1"),
                    new ArrayList<>(row.values()));
        }
    }

    // ---- Logback and Log4j2 as a user configures them (options by name), delivering to firehose-local

    private interface LogbackLogging {
        void log(Logger logger) throws Exception;
    }

    private static void withLogback(String stream, Map<String, String> extra, LogbackLogging logging) throws Exception {
        withLogback(stream, extra, Map.of(), logging);
    }

    private static void withLogback(String stream, Map<String, String> extra, Map<String, String> environment,
                                    LogbackLogging logging) throws Exception {
        ch.qos.logback.classic.LoggerContext context = new ch.qos.logback.classic.LoggerContext();
        context.setName("trace-" + (++streams));
        context.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter());
        io.github.firehoseappender.logback.FirehoseAppender appender =
                new io.github.firehoseappender.logback.FirehoseAppender();
        appender.setContext(context);
        appender.setName("FIREHOSE");
        for (Map.Entry<String, String> option : options(stream, extra).entrySet()) {
            String name = option.getKey();
            Method setter = appender.getClass().getMethod(
                    "set" + Character.toUpperCase(name.charAt(0)) + name.substring(1), String.class);
            setter.invoke(appender, option.getValue());
        }
        appender.setRuntimeContextEnvironment(environment);
        appender.start();
        try {
            assertTrue(appender.isStarted(), () -> context.getStatusManager().getCopyOfStatusList().toString());
            Logger logger = context.getLogger("io.example.orders.OrderService");
            logger.addAppender(appender);
            logging.log(logger);
            assertTrue(appender.flush(Duration.ofSeconds(30)).isCompleted());
        } finally {
            context.stop();
        }
    }

    private static LoggingEvent agentEvent(Logger logger, String message, String trace, String span) {
        LoggingEvent event = new LoggingEvent(Logger.class.getName(), logger, Level.INFO, message, null, null);
        Map<String, String> mdc = new LinkedHashMap<>();
        mdc.put("order", "42");
        mdc.put("trace_id", trace);
        mdc.put("span_id", span);
        mdc.put("trace_flags", "01");
        event.setMDCPropertyMap(mdc);
        return event;
    }

    /** Sets the ThreadContext with {@code context}, then logs one ERROR with an exception through a Firehose appender. */
    private static void withLog4j2(String stream, Map<String, String> extra, Runnable context) {
        ConfigurationBuilder<BuiltConfiguration> config = ConfigurationBuilderFactory.newConfigurationBuilder();
        config.setStatusLevel(org.apache.logging.log4j.Level.WARN);
        AppenderComponentBuilder firehose = config.newAppender("FIREHOSE", "Firehose");
        options(stream, extra).forEach(firehose::addAttribute);
        config.add(firehose);
        config.add(config.newRootLogger(org.apache.logging.log4j.Level.INFO).add(config.newAppenderRef("FIREHOSE")));
        LoggerContext log4j2 = new LoggerContext("trace-" + (++streams));
        log4j2.start(config.build());
        try {
            context.run();
            log4j2.getLogger("io.example.payment.Handler").error("charge failed",
                    new IllegalStateException("card declined"));
            assertTrue(io.github.firehoseappender.log4j2.FirehoseAppender.flushAll(log4j2, Duration.ofSeconds(30))
                    .isCompleted());
        } finally {
            ThreadContext.clearAll();
            log4j2.stop();
        }
    }

    private static Map<String, String> options(String stream, Map<String, String> extra) {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("deliveryStream", stream);
        options.put("endpoint", local.endpoint().toString());
        options.put("region", "us-east-1");
        options.put("shutdownHook", "false");
        options.put("jmx", "false");
        options.put("stderrNotices", "false");
        options.put("runtimeContext", "off");
        options.put("service", "orders");
        options.putAll(extra);
        if ("powertools".equals(stream)) {
            options.remove("service"); // Powertools' own service name fills the column
        }
        return options;
    }

    // ---- what was delivered, and SQL over it

    private static List<JsonNode> delivered(String stream) throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : local.lines(stream)) {
            lines.add(JSON.readTree(line));
        }
        return lines;
    }

    private static AthenaOnDuckDb athena(Map<String, String> parameters) throws SQLException {
        local.flush();
        CloudFormationTemplate template = CloudFormationTemplate.loggingAccount();
        CloudFormationTemplate.Evaluation stack = template.evaluate().with("AWS::StackName", "central-logs");
        parameters.forEach(stack::with);
        return new AthenaOnDuckDb(template, stack, dataDir);
    }

    /** The named query with its sample id replaced, as a user edits it. */
    private static List<Map<String, Object>> namedQuery(Map<String, String> parameters, String name, String sampleId,
                                                        String id) throws SQLException {
        try (AthenaOnDuckDb athena = athena(parameters)) {
            String sql = athena.query(name);
            assertTrue(sql.contains("'" + sampleId + "'"), sql);
            return athena.rows(sql.replace("'" + sampleId + "'", "'" + id + "'"));
        }
    }

    private static List<Object> column(List<Map<String, Object>> rows, String column) {
        List<Object> values = new ArrayList<>();
        for (Map<String, Object> row : rows) {
            values.add(row.get(column));
        }
        return values;
    }
}
