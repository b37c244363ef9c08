package io.github.firehoseappender.log4j2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.apache.logging.log4j.core.async.AsyncLoggerContext;
import org.junit.jupiter.api.Test;

/**
 * The same scenarios under {@code AsyncLoggerContextSelector} (a fork of its own, see the pom): events reach the
 * appender on the Disruptor's thread, as reused {@code RingBufferLogEvent}s.
 */
class AsyncLoggersTest extends Log4j2Scenarios {
    @Test
    void runsUnderTheAsyncLoggerContextSelector() {
        configure(options());
        assertThat(log4j2().context()).isInstanceOf(AsyncLoggerContext.class);
    }

    @Test
    void warnsThatLog4j2DiscardsEventsOnAFullRingWithDisruptor4() {
        configure(options());
        assumeTrue(log4j2().asyncLoggers(), "needs AsyncLoggerContextSelector (the async-loggers fork)");
        assertThat(log4j2().statusProblems()).anySatisfy(p -> assertThat(p)
                .contains("async loggers run on Disruptor 4").contains("com.lmax:disruptor 3.4.4"));
    }

    @Test
    void flushReturnsOnceEventsLoggedBeforeItAreDeliveredWhileOtherThreadsKeepLogging() throws Exception {
        configure(options("maxBatchDelay", "1 minute", "bufferSize", "64MiB"));
        // Run alone with -Dtest, this class also runs in the synchronous fork: there is nothing async to test there.
        assumeTrue(log4j2().asyncLoggers(), "needs AsyncLoggerContextSelector (the async-loggers fork)");
        AsyncLoggerContext context = (AsyncLoggerContext) log4j2().context();
        FlushWhileLogging.flushReturnsOnceEarlierEventsAreDelivered(log4j2(), context.createRingBufferAdmin(),
                () -> local.lines(STREAM));
    }
}
