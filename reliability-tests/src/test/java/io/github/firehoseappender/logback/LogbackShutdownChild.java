package io.github.firehoseappender.logback;

import io.github.firehoseappender.reliability.ShutdownChild;

/** The SIGTERM scenario's child JVM through Logback, with the appender's own shutdown hook on. */
public final class LogbackShutdownChild {
    private LogbackShutdownChild() {
    }

    public static void main(String[] args) throws InterruptedException {
        ShutdownChild.run(new LogbackDriver(), new String[] {args[0], args[1], args[2], "true"});
    }
}
