package io.github.firehoseappender.core.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.firehoseappender.core.RecordingStatus;
import io.github.firehoseappender.core.context.MetadataStub;
import io.github.firehoseappender.core.context.RuntimeContextResolver;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class JsonLineEncoderRuntimeContextTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> LAMBDA = Map.of("AWS_LAMBDA_FUNCTION_NAME", "orders-api",
            "AWS_LAMBDA_FUNCTION_VERSION", "3", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1024",
            "AWS_LAMBDA_LOG_STREAM_NAME", "2025/01/01/[3]abc", "AWS_REGION", "us-east-1");

    private static JsonLineEncoder<MapEvent> encoder(RuntimeContextResolver resolver) {
        return JsonLineEncoder.builder(MapEvent.ACCESSOR, e -> 100).service("svc").host("h1")
                .runtimeContext(resolver).build();
    }

    private static RuntimeContextResolver resolver(String sources, Map<String, String> env) {
        return RuntimeContextResolver.builder().sources(sources).environment(env).vendorFiles(List.of())
                .status(new RecordingStatus()).build();
    }


    @Test
    void lambdaFieldsFollowHostAndTheRequestIdComesFromTheMdc() throws Exception {
        MapEvent e = new MapEvent();
        e.mdc.put("AWSRequestId", "8f5e-11");

        JsonNode n = JSON.readTree(encoder(resolver("auto", LAMBDA)).encode(e));

        assertThat(MapEvent.fieldNames(n)).containsExactly("event_time", "level", "logger", "thread", "message", "mdc", "event_id",
                "service", "host", "aws_region", "lambda_function_name", "lambda_function_version",
                "lambda_memory_mb", "lambda_log_stream", "aws_request_id");
        assertThat(n.get("lambda_memory_mb").isInt()).as("an int column is written as a JSON number").isTrue();
        assertThat(n.get("lambda_memory_mb").asInt()).isEqualTo(1024);
        assertThat(n.get("aws_request_id").asText()).isEqualTo("8f5e-11");
        assertThat(n.get("lambda_function_version").asText()).isEqualTo("3");
    }

    @Test
    void everyContextFieldIsInLogSchemaInTheWrittenOrder() throws Exception {
        MapEvent e = new MapEvent();
        e.mdc.put("AWSRequestId", "r");
        List<String> schemaOrder = new ArrayList<>();
        LogSchema.FIELDS.forEach(f -> schemaOrder.add(f.name()));

        List<String> written = MapEvent.fieldNames(JSON.readTree(encoder(resolver("lambda", LAMBDA)).encode(e)));

        assertThat(schemaOrder).containsSubsequence(written);
    }

    @Test
    void anEventWithoutARequestIdHasNoRequestIdField() throws Exception {
        JsonNode n = JSON.readTree(encoder(resolver("lambda", LAMBDA)).encode(new MapEvent()));

        assertThat(n.has("aws_request_id")).isFalse();
        assertThat(n.get("lambda_function_name").asText()).isEqualTo("orders-api");
    }

    @Test
    void theContextIsResolvedOnceOnTheFirstEncodeAndTruncatedLinesKeepIt() throws Exception {
        try (MetadataStub ecs = MetadataStub.fargateTask("prod", "arn:aws:ecs:us-east-1:1:task/prod/t", "api", "4",
                "us-east-1c", "web")) {
            JsonLineEncoder<MapEvent> encoder = encoder(
                    resolver("auto", Map.of("ECS_CONTAINER_METADATA_URI_V4", ecs.ecsUri())));
            int before = encoder.estimateSize(new MapEvent());
            assertThat(ecs.requests()).as("building the encoder calls nothing").isEmpty();

            for (int i = 0; i < 3; i++) {
                assertThat(JSON.readTree(encoder.encode(new MapEvent())).get("ecs_cluster").asText()).isEqualTo("prod");
            }
            MapEvent big = new MapEvent();
            big.message = "x".repeat(10_000);
            JsonNode truncated = JSON.readTree(encoder.encodeTruncated(big, 2_000));

            assertThat(truncated.get("truncated").asBoolean()).isTrue();
            assertThat(truncated.get("ecs_task_arn").asText()).isEqualTo("arn:aws:ecs:us-east-1:1:task/prod/t");
            assertThat(ecs.requests()).hasSize(2);
            assertThat(encoder.estimateSize(new MapEvent())).as("the context is never part of the buffered event's "
                    + "estimate (the sender counts the encoded line's real length)").isEqualTo(before).isEqualTo(100);
        }
    }

    @Test
    void withoutAResolverNothingIsAddedAndTheEstimateIsTheAdapters() throws Exception {
        JsonLineEncoder<MapEvent> encoder = JsonLineEncoder.builder(MapEvent.ACCESSOR, e -> 100).build();
        MapEvent e = new MapEvent();
        e.mdc.put("AWSRequestId", "r");

        assertThat(MapEvent.fieldNames(JSON.readTree(encoder.encode(e)))).doesNotContain("aws_request_id", "aws_region");
        assertThat(encoder.estimateSize(e)).isEqualTo(100);
    }

    @Test
    void aMalformedMetadataEndpointIsReportedOnceAndEventsAreStillEncoded() throws Exception {
        RecordingStatus status = new RecordingStatus();
        RuntimeContextResolver badImds = RuntimeContextResolver.builder().sources("ec2").vendorFiles(List.of())
                .environment(Map.of("AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://[fd00:ec2::254")).status(status)
                .build();
        JsonLineEncoder<MapEvent> encoder = encoder(badImds);

        for (int i = 0; i < 3; i++) {
            assertThat(JSON.readTree(encoder.encode(new MapEvent())).get("host").asText()).isEqualTo("h1");
        }
        assertThat(status.messages()).singleElement().asString().startsWith("WARN")
                .contains("AWS_EC2_METADATA_SERVICE_ENDPOINT").contains("http://[fd00:ec2::254");
    }

    @Test
    void theSizeEstimateIsWhatTheBufferedEventRetainsNotTheContextTheLineWillCarry() {
        assertThat(encoder(resolver("auto", LAMBDA)).estimateSize(new MapEvent())).isEqualTo(100);
    }
}
