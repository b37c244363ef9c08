package io.github.firehoseappender.logback;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.core.status.Status;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.firehoseappender.testkit.LocalFirehoseServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.MDC;

/** The runtimeContext option: AWS fields in every event, a clear status error for a bad value. */
@Timeout(60)
class RuntimeContextOptionTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String STREAM = "app-logs";
    @RegisterExtension
    final LocalFirehoseServer local = new LocalFirehoseServer(STREAM);

    private LogbackFixture logback(String appenderOptions) throws Exception {
        return new LogbackFixture(LogbackFixture.config(appenderOptions, ""),
                Map.of("stream", STREAM, "endpoint", local.endpoint().toString()));
    }

    @Test
    void lambdaFieldsAndTheRequestIdFromTheMdcAreInEveryEvent() throws Exception {
        try (LogbackFixture fx = logback("    <runtimeContext>lambda</runtimeContext>\n")) {
            FirehoseAppender appender = fx.appender();
            appender.stop();
            appender.setRuntimeContextEnvironment(Map.of("AWS_LAMBDA_FUNCTION_NAME", "orders",
                    "AWS_LAMBDA_FUNCTION_VERSION", "7", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "256",
                    "AWS_LAMBDA_LOG_STREAM_NAME", "2025/06/23/[7]0f0f", "AWS_REGION", "sa-east-1"));
            appender.start();
            Logger log = fx.context.getLogger("handler");
            MDC.put("AWSRequestId", "c0ffee-1");
            try {
                log.info("invoked");
            } finally {
                MDC.clear();
            }
            assertThat(appender.flush(Duration.ofSeconds(20)).isCompleted()).isTrue();

            List<String> lines = local.lines(STREAM);
            assertThat(lines).as(fx.statusMessages(0).toString()).hasSize(1);
            JsonNode event = JSON.readTree(lines.get(0));
            assertThat(event.get("lambda_function_name").asText()).isEqualTo("orders");
            assertThat(event.get("lambda_memory_mb").asInt()).isEqualTo(256);
            assertThat(event.get("aws_region").asText()).isEqualTo("sa-east-1");
            assertThat(event.get("aws_request_id").asText()).isEqualTo("c0ffee-1");
            assertThat(fx.statusMessages(0)).anyMatch(m -> m.contains("runtime context: aws_region=sa-east-1"));
        }
    }

    @Test
    void offAddsNoAwsField() throws Exception {
        try (LogbackFixture fx = logback("    <runtimeContext>off</runtimeContext>\n")) {
            FirehoseAppender appender = fx.appender();
            appender.stop();
            appender.setRuntimeContextEnvironment(Map.of("AWS_LAMBDA_FUNCTION_NAME", "orders"));
            appender.start();
            fx.context.getLogger("handler").info("invoked");
            assertThat(appender.flush(Duration.ofSeconds(20)).isCompleted()).isTrue();

            assertThat(JSON.readTree(local.lines(STREAM).get(0)).has("lambda_function_name")).isFalse();
        }
    }

    @Test
    void anUnknownSourceIsAStatusWarningAndTheAppenderStaysStopped() throws Exception {
        try (LogbackFixture fx = logback("    <runtimeContext>kubernetes</runtimeContext>\n")) {
            fx.context.getLogger("app").info("still fine");

            assertThat(fx.statusMessages(Status.WARN)).anyMatch(m -> m.contains("runtimeContext=kubernetes is not valid: use auto, off,"
                    + " or a comma-separated list of ecs, ec2, lambda"));
            assertThat(fx.appender().isStarted()).isFalse();
            assertThat(fx.errors()).as("no ERROR status: Spring Boot would refuse to start the application").isEmpty();
        }
    }
}
