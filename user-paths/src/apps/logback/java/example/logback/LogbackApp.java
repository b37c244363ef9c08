package example.logback;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.spi.AppenderAttachable;
import example.workload.Workload;
import io.github.firehoseappender.logback.FirehoseAppender;
import java.util.Iterator;
import org.slf4j.LoggerFactory;

/**
 * A user's application on Logback: logs through the SLF4J API, configured by the logback.xml on its classpath and
 * the environment. Arguments: the workload ({@code burst}, {@code steady}, {@code outage}) and how logging stops:
 * {@code stop} ({@code LoggerContext.stop()}, then the appender's stats), {@code exit} (main returns; the shutdown
 * hooks stop logging) or {@code sigterm} (waits to be terminated).
 */
public final class LogbackApp {
    private LogbackApp() {
    }

    public static void main(String[] args) throws InterruptedException {
        org.slf4j.Logger log = LoggerFactory.getLogger("example.orders");
        Workload.run(args[0], log::info);
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        FirehoseAppender firehose = find(context); // stop() detaches the appenders: look first
        Workload.end(args[1], () -> {
            context.stop();
            return firehose == null ? "no FirehoseAppender found" : firehose.getStats();
        });
    }

    /** The FirehoseAppender, attached to a logger or behind a wrapper such as AsyncAppender. */
    private static FirehoseAppender find(LoggerContext context) {
        for (Logger logger : context.getLoggerList()) {
            FirehoseAppender found = find(logger);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    private static FirehoseAppender find(AppenderAttachable<ILoggingEvent> attachable) {
        for (Iterator<Appender<ILoggingEvent>> it = attachable.iteratorForAppenders(); it.hasNext(); ) {
            Appender<ILoggingEvent> appender = it.next();
            if (appender instanceof FirehoseAppender) {
                return (FirehoseAppender) appender;
            }
            if (appender instanceof AppenderAttachable) {
                @SuppressWarnings("unchecked")
                FirehoseAppender found = find((AppenderAttachable<ILoggingEvent>) appender);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }
}
