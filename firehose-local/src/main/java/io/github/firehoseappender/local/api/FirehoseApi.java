package io.github.firehoseappender.local.api;

import io.github.firehoseappender.local.auth.AuthenticationException;
import io.github.firehoseappender.local.auth.Caller;
import io.github.firehoseappender.local.auth.RequestAuthenticator;
import io.github.firehoseappender.local.auth.RoleSettings;
import io.github.firehoseappender.local.delivery.StreamExistsException;
import io.github.firehoseappender.local.delivery.UnknownStreamException;
import io.github.firehoseappender.local.faults.FaultPlan;
import io.github.firehoseappender.local.http.HttpAnswer;
import io.github.firehoseappender.local.http.ReceivedRequest;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Firehose JSON 1.1 wire protocol: {@code POST /} with {@code X-Amz-Target:
 * Firehose_20150804.<Operation>}, a JSON body in, a JSON body out; errors as HTTP 4xx/5xx with
 * {@code {"__type", "message"}}. Order, as the service: outage, signer, operation, Put-call
 * faults, then the operation. When roles are configured, only their STS sessions may put.
 */
public final class FirehoseApi {
    public static final String TARGET_PREFIX = "Firehose_20150804.";
    public static final String CONTENT_TYPE = "application/x-amz-json-1.1";

    private final ObjectMapper json = new ObjectMapper();
    private final StreamOperations streams;
    private final RecordIntake intake;
    private final FaultPlan faults;
    private final RequestAuthenticator authenticator;
    private final RoleSettings roles;
    private final Map<String, Long> refusedByType = new TreeMap<>();

    public FirehoseApi(StreamOperations streams, RecordIntake intake, FaultPlan faults,
                       RequestAuthenticator authenticator, RoleSettings roles) {
        this.streams = streams;
        this.intake = intake;
        this.faults = faults;
        this.authenticator = authenticator;
        this.roles = roles;
    }

    public HttpAnswer handle(ReceivedRequest request) {
        String target = request.header("X-Amz-Target");
        int status = 200;
        ObjectNode answer;
        HttpAnswer.Delivery delivery = HttpAnswer.Delivery.WHOLE;
        try {
            String operation = operation(request.method(), target);
            boolean putCall = operation.equals("PutRecord") || operation.equals("PutRecordBatch");
            if (faults.callFaultStatus(false) != 0) {
                throw ApiException.serviceUnavailable();   // an outage
            }
            Caller caller = authenticate(request);
            if (putCall && roles.restricted() && !caller.isRoleSession()) {
                throw new ApiException(400, "AccessDeniedException", "User: " + caller.arn() + " is not authorized to perform: firehose:"
                        + operation + " on resource: " + streamArnOf(request) + " because no identity-based policy allows the firehose:"
                        + operation + " action (firehose-local accepts Put calls only from sessions of its roles " + roles.roles().keySet() + ")");
            }
            if (putCall) {
                FaultPlan.ConnectionOutcome connection = faults.connectionFault();
                if (connection == FaultPlan.ConnectionOutcome.DROP_BEFORE_PROCESSING) {
                    return new HttpAnswer(500, CONTENT_TYPE, new byte[0]).delivery(HttpAnswer.Delivery.NONE);
                }
                if (connection == FaultPlan.ConnectionOutcome.CUT_ANSWER) {
                    delivery = HttpAnswer.Delivery.CUT_MIDWAY;
                }
                int faultStatus = faults.callFaultStatus(true);
                if (faultStatus != 0) {
                    throw ApiException.injected(faultStatus);
                }
            }
            answer = dispatch(operation, request.body(), caller);
        } catch (UnknownStreamException | StreamExistsException e) {
            ApiException api = e instanceof UnknownStreamException
                    ? ApiException.resourceNotFound(((UnknownStreamException) e).stream(), streams.accountId())
                    : ApiException.resourceInUse(((StreamExistsException) e).stream(), streams.accountId());
            status = api.httpStatus();
            answer = errorBody(api.type(), api.getMessage());
            count(api.type());
        } catch (ApiException e) {
            status = e.httpStatus();
            answer = errorBody(e.type(), e.getMessage());
            count(e.type());
        } catch (RuntimeException e) {
            // A bug here must still give the client a well-formed answer it can retry.
            System.err.println("firehose-local: internal error answering " + target + ": " + e);
            e.printStackTrace();
            ApiException internal = ApiException.internalFailure(500);
            status = internal.httpStatus();
            answer = errorBody(internal.type(), internal.getMessage());
            count(internal.type());
        }
        HttpAnswer http = new HttpAnswer(status, CONTENT_TYPE, bytes(answer)).delivery(delivery).latency(faults.currentLatency());
        if (status != 200) {
            http.header("x-amzn-ErrorType", answer.get("__type").asText());
        }
        return http;
    }

    /** Refused calls so far, by the {@code __type} they were answered with. */
    public synchronized Map<String, Long> refusedByType() {
        return new TreeMap<>(refusedByType);
    }

    private synchronized void count(String type) {
        refusedByType.merge(type, 1L, Long::sum);
    }

    private Caller authenticate(ReceivedRequest request) {
        try {
            return authenticator.authenticate(request, "firehose", false);
        } catch (AuthenticationException e) {
            throw new ApiException(e.reason().jsonStatus, e.reason().jsonType, e.getMessage());
        }
    }

    private static String operation(String method, String target) {
        if (!"POST".equals(method)) {
            throw ApiException.unknownOperation("firehose-local answers POST / with an X-Amz-Target header, not " + method);
        }
        if (target == null || !target.startsWith(TARGET_PREFIX)) {
            throw ApiException.unknownOperation("Missing or unknown X-Amz-Target '" + target
                    + "'; expected " + TARGET_PREFIX + "<Operation>");
        }
        return target.substring(TARGET_PREFIX.length());
    }

    private ObjectNode dispatch(String operation, byte[] body, Caller caller) {
        switch (operation) {
            case "PutRecordBatch":
                return intake.putRecordBatch(parse(body), caller);
            case "PutRecord":
                return intake.putRecord(parse(body), caller);
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

    private String streamArnOf(ReceivedRequest request) {
        try {
            JsonNode name = json.readTree(request.body()).get("DeliveryStreamName");
            return name == null ? "*" : streams.arnOf(name.asText());
        } catch (IOException | RuntimeException e) {
            return "*";
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

    private byte[] bytes(ObjectNode answer) {
        try {
            return json.writeValueAsBytes(answer);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
