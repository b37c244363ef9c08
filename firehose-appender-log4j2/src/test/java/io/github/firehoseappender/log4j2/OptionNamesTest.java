package io.github.firehoseappender.log4j2;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.firehoseappender.core.config.DeliveryConfig;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.logging.log4j.core.config.plugins.PluginBuilderAttribute;
import org.junit.jupiter.api.Test;

/**
 * One list of option names in three places: the core's {@link DeliveryConfig#PROPERTY_NAMES} plus the default JSON
 * layout's options, the {@code <Firehose>} attributes of log4j2.xml, and the elements of logback.xml (the Logback
 * appender's setters taking text). A name added, renamed or dropped in one place and not the others fails here.
 */
class OptionNamesTest {
    /** The default JSON layout's options, the same on both adapters, beside the core's delivery options. */
    private static final List<String> JSON_LAYOUT_OPTIONS = List.of("service", "environment", "includeHost",
            "runtimeContext", "traceContext", "traceIdKey", "spanIdKey", "traceFlagsKey", "promotedMdcKeys");

    @Test
    void log4j2AttributesLogbackElementsAndCoreOptionsAreTheSameNames() {
        Set<String> expected = new TreeSet<>(DeliveryConfig.PROPERTY_NAMES);
        expected.addAll(JSON_LAYOUT_OPTIONS);

        Set<String> log4j2 = new TreeSet<>();
        for (Field field : FirehoseAppender.Builder.class.getDeclaredFields()) {
            if (field.isAnnotationPresent(PluginBuilderAttribute.class)) {
                log4j2.add(field.getName());
            }
        }
        // Setters taking text are what logback.xml can set; setEncoder and the programmatic Map setter are not options.
        Set<String> logback = new TreeSet<>();
        for (Method m : io.github.firehoseappender.logback.FirehoseAppender.class.getDeclaredMethods()) {
            if (Modifier.isPublic(m.getModifiers()) && m.getName().startsWith("set") && m.getParameterCount() == 1
                    && m.getParameterTypes()[0] == String.class) {
                logback.add(Character.toLowerCase(m.getName().charAt(3)) + m.getName().substring(4));
            }
        }

        assertThat(log4j2).as("log4j2.xml attributes").isEqualTo(expected);
        assertThat(logback).as("logback.xml elements").isEqualTo(expected);
    }
}
