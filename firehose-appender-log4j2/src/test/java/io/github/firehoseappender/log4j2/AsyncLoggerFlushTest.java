package io.github.firehoseappender.log4j2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.github.firehoseappender.testkit.LocalFirehoseServer;
import org.apache.logging.log4j.core.jmx.RingBufferAdmin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A flush covers what was logged before it, not what other threads log meanwhile: with mixed async loggers
 * ({@code <AsyncRoot>}, {@code <AsyncLogger>}) it waits until the ring's consumer has handed over the events published
 * before the call, and returns, even while other threads keep the ring from ever being empty. The same wait serves
 * {@code AsyncLoggerContextSelector}'s ring; this scenario, which holds the ring's consumer back, runs in the
 * synchronous fork only.
 */
@Timeout(120)
class AsyncLoggerFlushTest {
    private static final String STREAM = "app-logs";

    @RegisterExtension
    final LocalFirehoseServer local = new LocalFirehoseServer(STREAM);
    private final Log4j2Driver driver = new Log4j2Driver();

    @AfterEach
    void stopDriver() {
        driver.close();
    }

    @Test
    void flushReturnsOnceEventsLoggedBeforeItAreDeliveredWhileOtherThreadsKeepLogging() throws Exception {
        // Run with -Dtest, this class also runs in the async-loggers fork, where a second ring sits in front of this one.
        assumeFalse(org.apache.logging.log4j.LogManager.getContext(false)
                instanceof org.apache.logging.log4j.core.async.AsyncLoggerContext, "mixed async loggers: sync fork only");
        driver.configureFromText("<Configuration status=\"WARN\">\n"
                + "  <Appenders><Firehose name=\"" + Log4j2Driver.APPENDER + "\" deliveryStream=\"" + STREAM
                + "\" endpoint=\"" + local.endpoint() + "\" region=\"us-east-1\" jmx=\"false\""
                + " shutdownHook=\"false\" maxBatchDelay=\"1 minute\" bufferSize=\"64MiB\"/></Appenders>\n"
                + "  <Loggers>\n"
                + "    <AsyncLogger name=\"noise\" level=\"INFO\"/>\n"
                + "    <AsyncRoot level=\"INFO\"><AppenderRef ref=\"" + Log4j2Driver.APPENDER + "\"/></AsyncRoot>\n"
                + "  </Loggers>\n</Configuration>\n");
        assertThat(driver.appenderStarted()).as("status errors: %s", driver.statusProblems()).isTrue();
        RingBufferAdmin ring = driver.context().getConfiguration().getAsyncLoggerConfigDelegate()
                .createRingBufferAdmin(driver.context().getName(), "noise");
        FlushWhileLogging.flushReturnsOnceEarlierEventsAreDelivered(driver, ring, () -> local.lines(STREAM));
    }
}
