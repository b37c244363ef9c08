package io.github.firehoseappender.log4j2;

import io.github.firehoseappender.core.StatusReporter;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.status.StatusLogger;

/**
 * The core's diagnostics go to Log4j2's {@link StatusLogger}, never through a logger (that could loop into us).
 * Errors go at WARN: Log4j2 prints ERROR statuses with their stack traces by default, and the core already prints
 * each error as one line on stderr; {@code status="warn"} shows the details.
 */
final class Log4j2StatusReporter implements StatusReporter {
    private static final Logger STATUS = StatusLogger.getLogger();
    private final String prefix;

    Log4j2StatusReporter(String appenderName) {
        this.prefix = "Firehose appender [" + appenderName + "]: ";
    }

    @Override
    public void info(String message) {
        STATUS.info(prefixed(message));
    }

    /** The core's own messages already name the appender. */
    private String prefixed(String message) {
        return message.startsWith("Firehose appender [") ? message : prefix + message;
    }

    @Override
    public void warn(String message, Throwable cause) {
        STATUS.warn(prefixed(message), cause);
    }

    @Override
    public void error(String message, Throwable cause) {
        STATUS.warn(prefixed(message), cause);
    }
}
