package io.github.firehoseappender.springboot;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Map;

/**
 * Hands options, as text, to an adapter's own text setters ({@code setBufferSize(String)} on the Logback appender and
 * the Log4j2 builder): the path logback.xml and log4j2.xml take, so the core parses and checks each value the same
 * way and names it the same in its messages.
 */
final class TextOptions {
    private TextOptions() {
    }

    static void apply(Object target, Map<String, String> options) {
        for (Map.Entry<String, String> option : options.entrySet()) {
            String name = option.getKey();
            String setter = "set" + Character.toUpperCase(name.charAt(0)) + name.substring(1);
            try {
                Method method = target.getClass().getMethod(setter, String.class);
                method.invoke(target, option.getValue());
            } catch (NoSuchMethodException | IllegalAccessException e) {
                throw new IllegalStateException(target.getClass().getName() + " has no option " + name
                        + ": the starter and the appender are of different versions", e);
            } catch (InvocationTargetException e) {
                throw new IllegalStateException("setting " + name + " on " + target.getClass().getName() + " failed",
                        e.getCause());
            }
        }
    }
}
