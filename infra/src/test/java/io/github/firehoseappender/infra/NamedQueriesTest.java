package io.github.firehoseappender.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.firehoseappender.core.json.LogSchema;
import io.github.firehoseappender.local.FirehoseLocal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.firehose.model.PutRecordBatchResponse;
import software.amazon.awssdk.services.firehose.model.Record;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs the template's Athena named queries, exactly as written, in DuckDB over JSON lines that firehose-local
 * delivered in the Firehose layout ({@code logging/year=…/month=…/day=…/hour=…/<object>}), arrival hours set by a
 * test clock; {@link AthenaOnDuckDb} plays the Glue table and Athena's dialect.
 */
class NamedQueriesTest {
    private static final String STREAM = "logs";
    private static final String STACK = "central-logs";
    private static final String ACCESS_LOG = "io.example.http.AccessLog";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dataDir;

    static final String SAMPLE_TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    static final String SAMPLE_REQUEST_ID = "c6af9ac6-7b61-11e6-9a41-93e812345678";
    private static AthenaOnDuckDb athena;
    private static final List<String> fiveHundredsBetween17And19 = new ArrayList<>();
    private static int eventsOn23rd;
    private static int fiveHundredsOn23rd;

    @BeforeAll
    static void deliverFixtureAndOpenDuckDb() throws Exception {
        MutableClock clock = new MutableClock();
        try (FirehoseLocal local = FirehoseLocal.builder().stream(STREAM).dataDir(dataDir).clock(clock).start();
             FirehoseClient client = FirehoseClient.builder()
                     .endpointOverride(local.endpoint())
                     .region(Region.of(local.region()))
                     .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                     .httpClient(UrlConnectionHttpClient.create())
                     .build()) {
            // arrival hour 16: a 5xx before the window
            deliver(local, client, clock, "2025-06-23T16:59:00Z", List.of(
                    access("2025-06-23T16:30:00.000Z", "GET /orders HTTP/1.1", 500),
                    access("2025-06-23T16:31:00.000Z", "GET /orders HTTP/1.1", 200)));
            // arrival hour 17: 2xx, 4xx, 5xx and errors with stack traces
            deliver(local, client, clock, "2025-06-23T17:30:00Z", List.of(
                    access("2025-06-23T17:10:00.125Z", "GET /orders/42 HTTP/1.1", 200),
                    access("2025-06-23T17:10:01.000Z", "GET /orders/43 HTTP/1.1", 404),
                    access("2025-06-23T17:12:00.000Z", "POST /orders HTTP/1.1", 503),
                    error("2025-06-23T17:12:00.010Z", "io.example.orders.OrderService", "java.sql.SQLTimeoutException"),
                    error("2025-06-23T17:40:00.000Z", "io.example.orders.OrderService", "java.sql.SQLTimeoutException"),
                    error("2025-06-23T17:41:00.000Z", "io.example.billing.Invoices", "java.lang.IllegalStateException"),
                    event("2025-06-23T17:42:00.000Z", "ERROR", "io.example.billing.Invoices", "retry budget spent"),
                    // one trace through two services (the gateway's line last in the record, first in time)
                    traced(event("2025-06-23T17:43:00.200Z", "INFO", "io.example.orders.OrderService", "loading order"),
                            SAMPLE_TRACE_ID, "2222222222222222"),
                    traced(error("2025-06-23T17:43:00.900Z", "io.example.orders.OrderService",
                            "java.sql.SQLTimeoutException"), SAMPLE_TRACE_ID, "2222222222222222"),
                    traced(event("2025-06-23T17:43:00.100Z", "INFO", "io.example.gateway.Routes", "GET /orders/42"),
                            SAMPLE_TRACE_ID, "1111111111111111"),
                    traced(event("2025-06-23T17:43:00.150Z", "INFO", "io.example.gateway.Routes", "other trace"),
                            "0af7651916cd43dd8448eb211c80319c", "3333333333333333"),
                    // one Lambda invocation's error, a warning of it, and another invocation's error
                    invocation(error("2025-06-23T17:44:00.000Z", "io.example.payment.Handler",
                            "java.lang.IllegalStateException"), SAMPLE_REQUEST_ID),
                    invocation(event("2025-06-23T17:44:00.500Z", "WARN", "io.example.payment.Handler", "slow card"),
                            SAMPLE_REQUEST_ID),
                    invocation(error("2025-06-23T17:45:00.000Z", "io.example.payment.Handler",
                            "java.lang.IllegalStateException"), "0d1e2f3a-0000-4000-8000-000000000000")));
            // arrival hour 19: one event of 18:59 that arrived late (in the window), one of 19:05 (outside)
            deliver(local, client, clock, "2025-06-23T19:00:30Z", List.of(
                    access("2025-06-23T18:59:59.900Z", "GET /pay HTTP/1.1", 502),
                    access("2025-06-23T19:05:00.000Z", "GET /pay HTTP/1.1", 500)));
            // another day: no query of the 23rd sees it
            deliver(local, client, clock, "2025-06-24T00:10:00Z", List.of(
                    access("2025-06-24T00:09:00.000Z", "GET /orders HTTP/1.1", 500)));
        }

        CloudFormationTemplate template = CloudFormationTemplate.loggingAccount();
        athena = new AthenaOnDuckDb(template, template.evaluate().with("AWS::StackName", STACK), dataDir);
    }

