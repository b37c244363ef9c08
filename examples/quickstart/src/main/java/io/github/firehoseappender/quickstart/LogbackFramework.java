package io.github.firehoseappender.quickstart;

import ch.qos.logback.classic.LoggerContext;
import io.github.firehoseappender.core.FlushResult;
import io.github.firehoseappender.core.stats.DeliveryStats;
import io.github.firehoseappender.logback.FirehoseAppender;
import java.net.URI;
import java.time.Duration;
import org.slf4j.LoggerFactory;

/** Logback, configured by this module's logback.xml. */
final class LogbackFramework implements LoggingFramework {
    @Override
    public String name() {
        return "logback";
    }

    @Override
    public void select(URI endpoint, String stream) {
        System.setProperty("slf4j.provider", "ch.qos.logback.classic.spi.LogbackServiceProvider");
        System.setProperty("quickstart.endpoint", endpoint.toString());
        System.setProperty("quickstart.stream", stream);
    }

    private static LoggerContext context() {
        return (LoggerContext) LoggerFactory.getILoggerFactory();
    }

    @Override
    public FlushResult flushAll(Duration timeout) {
        return FirehoseAppender.flushAll(context(), timeout);
    }

    @Override
    public DeliveryStats stats() {
        return ((FirehoseAppender) context().getLogger("ROOT").getAppender("FIREHOSE")).getStats();
    }

    @Override
    public void stop() {
        context().stop();
    }
}
