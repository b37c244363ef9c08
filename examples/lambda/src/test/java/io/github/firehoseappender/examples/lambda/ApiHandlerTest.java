package io.github.firehoseappender.examples.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.firehoseappender.examples.service.LogbackOnFirehoseLocal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The handler invoked in-process as the Lambda runtime would, against firehose-local. The appender's batch delay is
 * set to ten minutes, so only the handler's own flush can have delivered an invocation's events by the time it
 * returns: what firehose-local holds right after each return is read without any flush by the test.
 */
@Timeout(60)
class ApiHandlerTest {
    private static final Map<String, String> LAMBDA_ENVIRONMENT = Map.of(
            "AWS_LAMBDA_FUNCTION_NAME", "orders-api",
            "AWS_LAMBDA_FUNCTION_VERSION", "$LATEST",
            "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "512",
            "AWS_LAMBDA_LOG_STREAM_NAME", "2025/06/23/[$LATEST]0f0f",
            "AWS_REGION", "sa-east-1");

    static LogbackOnFirehoseLocal lambdaLogging() {
        return LogbackOnFirehoseLocal.start(ApiHandler.class.getResource("/logback.xml"), "auto",
                LAMBDA_ENVIRONMENT, options -> options.maxBatchDelay(Duration.ofMinutes(10)));
    }

    static APIGatewayProxyRequestEvent get(String path, String apiRequestId) {
        APIGatewayProxyRequestEvent.ProxyRequestContext requestContext =
                new APIGatewayProxyRequestEvent.ProxyRequestContext().withRequestId(apiRequestId);
        return new APIGatewayProxyRequestEvent().withHttpMethod("GET").withPath(path).withRequestContext(requestContext);
    }

    static List<JsonNode> ofInvocation(List<JsonNode> events, String requestId) {
        return events.stream().filter(e -> requestId.equals(e.path("aws_request_id").asText()))
                .collect(Collectors.toList());
    }

    @Test
    void everyInvocationsEventsAreDeliveredBeforeItReturns() {
        try (LogbackOnFirehoseLocal logging = lambdaLogging()) {
            ApiHandler handler = new ApiHandler(logging.logback());
            String[] paths = {"/hello", "/missing", "/fail", "/hello", "/hello"};
            int[] statuses = {200, 404, 500, 200, 200};
            int[] eventsPerInvocation = {2, 1, 2, 2, 2}; // the route's own line (none for 404), then the access line

            int delivered = 1; // the handler's own line at init goes with the first invocation's flush
            for (int i = 0; i < paths.length; i++) {
                String requestId = "req-" + i;
                APIGatewayProxyResponseEvent response = handler.handleRequest(get(paths[i], "api-" + i),
                        new InvocationContext(requestId));

                List<JsonNode> accepted = logging.acceptedEvents(); // no flush here: the handler's flush or nothing
                assertThat(response.getStatusCode()).isEqualTo(statuses[i]);
                assertThat(ofInvocation(accepted, requestId)).as("invocation %s, delivered before it returned", i)
                        .hasSize(eventsPerInvocation[i]);
                delivered += eventsPerInvocation[i];
                assertThat(accepted).as("nothing else is waiting in between").hasSize(delivered);
            }
        }
    }

    @Test
    void eventsCarryTheFunctionAndBothRequestIds() {
        try (LogbackOnFirehoseLocal logging = lambdaLogging()) {
            new ApiHandler(logging.logback()).handleRequest(get("/fail", "api-7"), new InvocationContext("req-7"));

            List<JsonNode> all = logging.acceptedEvents();
            assertThat(all).as("the line logged at init, then the invocation's").hasSize(3);
            assertThat(all.get(0).get("message").asText()).isEqualTo("handler initialized");
            assertThat(all.get(0).get("lambda_function_name").asText()).isEqualTo("orders-api");
            assertThat(all.get(0).has("aws_request_id")).as("logged outside any invocation").isFalse();
            List<JsonNode> events = ofInvocation(all, "req-7");
            assertThat(events).hasSize(2);
            for (JsonNode event : events) {
                assertThat(event.get("lambda_function_name").asText()).isEqualTo("orders-api");
                assertThat(event.get("lambda_function_version").asText()).isEqualTo("$LATEST");
                assertThat(event.get("lambda_memory_mb").asInt()).isEqualTo(512);
                assertThat(event.get("lambda_log_stream").asText()).isEqualTo("2025/06/23/[$LATEST]0f0f");
                assertThat(event.get("aws_region").asText()).isEqualTo("sa-east-1");
                assertThat(event.get("aws_request_id").asText()).isEqualTo("req-7");
                assertThat(event.get("mdc").get("api_request_id").asText()).isEqualTo("api-7");
            }
            JsonNode error = events.get(0);
            assertThat(error.get("level").asText()).isEqualTo("ERROR");
            assertThat(error.get("exception").get("message").asText()).isEqualTo("inventory service unavailable");
            assertThat(events.get(1).get("message").asText()).matches("\"GET /fail\" 500 \\d+ ms");
        }
    }
}