    @AfterAll
    static void closeDuckDb() throws SQLException {
        if (athena != null) {
            athena.close();
        }
    }

    @Test
    void templateHasTheSevenQueries() {
        assertEquals(List.of("All events of a day", "5xx messages", "5xx between two hours",
                "Errors with stack traces by logger", "Top loggers by volume", "All logs of one trace",
                "Errors of one Lambda request"), new ArrayList<>(athena.queries().keySet()));
    }

    @Test
    void allEventsOfADayReturnsThatDaysEventsOnly() throws SQLException {
        List<Map<String, Object>> rows = run("All events of a day");
        assertEquals(eventsOn23rd, rows.size());
        for (Map<String, Object> row : rows) {
            assertTrue(String.valueOf(row.get("event_time")).startsWith("2025-06-23"), row.toString());
        }
        assertEquals(LogSchema.FIELDS.size() + 4, rows.get(0).size(), "every column plus year, month, day, hour");
    }

    @Test
    void serverErrorsReturnsOnlyTheDays5xxLines() throws SQLException {
        List<Map<String, Object>> rows = run("5xx messages");
        assertEquals(fiveHundredsOn23rd, rows.size());
        for (Map<String, Object> row : rows) {
            assertTrue(String.valueOf(row.get("message")).matches(".*\" 5\\d\\d .*"), row.toString());
        }
    }

    @Test
    void serverErrorsBetweenTwoHoursGoesByEventTimeIncludingLateArrivals() throws SQLException {
        List<String> ids = new ArrayList<>();
        for (Map<String, Object> row : run("5xx between two hours")) {
            ids.add(String.valueOf(row.get("event_time")));
        }
        assertEquals(fiveHundredsBetween17And19, ids);
    }

    @Test
    void errorsWithStackTracesAreGroupedByLoggerAndClass() throws SQLException {
        List<Map<String, Object>> rows = run("Errors with stack traces by logger");
        assertEquals(3, rows.size(), rows.toString());
        assertEquals("io.example.orders.OrderService", rows.get(0).get("logger"));
        assertEquals("java.sql.SQLTimeoutException", rows.get(0).get("exception_class"));
        assertEquals(3L, ((Number) rows.get(0).get("events")).longValue());
        assertEquals("io.example.payment.Handler", rows.get(1).get("logger"));
        assertTrue(String.valueOf(rows.get(0).get("sample_stack_trace")).contains("\n\tat "), rows.get(0).toString());
        assertEquals("io.example.billing.Invoices", rows.get(2).get("logger"));
    }

