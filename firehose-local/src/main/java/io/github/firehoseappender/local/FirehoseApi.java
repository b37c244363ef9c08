package io.github.firehoseappender.local;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.UUID;

/**
 * The Firehose JSON 1.1 wire protocol: {@code POST /} with {@code X-Amz-Target:
 * Firehose_20150804.<Operation>}, a JSON body in, a JSON body out; errors as HTTP 4xx/5xx with
 * {@code {"__type", "message"}}. Dispatches to the control plane or the record intake after the
 * fault injector had its say. Signatures are not verified; the signer's access key is passed on.
 */
final class FirehoseApi implements HttpHandler {
    static final String TARGET_PREFIX = "Firehose_20150804.";
    static final String CONTENT_TYPE = "application/x-amz-json-1.1";

    private final ObjectMapper json = new ObjectMapper();
    private final StreamOperations streams;
    private final RecordIntake intake;
    private final FaultInjector faults;

    FirehoseApi(StreamOperations streams, RecordIntake intake, FaultInjector faults) {
        this.streams = streams;
        this.intake = intake;
        this.faults = faults;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String accessKeyId = AuthorizationHeader.accessKeyId(exchange.getRequestHeaders().getFirst("Authorization"));
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            int status = 200;
            ObjectNode answer;
            try {
                answer = dispatch(exchange.getRequestMethod(), target, body, accessKeyId);
            } catch (ApiException e) {
                status = e.httpStatus();
                answer = errorBody(e.type(), e.getMessage());
            } catch (RuntimeException e) {
                // A bug here must still give the client a well-formed answer it can retry.
                System.err.println("firehose-local: internal error answering " + target + ": " + e);
                e.printStackTrace();
                ApiException internal = ApiException.internalFailure(500);
                status = internal.httpStatus();
                answer = errorBody(internal.type(), internal.getMessage());
            }
            pause(faults.currentLatency());
            send(exchange, status, answer);
        } finally {
            exchange.close();
        }
    }

    private ObjectNode dispatch(String method, String target, byte[] body, String accessKeyId) {
        if (!"POST".equals(method)) {
            throw ApiException.unknownOperation("firehose-local answers POST / with an X-Amz-Target header, not " + method);
        }
        if (target == null || !target.startsWith(TARGET_PREFIX)) {
            throw ApiException.unknownOperation("Missing or unknown X-Amz-Target '" + target
                    + "'; expected " + TARGET_PREFIX + "<Operation>");
        }
        String operation = target.substring(TARGET_PREFIX.length());
        boolean putCall = operation.equals("PutRecord") || operation.equals("PutRecordBatch");
        ApiException fault = faults.callFault(putCall);
        if (fault != null) {
            throw fault;
        }
        switch (operation) {
            case "PutRecordBatch":
                return intake.putRecordBatch(parse(body), accessKeyId);
            case "PutRecord":
                return intake.putRecord(parse(body), accessKeyId);
            case "CreateDeliveryStream":
                return streams.create(parse(body));
            case "DescribeDeliveryStream":
                return streams.describe(parse(body));
            case "ListDeliveryStreams":
                return streams.list(parse(body));
            case "DeleteDeliveryStream":
                return streams.delete(parse(body));
            default:
                throw ApiException.unknownOperation("firehose-local does not implement " + operation);
        }
    }

    private JsonRequest parse(byte[] body) {
        if (body.length == 0) {
            return new JsonRequest(json.createObjectNode(), "");
        }
        JsonNode node;
        try {
            node = json.readTree(body);
        } catch (JacksonException e) {
            throw ApiException.serialization("Malformed JSON request body: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw ApiException.serialization("Unreadable request body: " + e.getMessage());
        }
        if (node == null || !node.isObject()) {
            throw ApiException.serialization("The request body must be a JSON object");
        }
        return new JsonRequest(node, "");
    }

    private ObjectNode errorBody(String type, String message) {
        ObjectNode error = json.createObjectNode();
        error.put("__type", type);
        error.put("message", message);
        return error;
    }

    private void send(HttpExchange exchange, int status, ObjectNode answer) throws IOException {
        byte[] bytes = json.writeValueAsBytes(answer);
        exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
        exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
        if (status != 200) {
            exchange.getResponseHeaders().set("x-amzn-ErrorType", answer.get("__type").asText());
        }
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Injected latency: this thread answers late on purpose, like a slow service. */
    private static void pause(Duration latency) {
        if (latency.isZero()) {
            return;
        }
        try {
            Thread.sleep(latency.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
