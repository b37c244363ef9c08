package io.github.firehoseappender.springboot;

import io.github.firehoseappender.core.stats.DeliveryStats;
import io.github.firehoseappender.log4j2.FirehoseAppender;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configuration;

/** The Firehose appenders of Log4j2's current configuration. */
final class Log4j2Appenders implements FirehoseAppenders {
    static boolean active() {
        return LogManager.getContext(false) instanceof LoggerContext;
    }

    private static Configuration configuration() {
        return ((LoggerContext) LogManager.getContext(false)).getConfiguration();
    }

    @Override
    public Map<String, DeliveryStats> running() {
        Map<String, DeliveryStats> running = new LinkedHashMap<>();
        for (Appender appender : configuration().getAppenders().values()) {
            if (appender instanceof FirehoseAppender && appender.isStarted()) {
                DeliveryStats stats = ((FirehoseAppender) appender).getStats();
                if (stats != null) {
                    running.put(appender.getName(), stats);
                }
            }
        }
        return running;
    }

    @Override
    public boolean anyDeclared() {
        for (Appender appender : configuration().getAppenders().values()) {
            if (appender instanceof FirehoseAppender) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean addToRoot(String name, Map<String, String> options) {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        Configuration configuration = context.getConfiguration();
        FirehoseAppender.Builder<?> builder = FirehoseAppender.newBuilder();
        builder.setName(name);
        builder.setConfiguration(configuration);
        TextOptions.apply(builder, options);
        FirehoseAppender appender = builder.build();
        if (appender == null) {
            return false;
        }
        appender.start();
        if (!appender.isStarted()) {
            return false;
        }
        configuration.addAppender(appender);
        configuration.getRootLogger().addAppender(appender, null, null);
        context.updateLoggers();
        return true;
    }
}
