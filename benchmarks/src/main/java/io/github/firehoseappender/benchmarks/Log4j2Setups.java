package io.github.firehoseappender.benchmarks;

import io.github.firehoseappender.log4j2.FirehoseAppender;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.logging.log4j.ThreadContext;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.ConfigurationSource;
import org.apache.logging.log4j.core.config.Configurator;

/** Log4j2 contexts configured from log4j2.xml text, as a user's would be, one appender on the root logger. */
final class Log4j2Setups {
    private Log4j2Setups() {
    }

    /** Our {@code Firehose} plugin with its defaults, pointed at firehose-local. */
    static String firehoseXml(String endpoint, String stream) {
        return xml("<Firehose name=\"OUT\" deliveryStream=\"" + stream + "\" endpoint=\"" + endpoint
                + "\" region=\"us-east-1\" shutdownHook=\"false\" jmx=\"false\"/>");
    }

    /** Log4j2's AsyncAppender with its defaults (1024 slots, blocking when full) over the Null appender. */
    static String asyncXml() {
        return xml("<Null name=\"NULL\"/><Async name=\"OUT\"><AppenderRef ref=\"NULL\"/></Async>");
    }

    /** The Null appender alone: what all-async loggers hand events to on their own thread. */
    static String nullXml() {
        return xml("<Null name=\"OUT\"/>");
    }

    private static String xml(String appenders) {
        // packages=: the uber-jar keeps log4j-core's plugin index only, so our plugin is found by its package.
        return "<Configuration status=\"ERROR\" packages=\"io.github.firehoseappender.log4j2\">"
                + "<Appenders>" + appenders + "</Appenders>"
                + "<Loggers><Root level=\"info\"><AppenderRef ref=\"OUT\"/></Root></Loggers></Configuration>";
    }

    static LoggerContext start(String xml) {
        try {
            ConfigurationSource source = new ConfigurationSource(
                    new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
            LoggerContext context = Configurator.initialize(Log4j2Setups.class.getClassLoader(), source);
            if (context == null || !context.getConfiguration().getAppenders().containsKey("OUT")) {
                throw new IllegalStateException("Log4j2 did not configure the appender OUT from " + xml);
            }
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** On the calling thread: the two ThreadContext entries of {@link Workload}, and a call counter. */
    static Acceptance.Calls caller(Acceptance acceptance) {
        ThreadContext.put(Workload.MDC_KEY_1, Workload.MDC_VALUE_1);
        ThreadContext.put(Workload.MDC_KEY_2, Workload.MDC_VALUE_2);
        return acceptance.register();
    }

    static FirehoseAppender firehose(LoggerContext context) {
        return (FirehoseAppender) context.getConfiguration().getAppenders().get("OUT");
    }
}
