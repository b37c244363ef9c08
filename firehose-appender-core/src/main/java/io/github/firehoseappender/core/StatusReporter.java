package io.github.firehoseappender.core;

/**
 * Where the core reports its own diagnostics. Each adapter maps it to its framework's status channel
 * (Logback's {@code addInfo/addWarn/addError}, Log4j2's {@code StatusLogger}), never to the logging
 * framework being served: a diagnostic logged through the appender would loop back into it.
 */
public interface StatusReporter {

    void info(String message);

    void warn(String message, Throwable cause);

    void error(String message, Throwable cause);

    /** A reporter that prints to stderr; for standalone use and tests. */
    static StatusReporter stderr() {
        return new StatusReporter() {
            @Override
            public void info(String message) {
                System.err.println("[firehose-appender] INFO " + message);
            }

            @Override
            public void warn(String message, Throwable cause) {
                System.err.println("[firehose-appender] WARN " + message + (cause == null ? "" : ": " + cause));
            }

            @Override
            public void error(String message, Throwable cause) {
                System.err.println("[firehose-appender] ERROR " + message + (cause == null ? "" : ": " + cause));
            }
        };
    }
}
