package io.github.firehoseappender.logback;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import ch.qos.logback.core.status.Status;
import io.github.firehoseappender.core.FlushResult;
import io.github.firehoseappender.core.stats.DeliveryStats;
import io.github.firehoseappender.testkit.LoggingDriver;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.MarkerFactory;
import org.slf4j.event.Level;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * SLF4J's default Logback context configured from logback.xml text: the context the AWS SDK's loggers live in, so
 * its DEBUG events reach the appender on the sender thread, as in an application.
 */
final class LogbackDriver implements LoggingDriver {
    private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();

    /** The standard configuration: one Firehose appender on the root logger. */
    static String xml(Map<String, String> options, Map<String, String> loggerLevels, String pattern) {
        StringBuilder xml = new StringBuilder("<configuration>\n  <appender name=\"").append(APPENDER)
                .append("\" class=\"").append(FirehoseAppender.class.getName()).append("\">\n");
        options.forEach((name, value) -> xml.append("    <").append(name).append('>').append(escape(value))
                .append("</").append(name).append(">\n"));
        if (pattern != null) {
            xml.append("    <encoder class=\"ch.qos.logback.classic.encoder.PatternLayoutEncoder\">\n")
                    .append("      <pattern>").append(escape(pattern)).append("</pattern>\n    </encoder>\n");
        }
        xml.append("  </appender>\n");
        loggerLevels.forEach((name, level) -> xml.append("  <logger name=\"").append(name).append("\" level=\"")
                .append(level).append("\"/>\n"));
        xml.append("  <root level=\"INFO\"><appender-ref ref=\"").append(APPENDER).append("\"/></root>\n")
                .append("</configuration>\n");
        return xml.toString();
    }

    @Override
    public void configure(Map<String, String> options, Map<String, String> loggerLevels, String pattern) {
        context.reset();
        context.getStatusManager().clear();
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        try {
            configurator.doConfigure(new ByteArrayInputStream(
                    xml(options, loggerLevels, pattern).getBytes(StandardCharsets.UTF_8)));
        } catch (JoranException e) {
            throw new IllegalStateException(e);
        }
        context.start();
    }

    @Override
    public void log(String logger, String level, String marker, Map<String, String> mdc, Throwable thrown,
                    String format, Object... args) {
        mdc.forEach(MDC::put);
        try {
            LoggingEventBuilder event = context.getLogger(logger).atLevel(Level.valueOf(level)).setCause(thrown);
            if (marker != null) {
                event.addMarker(MarkerFactory.getMarker(marker));
            }
            event.log(format, args);
        } finally {
            MDC.clear();
        }
    }

    FirehoseAppender appender() {
        return (FirehoseAppender) context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender(APPENDER);
    }

    @Override
    public FlushResult flush(Duration timeout) {
        FirehoseAppender appender = appender();
        return appender == null ? FlushResult.completed() : appender.flush(timeout);
    }

    /** Stops the context, hence the appender, as Logback's shutdown hook does; the next configure restarts it. */
    @Override
    public void stop() {
        context.stop();
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
        List<String> errors = new ArrayList<>();
        for (Status status : context.getStatusManager().getCopyOfStatusList()) {
            if (status.getLevel() >= Status.WARN) {
                errors.add(status.getMessage() + (status.getThrowable() == null ? "" : " / " + status.getThrowable()));
            }
        }
        return errors;
    }

    @Override
    public void close() {
        stop();
    }

    private static String escape(String value) {
        return value.replace("&", "&amp;").replace("<", "&lt;");
    }
}
