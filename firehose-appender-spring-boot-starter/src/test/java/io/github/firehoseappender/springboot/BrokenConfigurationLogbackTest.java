package io.github.firehoseappender.springboot;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A web application whose Firehose configuration is wrong starts, serves requests, and says why on stderr in one
 * line: the appender is off, the application is not affected.
 */
@ExtendWith(OutputCaptureExtension.class)
class BrokenConfigurationLogbackTest {
    private ConfigurableApplicationContext context;

    @AfterEach
    void stop() {
        if (context != null) {
            context.close();
        }
        ((LoggerContext) LoggerFactory.getILoggerFactory()).reset();
    }

    @Test
    void anInvalidFirehosePropertyLeavesTheAppenderOffAndTheApplicationServing(CapturedOutput output) {
        context = StarterRun.start(true, List.of("--firehose.delivery-stream=app-logs", "--firehose.region=us-east-1",
                "--firehose.buffer-size=tiny"));

        assertThat(StarterRun.get(context, "/orders").statusCode()).isEqualTo(200);
        assertThat(firehoseLines(output)).singleElement().asString()
                .startsWith("[firehose-appender] FIREHOSE:").contains("bufferSize=tiny");
    }

    @Test
    void anUnreadableFirehosePropertyLeavesTheAppenderOffAndTheApplicationServing(CapturedOutput output) {
        context = StarterRun.start(true, List.of("--firehose.delivery-stream=app-logs", "--firehose.enabled=maybe"));

        assertThat(StarterRun.get(context, "/orders").statusCode()).isEqualTo(200);
        assertThat(firehoseLines(output)).singleElement().asString()
                .startsWith("[firehose-appender] FIREHOSE:").contains("firehose.enabled=maybe");
    }

    @Test
    void anInvalidAppenderInLogbackSpringXmlLeavesItOffAndTheApplicationServing(CapturedOutput output) {
        context = StarterRun.start(true, List.of("--logging.config=classpath:logback-broken.xml"));

        assertThat(StarterRun.get(context, "/orders").statusCode()).isEqualTo(200);
        assertThat(firehoseLines(output)).singleElement().asString()
                .startsWith("[firehose-appender] BROKEN:").contains("bufferSize=tiny");
    }

    private static List<String> firehoseLines(CapturedOutput output) {
        List<String> lines = new ArrayList<>();
        for (String line : output.getErr().split("\\R")) {
            if (line.contains("[firehose-appender]")) {
                lines.add(line);
            }
        }
        return lines;
    }
}
