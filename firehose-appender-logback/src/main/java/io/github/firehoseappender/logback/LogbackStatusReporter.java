package io.github.firehoseappender.logback;

import ch.qos.logback.core.spi.ContextAware;
import io.github.firehoseappender.core.StatusReporter;

/** The core's diagnostics go to Logback's status channel, never through a logger (that could loop into us). */
final class LogbackStatusReporter implements StatusReporter {
    private final ContextAware target;

    LogbackStatusReporter(ContextAware target) {
        this.target = target;
    }

    @Override
    public void info(String message) {
        target.addInfo(message);
    }

    @Override
    public void warn(String message, Throwable cause) {
        target.addWarn(message, cause);
    }

    @Override
    public void error(String message, Throwable cause) {
        target.addError(message, cause);
    }
}
