package io.github.firehoseappender.log4j2;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.firehoseappender.testkit.AdapterScenarios;
import io.github.firehoseappender.testkit.LoggingDriver;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.ThreadContext;
import org.junit.jupiter.api.Test;

/** The shared scenarios plus what only Log4j2 has: reused event objects (async loggers, garbage-free mode). */
abstract class Log4j2Scenarios extends AdapterScenarios {
    @Override
    protected LoggingDriver newDriver() {
        return new Log4j2Driver();
    }

    protected Log4j2Driver log4j2() {
        return (Log4j2Driver) driver;
    }

    @Test
    void copiesArgumentsAndThreadContextBeforeTheEventLeavesTheCallingThread() throws Exception {
        configure(options("maxBatchDelay", "1 minute"));
        StringBuilder mutable = new StringBuilder("first");
        for (int i = 0; i < 200; i++) {
            ThreadContext.put("request_id", "r-" + i);
            log4j2().context().getLogger("app").info("value {} at {}", mutable, i);
            mutable.setLength(0);
            mutable.append("changed-").append(i);
        }
        ThreadContext.clearMap();
        assertThat(driver.flush(Duration.ofSeconds(20)).isCompleted()).isTrue();
        List<String> lines = local.lines(STREAM);
        assertThat(lines).hasSize(200);
        for (int i = 0; i < lines.size(); i++) {
            JsonNode json = JSON.readTree(lines.get(i));
            String expected = i == 0 ? "first" : "changed-" + (i - 1);
            assertThat(json.get("message").asText()).isEqualTo("value " + expected + " at " + i);
            assertThat(json.get("mdc")).isEqualTo(JSON.valueToTree(Map.of("request_id", "r-" + i)));
            assertThat(json.get("thread").asText()).isEqualTo(Thread.currentThread().getName());
        }
    }
}
