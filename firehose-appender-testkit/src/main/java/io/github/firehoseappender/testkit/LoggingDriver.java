package io.github.firehoseappender.testkit;

import io.github.firehoseappender.core.FlushResult;
import io.github.firehoseappender.core.stats.DeliveryStats;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One logging framework, as the shared scenarios drive it: configured from its own XML (logback.xml, log4j2.xml)
 * with one Firehose appender named {@code FIREHOSE} on the root logger, then logged to, flushed and stopped.
 * Implementations configure the framework's default context, so that events the AWS SDK logs through SLF4J reach
 * the appender as in an application.
 */
public interface LoggingDriver extends AutoCloseable {
    /** The appender's name in every configuration the driver writes. */
    String APPENDER = "FIREHOSE";

    /**
     * Writes the framework's XML and configures it from that text.
     *
     * @param options appender options by property name ({@code DeliveryConfig.PROPERTY_NAMES}, {@code service},
     *                {@code environment}, {@code includeHost}, {@code runtimeContext}), written as the framework's XML
     *                spells an option
     * @param loggerLevels extra loggers and their levels (the root is at INFO)
     * @param pattern null for the default JSON layout, else a pattern layout/encoder with this pattern
     */
    void configure(Map<String, String> options, Map<String, String> loggerLevels, String pattern);

    /** Logs one event; {@code format} uses {@code {}} placeholders, as both frameworks do. */
    void log(String logger, String level, String marker, Map<String, String> mdc, Throwable thrown, String format,
             Object... args);

    /**
     * Waits until every event logged so far has reached the appender (Log4j2's async loggers hand events over on
     * their own thread); frameworks that append on the calling thread have nothing to wait for.
     */
    default void awaitHandedOver(Duration timeout) {
    }

    FlushResult flush(Duration timeout);

    /** Stops the framework's context, as an application's shutdown does. */
    void stop();

    /** The appender's counters; null when it did not start. */
    DeliveryStats stats();

    boolean appenderStarted();

    /**
     * Warning- and error-level messages the framework's status channel received since {@link #configure}
     * (configuration problems are warnings: an ERROR status would make Spring Boot refuse to start).
     */
    List<String> statusProblems();

    @Override
    void close();
}
