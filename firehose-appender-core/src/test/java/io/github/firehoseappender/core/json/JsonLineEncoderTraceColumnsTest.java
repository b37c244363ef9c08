package io.github.firehoseappender.core.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.firehoseappender.core.RecordingStatus;
import io.github.firehoseappender.core.context.RuntimeContextResolver;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Trace context, Powertools for AWS Lambda's MDC fields and promoted MDC keys as top-level columns. */
class JsonLineEncoderTraceColumnsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String SPAN = "00f067aa0ba902b7";

    private static JsonNode line(JsonLineEncoder<MapEvent> encoder, MapEvent e) throws Exception {
        return JSON.readTree(encoder.encode(e));
    }

    private static JsonLineEncoder.Builder<MapEvent> builder() {
        return JsonLineEncoder.builder(MapEvent.ACCESSOR, e -> 100);
    }

    private static MapEvent agentEvent() {
        MapEvent e = new MapEvent();
        e.mdc.put("request_id", "r-1");
        e.mdc.put("trace_id", TRACE);
        e.mdc.put("span_id", SPAN);
        e.mdc.put("trace_flags", "01");
        return e;
    }


    @Test
    void theOpenTelemetryAgentsMdcKeysBecomeTraceColumnsAndLeaveTheMdc() throws Exception {
        JsonNode n = line(builder().build(), agentEvent());

        assertThat(n.get("trace_id").asText()).isEqualTo(TRACE);
        assertThat(n.get("span_id").asText()).isEqualTo(SPAN);
        assertThat(n.get("trace_flags").asText()).isEqualTo("01");
        assertThat(n.get("mdc").toString()).isEqualTo("{\"request_id\":\"r-1\"}");
    }

    @Test
    void renamedAgentKeysAreReadWhereTheAgentWritesThem() throws Exception {
        MapEvent e = new MapEvent();
        e.mdc.put("traceId", TRACE);
        e.mdc.put("spanId", SPAN);
        e.mdc.put("flags", "00");

        JsonNode n = line(builder().traceContext(null, "traceId", "spanId", "flags").build(), e);

        assertThat(n.get("trace_id").asText()).isEqualTo(TRACE);
        assertThat(n.get("span_id").asText()).isEqualTo(SPAN);
        assertThat(n.get("trace_flags").asText()).isEqualTo("00");
        assertThat(n.get("mdc").size()).isZero();
    }

    @Test
    void traceContextFalseWritesNoTraceColumnAndLeavesTheMdcAsLogged() throws Exception {
        MapEvent e = agentEvent();
        e.mdc.put("X-Amzn-Trace-Id", "Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1");

        JsonLineEncoder<MapEvent> encoder = builder().traceContext("false", null, null, null).build();
        JsonNode n = line(encoder, e);

        assertThat(encoder.traceCapture()).isNull();
        assertThat(n.has("trace_id") || n.has("span_id") || n.has("xray_trace_id")).isFalse();
        assertThat(n.get("mdc").size()).isEqualTo(5);
        assertThatThrownBy(() -> builder().traceContext("yes", null, null, null))
                .hasMessage("traceContext=yes is not true or false");
    }

    @Test
    void anXrayHeaderInTheMdcGivesItsRootIdAsXrayTraceId() throws Exception {
        MapEvent e = new MapEvent();
        e.mdc.put("X-Amzn-Trace-Id", "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1");

        JsonNode n = line(builder().build(), e);

        assertThat(n.get("xray_trace_id").asText()).isEqualTo("1-5759e988-bd862e3fe1be46a994272793");
        assertThat(n.get("mdc").size()).isZero();
    }

    @Test
    void powertoolsFieldsFillTheirColumnsAndNoneStaysInTheMdc() throws Exception {
        MapEvent e = new MapEvent();
        e.mdc.putAll(powertoolsMdc());
        e.mdc.put("order", "42");

        JsonNode n = line(builder().runtimeContext(RuntimeContextResolver.off()).build(), e);

        assertThat(n.get("mdc").toString()).isEqualTo("{\"order\":\"42\"}");
        assertThat(n.get("service").asText()).isEqualTo("payment");
        assertThat(n.get("lambda_function_name").asText()).isEqualTo("payment-fn");
        assertThat(n.get("lambda_function_version").asText()).isEqualTo("$LATEST");
        assertThat(n.get("lambda_memory_mb").isInt()).isTrue();
        assertThat(n.get("lambda_memory_mb").asInt()).isEqualTo(512);
        assertThat(n.get("aws_request_id").asText()).isEqualTo("c6af9ac6-7b61-11e6-9a41-93e812345678");
        assertThat(n.get("lambda_function_arn").asText()).endsWith(":function:payment-fn");
        assertThat(n.get("lambda_cold_start").isBoolean()).isTrue();
        assertThat(n.get("lambda_cold_start").asBoolean()).isTrue();
        assertThat(n.get("correlation_id").asText()).isEqualTo("corr-7");
        assertThat(n.get("sampling_rate").asText()).isEqualTo("0.1");
        assertThat(n.get("xray_trace_id").asText()).isEqualTo("1-5759e988-bd862e3fe1be46a994272793");
        List<String> schemaOrder = new ArrayList<>();
        LogSchema.FIELDS.forEach(f -> schemaOrder.add(f.name()));
        assertThat(schemaOrder).containsSubsequence(MapEvent.fieldNames(n));
    }

    @Test
    void anMdcValueDifferingFromTheColumnsOwnValueStaysInTheMdc() throws Exception {
        Map<String, String> env = Map.of("AWS_LAMBDA_FUNCTION_NAME", "payment-fn", "AWS_LAMBDA_FUNCTION_VERSION", "7",
                "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "512");
        MapEvent e = new MapEvent();
        e.mdc.putAll(powertoolsMdc());
        e.mdc.put("cold_start", "maybe");

        JsonNode n = line(builder().service("orders").runtimeContext(RuntimeContextResolver.builder().sources("lambda")
                .environment(env).status(new RecordingStatus()).build()).build(), e);

        assertThat(n.get("service").asText()).as("the service option wins").isEqualTo("orders");
        assertThat(n.get("mdc").get("service").asText()).isEqualTo("payment");
        assertThat(n.get("lambda_function_version").asText()).isEqualTo("7");
        assertThat(n.get("mdc").get("function_version").asText()).isEqualTo("$LATEST");
        assertThat(n.get("mdc").has("function_name")).as("the same value: not repeated").isFalse();
        assertThat(n.get("mdc").has("function_memory_size")).isFalse();
        assertThat(n.has("lambda_cold_start")).isFalse();
        assertThat(n.get("mdc").get("cold_start").asText()).isEqualTo("maybe");
    }

    @Test
    void theLambdaRuntimesRequestIdKeyIsNotRepeatedInTheMdc() throws Exception {
        MapEvent e = new MapEvent();
        e.mdc.put("AWSRequestId", "8f5e-11");

        JsonNode n = line(builder().runtimeContext(RuntimeContextResolver.builder().sources("lambda")
                .environment(Map.of("AWS_LAMBDA_FUNCTION_NAME", "f")).status(new RecordingStatus()).build()).build(), e);

        assertThat(n.get("aws_request_id").asText()).isEqualTo("8f5e-11");
        assertThat(n.get("mdc").size()).isZero();
    }

    @Test
    void promotedKeysBecomeStringColumnsAfterTheSchemasFields() throws Exception {
        MapEvent e = agentEvent();
        e.mdc.put("tenant", "acme");

        JsonLineEncoder<MapEvent> encoder = builder().promotedMdcKeys(" request_id, tenant ,absent_key").build();
        JsonNode n = line(encoder, e);

        assertThat(n.get("request_id").asText()).isEqualTo("r-1");
        assertThat(n.get("tenant").asText()).isEqualTo("acme");
        assertThat(n.has("absent_key")).isFalse();
        assertThat(n.get("mdc").size()).isZero();
        List<String> order = new ArrayList<>();
        encoder.fields().forEach(f -> order.add(f.name()));
        assertThat(order).containsSubsequence(MapEvent.fieldNames(n));
        assertThat(order.subList(order.size() - 3, order.size())).containsExactly("request_id", "tenant", "absent_key");
        assertThat(encoder.fields().get(order.size() - 1).hiveType()).isEqualTo("string");
    }

    @Test
    void promotedKeysMustBeSnakeCaseColumnNamesAthenaReadsUnquoted() {
        assertThat(PromotedMdcKeys.parse("")).isEmpty();
        assertThat(PromotedMdcKeys.parse("request_id,tenant2")).containsExactly("request_id", "tenant2");
        assertThatThrownBy(() -> PromotedMdcKeys.parse("requestId,user,trace_id,year,tenant,tenant,_x,"))
                .hasMessage("promotedMdcKeys=requestId,user,trace_id,year,tenant,tenant,_x,: "
                        + "'requestId' is not snake_case (a-z first, then a-z, 0-9, _); 'user' is reserved in Athena; "
                        + "'trace_id' is already a column; 'year' is a partition key of the table; "
                        + "'tenant' is listed twice; '_x' is not snake_case (a-z first, then a-z, 0-9, _); "
                        + "an empty key; list snake_case MDC keys Athena reads unquoted, or omit the option");
        assertThatThrownBy(() -> PromotedMdcKeys.parse("a1,a2,a3,a4,a5,a6,a7,a8,a9,a10,a11"))
                .hasMessageContaining("11 keys exceed 10");
        for (String reserved : List.of("timestamp", "time", "date", "select", "order", "group", "partition")) {
            assertThatThrownBy(() -> PromotedMdcKeys.parse(reserved)).hasMessageContaining("reserved in Athena");
        }
    }

    @Test
    void noSchemaColumnIsAnAthenaReservedWord() {
        for (LogSchema.Field field : LogSchema.FIELDS) {
            assertThat(PromotedMdcKeys.ATHENA_RESERVED_WORDS).doesNotContain(field.name());
        }
    }

    static Map<String, String> powertoolsMdc() {
        return Map.of("service", "payment", "function_name", "payment-fn", "function_version", "$LATEST",
                "function_memory_size", "512", "function_request_id", "c6af9ac6-7b61-11e6-9a41-93e812345678",
                "function_arn", "arn:aws:lambda:eu-west-1:123456789012:function:payment-fn", "cold_start", "true",
                "correlation_id", "corr-7", "sampling_rate", "0.1",
                "xray_trace_id", "1-5759e988-bd862e3fe1be46a994272793");
    }
}
