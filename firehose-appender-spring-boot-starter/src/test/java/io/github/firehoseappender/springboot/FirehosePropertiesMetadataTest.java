package io.github.firehoseappender.springboot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.firehoseappender.core.config.DeliveryConfig;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
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
    void everyOptionOfTheLogbackAppenderIsAProperty() {
        // The appender's text setters are what logback.xml can set (the adapters' own test keeps Log4j2's equal):
        // a new option there without a firehose.* property here fails.
        Set<String> appenderOptions = new TreeSet<>();
        for (Method m : io.github.firehoseappender.logback.FirehoseAppender.class.getDeclaredMethods()) {
            if (Modifier.isPublic(m.getModifiers()) && m.getName().startsWith("set") && m.getParameterCount() == 1
                    && m.getParameterTypes()[0] == String.class) {
                appenderOptions.add(Character.toLowerCase(m.getName().charAt(3)) + m.getName().substring(4));
            }
        }
        Set<String> starterOptions = new TreeSet<>(DeliveryConfig.PROPERTY_NAMES);
        starterOptions.addAll(FirehoseProperties.LAYOUT_OPTION_NAMES);
        assertThat(starterOptions).isEqualTo(appenderOptions);
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
