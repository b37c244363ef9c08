package io.github.firehoseappender.log4j2;

import io.github.firehoseappender.reliability.ShutdownChild;

/** The SIGTERM scenario's child JVM through Log4j2; its shutdown hook (Log4j2's own) stops the appender. */
public final class Log4j2ShutdownChild {
    private Log4j2ShutdownChild() {
    }

    public static void main(String[] args) throws InterruptedException {
        ShutdownChild.run(new Log4j2Driver(), new String[] {args[0], args[1], args[2], "-"});
    }
}
