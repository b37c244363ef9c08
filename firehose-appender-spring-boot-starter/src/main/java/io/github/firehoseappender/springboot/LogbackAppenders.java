package io.github.firehoseappender.springboot;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.spi.AppenderAttachable;
import io.github.firehoseappender.core.stats.DeliveryStats;
import io.github.firehoseappender.logback.FirehoseAppender;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.LoggerFactory;

/** The Firehose appenders of Logback's context, on every logger and behind wrappers ({@code AsyncAppender}). */
final class LogbackAppenders implements FirehoseAppenders {
    static boolean active() {
        return LoggerFactory.getILoggerFactory() instanceof LoggerContext;
    }

    private static LoggerContext context() {
        return (LoggerContext) LoggerFactory.getILoggerFactory();
    }

    @Override
    public Map<String, DeliveryStats> running() {
        Map<String, DeliveryStats> running = new LinkedHashMap<>();
        for (FirehoseAppender appender : declared()) {
            DeliveryStats stats = appender.isStarted() ? appender.getStats() : null;
            if (stats != null) {
                running.put(appender.getName(), stats);
            }
        }
        return running;
    }

    @Override
    public boolean anyDeclared() {
        return !declared().isEmpty();
    }

    @Override
    public boolean addToRoot(String name, Map<String, String> options) {
        LoggerContext context = context();
        FirehoseAppender appender = new FirehoseAppender();
        appender.setContext(context);
        appender.setName(name);
        TextOptions.apply(appender, options);
        appender.start();
        if (!appender.isStarted()) {
            return false;
        }
        context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(appender);
        return true;
    }

    private static Set<FirehoseAppender> declared() {
        Set<FirehoseAppender> found = Collections.newSetFromMap(new IdentityHashMap<>());
        Set<Appender<ILoggingEvent>> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Logger logger : context().getLoggerList()) {
            collect(logger.iteratorForAppenders(), found, seen);
        }
        return found;
    }

    @SuppressWarnings("unchecked")
    private static void collect(Iterator<Appender<ILoggingEvent>> appenders, Set<FirehoseAppender> found,
                                Set<Appender<ILoggingEvent>> seen) {
        while (appenders.hasNext()) {
            Appender<ILoggingEvent> appender = appenders.next();
            if (!seen.add(appender)) {
                continue;
            }
            if (appender instanceof FirehoseAppender) {
                found.add((FirehoseAppender) appender);
            } else if (appender instanceof AppenderAttachable) {
                collect(((AppenderAttachable<ILoggingEvent>) appender).iteratorForAppenders(), found, seen);
            }
        }
    }
}