    @Test
    void topLoggersPutsTheAccessLogFirst() throws SQLException {
        List<Map<String, Object>> rows = run("Top loggers by volume");
        assertEquals(ACCESS_LOG, rows.get(0).get("logger"));
        assertEquals(5, rows.size(), rows.toString());
    }

    @Test
    void oneTraceGivesItsEventsAcrossServicesInEventTimeOrder() throws SQLException {
        List<Map<String, Object>> rows = run("All logs of one trace");
        List<String> spans = new ArrayList<>();
        for (Map<String, Object> row : rows) {
            spans.add(row.get("service") + "/" + row.get("span_id"));
        }
        assertEquals(List.of("gateway/1111111111111111", "orders/2222222222222222", "orders/2222222222222222"), spans);
        assertEquals("java.sql.SQLTimeoutException", rows.get(2).get("exception_class"));
    }

    @Test
    void errorsOfOneLambdaRequestAreThatInvocationsErrorsOnly() throws SQLException {
        List<Map<String, Object>> rows = run("Errors of one Lambda request");
        assertEquals(1, rows.size(), rows.toString());
        assertEquals("payment-fn", rows.get(0).get("lambda_function_name"));
        assertEquals("1-5759e988-bd862e3fe1be46a994272793", rows.get(0).get("xray_trace_id"));
        assertTrue(String.valueOf(rows.get(0).get("stack_trace")).contains("\n\tat "), rows.get(0).toString());
    }

    private static List<Map<String, Object>> run(String name) throws SQLException {
        List<Map<String, Object>> rows = athena.rows(athena.query(name));
        assertTrue(!rows.isEmpty(), name + " returned no rows");
        return rows;
    }

    // ---- fixture: events in LogSchema's fields and order, as the encoders write them

    private static void deliver(FirehoseLocal local, FirehoseClient client, MutableClock clock, String arrival,
                                List<ObjectNode> events) throws Exception {
        clock.set(Instant.parse(arrival));
        StringBuilder record = new StringBuilder();
        for (ObjectNode event : events) {
            assertFieldsFollowTheSchema(event);
            record.append(JSON.writeValueAsString(event)).append('\n');
            String time = event.path(LogSchema.EVENT_TIME).asText();
            boolean on23rd = time.startsWith("2025-06-23");
            boolean fiveHundred = event.path(LogSchema.MESSAGE).asText().matches(".*\" 5\\d\\d .*");
            eventsOn23rd += on23rd ? 1 : 0;
            fiveHundredsOn23rd += on23rd && fiveHundred ? 1 : 0;
            if (fiveHundred && time.compareTo("2025-06-23T17:00:00") >= 0 && time.compareTo("2025-06-23T19:00:00") < 0) {
                fiveHundredsBetween17And19.add(time);
            }
        }
        // one aggregated record: many lines per 5 KB-billed record, as the appenders pack them
        PutRecordBatchResponse response = client.putRecordBatch(b -> b.deliveryStreamName(STREAM)
                .records(Record.builder().data(SdkBytes.fromString(record.toString(), StandardCharsets.UTF_8)).build()));
        assertEquals(0, response.failedPutCount());
        local.flush();
    }

    private static void assertFieldsFollowTheSchema(ObjectNode event) {
        List<String> schema = new ArrayList<>();
        for (LogSchema.Field field : LogSchema.FIELDS) {
            schema.add(field.name());
        }
        List<String> written = new ArrayList<>();
        event.fieldNames().forEachRemaining(written::add);
        List<String> expected = new ArrayList<>(schema);
        expected.retainAll(written);
        assertEquals(expected, written, "fixture fields must be LogSchema fields in LogSchema order");
    }

