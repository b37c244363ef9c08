package io.github.firehoseappender.local;

import io.github.firehoseappender.local.api.FirehoseApi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the SDK never sends: malformed bodies and targets, answered as the JSON 1.1 protocol answers them. */
class WireProtocolTest {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();
    private FirehoseLocal local;

    @BeforeEach
    void start() {
        local = FirehoseLocal.builder().stream("logs").start();
    }

    @AfterEach
    void stop() {
        local.close();
    }

    @Test
    void missingTargetIsUnknownOperation() throws Exception {
        assertError(post(null, "{}"), 400, "UnknownOperationException");
    }

    @Test
    void unknownOperationIsUnknownOperation() throws Exception {
        assertError(post("Firehose_20150804.Nope", "{}"), 400, "UnknownOperationException");
        assertError(post("Kinesis_20131202.PutRecords", "{}"), 400, "UnknownOperationException");
    }

    @Test
    void malformedJsonIsSerializationException() throws Exception {
        assertError(post("Firehose_20150804.PutRecordBatch", "{\"DeliveryStreamName\":"), 400, "SerializationException");
        assertError(post("Firehose_20150804.PutRecordBatch", "[]"), 400, "SerializationException");
    }

    @Test
    void wrongMemberTypesAreSerializationException() throws Exception {
        assertError(post("Firehose_20150804.PutRecordBatch", "{\"DeliveryStreamName\":\"logs\",\"Records\":{}}"),
                400, "SerializationException");
        assertError(post("Firehose_20150804.PutRecordBatch", "{\"DeliveryStreamName\":7,\"Records\":[]}"),
                400, "SerializationException");
        assertError(post("Firehose_20150804.PutRecord", "{\"DeliveryStreamName\":\"logs\",\"Record\":{\"Data\":\"%%%\"}}"),
                400, "SerializationException");
    }

    @Test
    void missingRequiredMemberIsValidationException() throws Exception {
        assertError(post("Firehose_20150804.PutRecordBatch", "{\"Records\":[{\"Data\":\"eA==\"}]}"), 400, "ValidationException");
        assertError(post("Firehose_20150804.PutRecord", "{\"DeliveryStreamName\":\"logs\"}"), 400, "ValidationException");
    }

    @Test
    void unsignedCallIsAcceptedAndRecordedWithoutAccessKey() throws Exception {
        HttpResponse<String> response = post("Firehose_20150804.PutRecordBatch",
                "{\"DeliveryStreamName\":\"logs\",\"Records\":[{\"Data\":\"aGkK\"}]}");

        assertEquals(200, response.statusCode());
        assertEquals(FirehoseApi.CONTENT_TYPE, response.headers().firstValue("Content-Type").orElse(null));
        assertEquals(0, json.readTree(response.body()).get("FailedPutCount").asInt());
        assertEquals(List.of("hi"), local.lines("logs"));
        assertNull(local.calls("logs").get(0).accessKeyId());
    }

    @Test
    void emptyBodyCountsAsEmptyObject() throws Exception {
        HttpResponse<String> response = post("Firehose_20150804.ListDeliveryStreams", "");

        assertEquals(200, response.statusCode());
        assertEquals("logs", json.readTree(response.body()).get("DeliveryStreamNames").get(0).asText());
    }

    private HttpResponse<String> post(String target, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(local.endpoint() + "/"))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", FirehoseApi.CONTENT_TYPE)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (target != null) {
            request.header("X-Amz-Target", target);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private void assertError(HttpResponse<String> response, int status, String type) throws IOException {
        assertEquals(status, response.statusCode(), response.body());
        JsonNode body = json.readTree(response.body());
        assertEquals(type, body.get("__type").asText(), response.body());
        assertTrue(body.hasNonNull("message"), response.body());
        assertEquals(type, response.headers().firstValue("x-amzn-ErrorType").orElse(null));
    }
}
