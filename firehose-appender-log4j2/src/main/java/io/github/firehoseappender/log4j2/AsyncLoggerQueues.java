package io.github.firehoseappender.log4j2;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.async.AsyncLoggerConfig;
import org.apache.logging.log4j.core.async.AsyncLoggerContext;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.jmx.RingBufferAdmin;

/**
 * Log4j2's async loggers ({@code AsyncLoggerContextSelector}, {@code <AsyncLogger>}) keep logged events in a
 * Disruptor ring buffer before they reach any appender. A flush that must cover "everything logged so far" first
 * waits for those buffers to drain. Log4j2 offers no signal for that, only the buffers' remaining capacity (the
 * JMX view), so this polls it every millisecond until the deadline; it runs only on flush, never per event.
 */
final class AsyncLoggerQueues {
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private AsyncLoggerQueues() {
    }

    /** @return true when every async queue of the context is empty (or there is none) before the deadline */
    static boolean awaitDrained(LoggerContext context, long deadlineNanos) {
        List<RingBufferAdmin> queues = queuesOf(context);
        for (RingBufferAdmin queue : queues) {
            while (queue.getRemainingCapacity() < queue.getBufferSize()) {
                if (System.nanoTime() - deadlineNanos >= 0) {
                    return false;
                }
                LockSupport.parkNanos(POLL_NANOS);
                if (Thread.currentThread().isInterrupted()) {
                    return false;
                }
            }
        }
        return true;
    }

    private static List<RingBufferAdmin> queuesOf(LoggerContext context) {
        List<RingBufferAdmin> queues = new ArrayList<>(2);
        if (context == null) {
            return queues;
        }
        try {
            if (context instanceof AsyncLoggerContext) {
                queues.add(((AsyncLoggerContext) context).createRingBufferAdmin());
            }
            Configuration configuration = context.getConfiguration();
            for (LoggerConfig logger : configuration.getLoggers().values()) {
                if (logger instanceof AsyncLoggerConfig) {
                    // One ring buffer serves every AsyncLogger of a configuration.
                    queues.add(configuration.getAsyncLoggerConfigDelegate()
                            .createRingBufferAdmin(context.getName(), logger.getName()));
                    break;
                }
            }
        } catch (RuntimeException | LinkageError e) {
            // No Disruptor on the class path, or a queue not started yet: nothing to wait for.
        }
        return queues;
    }
}
