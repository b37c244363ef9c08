package io.github.firehoseappender.logback;

import ch.qos.logback.core.spi.ContextAware;
import io.github.firehoseappender.core.StatusReporter;

/**
 * The core's diagnostics go to Logback's status channel, never through a logger (that could loop into us). Errors are
 * WARN statuses: Spring Boot refuses to start an application whose Logback context holds any ERROR status, and a
 * sender thread may report one while Boot is still configuring (no region found, say). The user sees errors anyway:
 * the core prints each on stderr too.
 */
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
        target.addWarn(message, cause);
    }
}
