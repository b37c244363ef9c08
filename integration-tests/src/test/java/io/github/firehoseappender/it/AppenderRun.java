package io.github.firehoseappender.it;

import java.time.Duration;
import java.util.Map;

/**
 * One appender, configured from its framework's own config file text with the given options
 * (the names both adapters share), in a private logging context: scenarios run once per framework.
 */
interface AppenderRun extends AutoCloseable {
    Duration FLUSH_TIMEOUT = Duration.ofSeconds(20);

    /** Logs one INFO event through the framework. */
    void log(String message);

    /** @return true when everything logged so far was delivered within {@link #FLUSH_TIMEOUT} */
    boolean flush();

    /** Framework status output (errors and warnings), for failure messages. */
    String status();

    /** Stops the appender (delivering what it buffers) and its context. */
    @Override
    void close();

    /** A factory per framework, named for test reports. */
    interface Framework {
        AppenderRun start(Map<String, String> options) throws Exception;
    }

    Framework LOGBACK = new Framework() {
        @Override
        public AppenderRun start(Map<String, String> options) throws Exception {
            return LogbackRun.start(options);
        }

        @Override
        public String toString() {
            return "Logback";
        }
    };

    Framework LOG4J2 = new Framework() {
        @Override
        public AppenderRun start(Map<String, String> options) throws Exception {
            return Log4j2Run.start(options);
        }

        @Override
        public String toString() {
            return "Log4j2";
        }
    };
}
