package io.github.firehoseappender.springboot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.firehoseappender.core.config.DeliveryConfig;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The metadata IDEs complete application.yml from, as spring-boot-configuration-processor generated it. */
class FirehosePropertiesMetadataTest {
    @Test
    void listsEveryAppenderOptionInKebabCaseWithADescription() throws IOException {
        Map<String, JsonNode> properties = metadata();
        List<String> options = new ArrayList<>(DeliveryConfig.PROPERTY_NAMES);
        options.addAll(FirehoseProperties.LAYOUT_OPTION_NAMES);
        for (String option : options) {
            String key = "firehose." + option.replaceAll("([A-Z])", "-$1").toLowerCase();
            assertThat(properties).as(key).containsKey(key);
            assertThat(properties.get(key).path("description").asText()).as(key + " description").isNotBlank();
        }
        assertThat(properties).containsKeys("firehose.enabled", "firehose.name", "firehose.health.down-after");
    }

    @Test
    void everyOptionIsHandedToTheAppenderUnderItsOwnName() {
        FirehoseProperties properties = new FirehoseProperties();
        properties.setBufferSize("32MiB");
        properties.setService("orders");
        properties.setStsEndpoint(" ");

        assertThat(properties.options()).containsExactly(Map.entry("bufferSize", "32MiB"),
                Map.entry("service", "orders"));
    }

    private static Map<String, JsonNode> metadata() throws IOException {
        try (InputStream in = FirehoseProperties.class.getResourceAsStream(
                "/META-INF/spring-configuration-metadata.json")) {
            assertThat(in).as("spring-configuration-metadata.json on the classpath").isNotNull();
            Map<String, JsonNode> byName = new HashMap<>();
            for (JsonNode property : new ObjectMapper().readTree(in).path("properties")) {
                byName.put(property.path("name").asText(), property);
            }
            return byName;
        }
    }
}
