package io.github.firehoseappender.log4j2;

import static org.assertj.core.api.Assertions.assertThat;

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
}
