package io.github.firehoseappender.log4j2;

import io.github.firehoseappender.core.FlushResult;
import io.github.firehoseappender.core.stats.DeliveryStats;
import io.github.firehoseappender.testkit.LoggingDriver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.MarkerManager;
import org.apache.logging.log4j.ThreadContext;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.ConfigurationFactory;
import org.apache.logging.log4j.core.config.ConfigurationSource;
import org.apache.logging.log4j.core.config.NullConfiguration;
import org.apache.logging.log4j.status.StatusData;
import org.apache.logging.log4j.status.StatusListener;
import org.apache.logging.log4j.status.StatusLogger;

/** Log4j2's default context configured from log4j2.xml text (no {@code packages=}: the plugin index finds us). */
final class Log4j2Driver implements LoggingDriver {
    private final List<String> errors = Collections.synchronizedList(new ArrayList<>());
    private final StatusListener listener = new StatusListener() {
        @Override
        public void log(StatusData data) {
            if (data.getLevel().isMoreSpecificThan(Level.WARN)) {
                errors.add(data.getMessage().getFormattedMessage()
                        + (data.getThrowable() == null ? "" : " / " + data.getThrowable()));
            }
        }

        @Override
        public Level getStatusLevel() {
            return Level.WARN;
        }

        @Override
        public void close() {
        }
    };
    private LoggerContext context;

    Log4j2Driver() {
        StatusLogger.getLogger().registerListener(listener);
    }

    /** The standard configuration: one Firehose appender on the root logger. */
    static String xml(Map<String, String> options, Map<String, String> loggerLevels, String pattern) {
        StringBuilder xml = new StringBuilder("<Configuration status=\"WARN\">\n  <Appenders>\n    <Firehose name=\"")
                .append(APPENDER).append('"');
        options.forEach((name, value) -> xml.append("\n        ").append(name).append("=\"").append(escape(value))
                .append('"'));
        if (pattern == null) {
            xml.append("/>\n");
        } else {
            xml.append(">\n      <PatternLayout pattern=\"").append(escape(pattern)).append("\"/>\n    </Firehose>\n");
        }
        xml.append("  </Appenders>\n  <Loggers>\n");
        loggerLevels.forEach((name, level) -> xml.append("    <Logger name=\"").append(name).append("\" level=\"")
                .append(level).append("\"/>\n"));
        xml.append("    <Root level=\"INFO\"><AppenderRef ref=\"").append(APPENDER).append("\"/></Root>\n")
                .append("  </Loggers>\n</Configuration>\n");
        return xml.toString();
    }

    @Override
    public void configure(Map<String, String> options, Map<String, String> loggerLevels, String pattern) {
        configureFromText(xml(options, loggerLevels, pattern));
    }

    void configureFromText(String xml) {
        errors.clear();
        context = (LoggerContext) LogManager.getContext(false);
        Configuration configuration;
        try {
            ConfigurationSource source = new ConfigurationSource(
                    new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
            configuration = ConfigurationFactory.getInstance().getConfiguration(context, source);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (context.isStarted()) {
            context.reconfigure(configuration);
        } else {
            context.start(configuration);
        }
    }

    LoggerContext context() {
        return context;
    }

    boolean asyncLoggers() {
        return context instanceof org.apache.logging.log4j.core.async.AsyncLoggerContext;
    }

    @Override
    public void log(String logger, String level, String marker, Map<String, String> mdc, Throwable thrown,
                    String format, Object... args) {
        ThreadContext.putAll(mdc);
        try {
            context.getLogger(logger).atLevel(Level.getLevel(level))
                    .withMarker(marker == null ? null : MarkerManager.getMarker(marker))
                    .withThrowable(thrown)
                    .log(format, args);
        } finally {
            ThreadContext.clearMap();
        }
    }

    FirehoseAppender appender() {
        if (context == null) {
            return null;
        }
        Appender appender = context.getConfiguration().getAppender(APPENDER);
        return appender instanceof FirehoseAppender ? (FirehoseAppender) appender : null;
    }

    @Override
    public void awaitHandedOver(Duration timeout) {
        if (!AsyncLoggerQueues.awaitDrained(context, System.nanoTime() + timeout.toNanos())) {
            // Going on would let the rest reach whatever configuration comes next, uncounted by our appender.
            throw new IllegalStateException("async logger queue not drained within " + timeout
                    + (Thread.currentThread().isInterrupted() ? " (the test thread is interrupted)" : ""));
        }
    }

    @Override
    public FlushResult flush(Duration timeout) {
        FirehoseAppender appender = appender();
        return appender == null ? FlushResult.completed() : appender.flush(timeout);
    }

    /**
     * What the context's stop does at shutdown ({@code AsyncLoggerContext.stop} drains its Disruptor, then stops the
     * configuration, hence the appender): an event still queued when the configuration is swapped runs against the
     * new one and never reaches our appender, not even as a counted drop, so the drain must have finished. The
     * context itself is kept: the AWS SDK's static SLF4J loggers stay bound to it for the next test.
     */
    @Override
    public void stop() {
        awaitHandedOver(Duration.ofSeconds(10));
        context.setConfiguration(new NullConfiguration());
    }

    @Override
    public DeliveryStats stats() {
        FirehoseAppender appender = appender();
        return appender == null ? null : appender.getStats();
    }

    @Override
    public boolean appenderStarted() {
        FirehoseAppender appender = appender();
        return appender != null && appender.isStarted();
    }

    @Override
    public List<String> statusProblems() {
        synchronized (errors) {
            return new ArrayList<>(errors);
        }
    }

    @Override
    public void close() {
        StatusLogger.getLogger().removeListener(listener);
        if (context != null) {
            stop();
        }
    }

    private static String escape(String value) {
        return value.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;");
    }
}
