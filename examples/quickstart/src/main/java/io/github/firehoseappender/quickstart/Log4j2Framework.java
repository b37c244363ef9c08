package io.github.firehoseappender.quickstart;

import io.github.firehoseappender.core.FlushResult;
import io.github.firehoseappender.core.stats.DeliveryStats;
import io.github.firehoseappender.log4j2.FirehoseAppender;
import java.net.URI;
import java.time.Duration;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;

/**
 * Log4j2, configured by log4j2-quickstart.xml: the Firehose element of firehose-appender-log4j2's README, unchanged,
 * whose {@code sys:} lookups the quickstart fills.
 */
final class Log4j2Framework implements LoggingFramework {
    static final String CONFIGURATION = "log4j2-quickstart.xml";

    @Override
    public String name() {
        return "log4j2";
    }

    @Override
    public void select(URI endpoint, String stream) {
        System.setProperty("slf4j.provider", "org.apache.logging.slf4j.SLF4JServiceProvider");
        System.setProperty("log4j2.configurationFile", CONFIGURATION);
        System.setProperty("firehose.deliveryStream", stream);
        System.setProperty("firehose.endpoint", endpoint.toString());
        System.setProperty("firehose.region", "us-east-1");
    }

    private static LoggerContext context() {
        return (LoggerContext) LogManager.getContext(false);
    }

    @Override
    public FlushResult flushAll(Duration timeout) {
        return FirehoseAppender.flushAll(context(), timeout);
    }

    @Override
    public DeliveryStats stats() {
        return context().getConfiguration().<FirehoseAppender>getAppender("FIREHOSE").getStats();
    }

    @Override
    public void stop() {
        LogManager.shutdown();
    }
}
