package io.github.firehoseappender.springboot;

import io.github.firehoseappender.core.stats.DeliveryStats;
import java.util.Map;
import org.springframework.util.ClassUtils;

/**
 * The Firehose appenders of the logging system Spring Boot runs on (Logback or Log4j2): those declared in its
 * configuration file, also behind wrappers, and the one this starter adds. Looked up on every call, never kept: Spring
 * Boot may re-initialise logging, which replaces the appenders.
 */
public interface FirehoseAppenders {
    /** The counters of each started Firehose appender, by appender name. */
    Map<String, DeliveryStats> running();

    /** True when the logging configuration declares a Firehose appender, started or not. */
    boolean anyDeclared();

    /**
     * Creates, starts and adds to the root logger an appender configured with {@code options} (option name to text,
     * as in logback.xml and log4j2.xml); false when it did not start (the adapter has said why, on stderr too).
     */
    boolean addToRoot(String name, Map<String, String> options);

    /** The active logging system's appenders; null when it is neither Logback nor Log4j2 (with Log4j2 Core). */
    static FirehoseAppenders active(ClassLoader classLoader) {
        if (ClassUtils.isPresent("ch.qos.logback.classic.LoggerContext", classLoader)
                && ClassUtils.isPresent("io.github.firehoseappender.logback.FirehoseAppender", classLoader)
                && LogbackAppenders.active()) {
            return new LogbackAppenders();
        }
        if (ClassUtils.isPresent("org.apache.logging.log4j.core.LoggerContext", classLoader)
                && ClassUtils.isPresent("io.github.firehoseappender.log4j2.FirehoseAppender", classLoader)
                && Log4j2Appenders.active()) {
            return new Log4j2Appenders();
        }
        return null;
    }
}
