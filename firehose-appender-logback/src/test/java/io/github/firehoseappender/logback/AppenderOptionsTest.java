package io.github.firehoseappender.logback;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.firehoseappender.core.config.DeliveryConfig;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class AppenderOptionsTest {
    /** Options of the appender's own, not the core's: the JSON fields and the encoder. */
    private static final Set<String> APPENDER_ONLY = Set.of("service", "environment", "includeHost",
            "runtimeContext", "runtimeContextEnvironment", "traceContext", "traceIdKey", "spanIdKey", "traceFlagsKey",
            "promotedMdcKeys", "encoder", "name", "context");

    @Test
    void everyCoreOptionHasASetterWithTheSameNameAndNothingElseDrifts() {
        Set<String> setters = new TreeSet<>();
        for (Method m : FirehoseAppender.class.getDeclaredMethods()) {
            if (Modifier.isPublic(m.getModifiers()) && m.getName().startsWith("set") && m.getParameterCount() == 1) {
                String property = Character.toLowerCase(m.getName().charAt(3)) + m.getName().substring(4);
                if (!APPENDER_ONLY.contains(property)) {
                    setters.add(property);
                }
            }
        }
        assertThat(setters).containsExactlyInAnyOrderElementsOf(DeliveryConfig.PROPERTY_NAMES);
    }
}
