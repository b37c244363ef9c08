package io.github.firehoseappender.it;

import io.github.firehoseappender.log4j2.FirehoseAppender;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.ConfigurationSource;
import org.apache.logging.log4j.core.config.xml.XmlConfiguration;
import org.apache.logging.log4j.status.StatusData;
import org.apache.logging.log4j.status.StatusListener;
import org.apache.logging.log4j.status.StatusLogger;
import org.apache.logging.log4j.Level;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** The Log4j2 {@code <Firehose/>} plugin, configured from log4j2.xml text as a user writes it. */
final class Log4j2Run implements AppenderRun {
    private final LoggerContext context;
    private final Logger logger;
    private final StatusListener listener;
    private final List<String> status;

    private Log4j2Run(LoggerContext context, StatusListener listener, List<String> status) {
        this.context = context;
        this.logger = context.getLogger("integration");
        this.listener = listener;
        this.status = status;
    }

    static Log4j2Run start(Map<String, String> options) throws Exception {
        StringBuilder attributes = new StringBuilder();
        for (Map.Entry<String, String> option : options.entrySet()) {
            attributes.append(' ').append(option.getKey()).append("=\"").append(option.getValue()).append('"');
        }
        String xml = "<Configuration packages=\"io.github.firehoseappender.log4j2\">\n"
                + "  <Appenders><Firehose name=\"FIREHOSE\" shutdownHook=\"false\" jmx=\"false\"" + attributes + "/></Appenders>\n"
                + "  <Loggers><Root level=\"INFO\"><AppenderRef ref=\"FIREHOSE\"/></Root></Loggers>\n"
                + "</Configuration>\n";
        List<String> status = new CopyOnWriteArrayList<>();
        StatusListener listener = new StatusListener() {
            @Override
            public void log(StatusData data) {
                status.add(data.getFormattedStatus());
            }

            @Override
            public Level getStatusLevel() {
                return Level.WARN;
            }

            @Override
            public void close() {
            }
        };
        StatusLogger.getLogger().registerListener(listener);
        LoggerContext context = new LoggerContext("it-" + System.nanoTime());
        context.start(new XmlConfiguration(context, new ConfigurationSource(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)))));
        return new Log4j2Run(context, listener, status);
    }

    @Override
    public void log(String message) {
        logger.info(message);
    }

    @Override
    public boolean flush() {
        return FirehoseAppender.flushAll(context, FLUSH_TIMEOUT).isCompleted();
    }

    @Override
    public String status() {
        return String.join("\n", status);
    }

    @Override
    public void close() {
        try {
            context.stop();
        } finally {
            StatusLogger.getLogger().removeListener(listener);
        }
    }
}