    private static ObjectNode traced(ObjectNode event, String traceId, String spanId) {
        event.put(LogSchema.SERVICE, event.path(LogSchema.LOGGER).asText().contains("gateway") ? "gateway" : "orders");
        return inSchemaOrder(event, Map.of(LogSchema.TRACE_ID, traceId, LogSchema.SPAN_ID, spanId,
                LogSchema.TRACE_FLAGS, "01"));
    }

    private static ObjectNode invocation(ObjectNode event, String requestId) {
        return inSchemaOrder(event, Map.of(LogSchema.LAMBDA_FUNCTION_NAME, "payment-fn",
                LogSchema.AWS_REQUEST_ID, requestId, LogSchema.XRAY_TRACE_ID, "1-5759e988-bd862e3fe1be46a994272793"));
    }

    /** The event with more columns, every field in LogSchema order. */
    private static ObjectNode inSchemaOrder(ObjectNode event, Map<String, String> columns) {
        ObjectNode ordered = JSON.createObjectNode();
        for (LogSchema.Field field : LogSchema.FIELDS) {
            if (columns.containsKey(field.name())) {
                ordered.put(field.name(), columns.get(field.name()));
            } else if (event.has(field.name())) {
                ordered.set(field.name(), event.get(field.name()));
            }
        }
        return ordered;
    }

    private static ObjectNode access(String time, String request, int status) {
        String clf = "10.0.3.7 - - [" + time + "] \"" + request + "\" " + status + " 512";
        return event(time, status >= 500 ? "WARN" : "INFO", ACCESS_LOG, clf);
    }

    private static ObjectNode error(String time, String logger, String exceptionClass) {
        ObjectNode event = event(time, "ERROR", logger, "request failed");
        ObjectNode exception = JSON.createObjectNode();
        exception.put(LogSchema.EXCEPTION_CLASS, exceptionClass);
        exception.put(LogSchema.EXCEPTION_MESSAGE, "timed out after 30000 ms");
        exception.put(LogSchema.EXCEPTION_STACK_TRACE, exceptionClass + ": timed out after 30000 ms\n\tat "
                + logger + ".handle(Unknown Source)\n\tat java.base/java.lang.Thread.run(Thread.java:840)\n");
        // insert in schema order: rebuild around the exception field
        ObjectNode ordered = JSON.createObjectNode();
        Iterator<Map.Entry<String, JsonNode>> fields = event.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getKey().equals(LogSchema.EVENT_ID)) {
                ordered.set(LogSchema.EXCEPTION, exception);
            }
            ordered.set(field.getKey(), field.getValue());
        }
        return ordered;
    }

    private static ObjectNode event(String time, String level, String logger, String message) {
        ObjectNode event = JSON.createObjectNode();
        event.put(LogSchema.EVENT_TIME, time);
        event.put(LogSchema.LEVEL, level);
        event.put(LogSchema.LOGGER, logger);
        event.put(LogSchema.THREAD, "http-nio-8080-exec-3");
        event.put(LogSchema.MESSAGE, message);
        event.putObject(LogSchema.MDC).put("requestId", UUID.nameUUIDFromBytes(time.getBytes(StandardCharsets.UTF_8)).toString());
        event.putArray(LogSchema.MARKERS);
        event.put(LogSchema.EVENT_ID, UUID.nameUUIDFromBytes((time + message).getBytes(StandardCharsets.UTF_8)).toString());
        event.put(LogSchema.SERVICE, "orders");
        event.put(LogSchema.ENVIRONMENT, "test");
        event.put(LogSchema.HOST, "ip-10-0-3-7");
        event.put(LogSchema.TRUNCATED, false);
        return event;
    }

    /** The arrival clock firehose-local stamps prefixes with; set by the test thread before each delivery. */
    private static final class MutableClock extends Clock {
        private volatile Instant now = Instant.EPOCH;

        void set(Instant instant) {
            now = instant;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
