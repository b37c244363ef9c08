package io.github.firehoseappender.examples.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class HttpServiceTest {

    @Test
    void answers200And404And500AndLogsOneAccessLineEachWithItsRequestId() {
        try (ServiceFixture service = ServiceFixture.start("off", Map.of())) {
            assertThat(service.get("/orders/42", "r-1")).isEqualTo(200);
            assertThat(service.get("/nowhere", "r-2")).isEqualTo(404);
            assertThat(service.get("/fail", "r-3")).isEqualTo(500);

            List<JsonNode> access = service.accessLog();
            assertThat(access).hasSize(3);
            assertThat(access).extracting(e -> e.get("mdc").get("request_id").asText())
                    .containsExactly("r-1", "r-2", "r-3");
            assertThat(access.get(0).get("message").asText()).matches("\"GET /orders/42 HTTP/1.1\" 200 \\d+ ms");
            assertThat(access.get(1).get("message").asText()).matches("\"GET /nowhere HTTP/1.1\" 404 \\d+ ms");
            assertThat(access.get(2).get("message").asText()).matches("\"GET /fail HTTP/1.1\" 500 \\d+ ms");
            assertThat(access.get(0).get("service").asText()).isEqualTo("http-service");
            assertThat(access.get(0).has("host")).isTrue();
            assertThat(access.get(0).has("aws_region")).as("runtimeContext=off").isFalse();
        }
    }

    @Test
    void theFailureIsAnErrorWithItsStackTraceUnderTheSameRequestId() {
        try (ServiceFixture service = ServiceFixture.start("off", Map.of())) {
            service.get("/fail", "r-9");

            JsonNode error = service.deliveredEvents().stream().filter(e -> e.get("level").asText().equals("ERROR"))
                    .findFirst().orElseThrow();
            assertThat(error.get("mdc").get("request_id").asText()).isEqualTo("r-9");
            assertThat(error.get("exception").get("class").asText()).isEqualTo("java.lang.IllegalStateException");
            assertThat(error.get("exception").get("stack_trace").asText())
                    .contains("Caused by: java.net.SocketTimeoutException: card gateway did not answer in 2000 ms");
        }
    }
}
