package io.github.firehoseappender.quickstart;

import io.github.firehoseappender.core.FlushResult;
import io.github.firehoseappender.core.stats.DeliveryStats;
import java.net.URI;
import java.time.Duration;

/**
 * The logging framework the quickstart's service logs through: both are on the class path, SLF4J is bound to the
 * chosen one at startup (the {@code slf4j.provider} property, read once, before the first logger is created).
 */
interface LoggingFramework {
    /** {@code logback} (the default) or {@code log4j2}. */
    static LoggingFramework named(String name) {
        switch (name) {
            case "logback":
                return new LogbackFramework();
            case "log4j2":
                return new Log4j2Framework();
            default:
                throw new IllegalArgumentException("--framework " + name + " is not logback or log4j2");
        }
    }

    String name();

    /**
     * Before SLF4J's first use: binds SLF4J to this framework and gives its configuration the embedded
     * firehose-local's endpoint and stream, through the system properties the configuration reads.
     */
    void select(URI endpoint, String stream);

    /** Flushes every Firehose appender of the framework's context. */
    FlushResult flushAll(Duration timeout);

    /** The counters of the appender named FIREHOSE. */
    DeliveryStats stats();

    /** Stops the framework, hence the appender, as an application's shutdown does. */
    void stop();
}
