package io.github.firehoseappender.log4j2;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.firehoseappender.local.FirehoseLocal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The log4j2.xml of this module's README, copied unchanged, delivers to firehose-local. */
@Timeout(60)
class ReadmeSnippetTest {
    private static final String[] PROPERTIES = {"firehose.deliveryStream", "firehose.endpoint", "firehose.region",
        "aws.accessKeyId", "aws.secretAccessKey"};

    @AfterEach
    void clearProperties() {
        for (String property : PROPERTIES) {
            System.clearProperty(property);
        }
    }

    static String readmeXml() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        Matcher block = Pattern.compile("```xml\\n(.*?)```", Pattern.DOTALL).matcher(readme);
        assertThat(block.find()).as("README.md has an xml block").isTrue();
        return block.group(1);
    }

    @Test
    void theReadmeConfigurationDeliversUnchanged() throws Exception {
        String xml = readmeXml();
        try (FirehoseLocal local = FirehoseLocal.builder().port(0).stream("readme-logs").start();
             Log4j2Driver driver = new Log4j2Driver()) {
            // Only what the snippet reads through lookups: the stream, the endpoint, the region, and credentials.
            System.setProperty("firehose.deliveryStream", "readme-logs");
            System.setProperty("firehose.endpoint", local.endpoint().toString());
            System.setProperty("firehose.region", "us-east-1");
            System.setProperty("aws.accessKeyId", "test-key");
            System.setProperty("aws.secretAccessKey", "test-secret");
            driver.configureFromText(xml);
            assertThat(driver.appenderStarted()).as("status errors: %s", driver.statusProblems()).isTrue();
            driver.log("com.example.Orders", "INFO", null, Map.of(), null, "order {} placed", 7);
            assertThat(driver.flush(Duration.ofSeconds(20)).isCompleted()).isTrue();
            assertThat(local.lines("readme-logs")).hasSize(1);
            var line = new ObjectMapper().readTree(local.lines("readme-logs").get(0));
            assertThat(line.get("message").asText()).isEqualTo("order 7 placed");
            assertThat(line.get("service").asText()).isEqualTo("orders");
        }
    }
}
