package io.github.firehoseappender.log4j2;

import com.lmax.disruptor.RingBuffer;
import java.lang.reflect.Field;
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
 * waits until the ring's consumer has handed over every event published before the call: its sequence passes the
 * ring's cursor read at the call, however busy other threads keep the ring afterwards. Log4j2 signals neither, so this
 * polls every millisecond until the deadline; it runs only on flush, never per event.
 *
 * <p>Log4j2 exposes a ring only through its JMX view, {@link RingBufferAdmin}, whose ring field is read reflectively.
 * Where that is refused (log4j-core on the module path, a future release renaming the field), the wait falls back to
 * the view's remaining capacity: until the ring is empty, which under steady logging may take until the deadline.
 */
final class AsyncLoggerQueues {
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private AsyncLoggerQueues() {
    }

    /**
     * @return true when every event logged to an async queue of the context before this call has reached the
     *     appenders (or there is no queue) before the deadline
     */
    static boolean awaitDrained(LoggerContext context, long deadlineNanos) {
        // Each queue's cursor is read when its turn comes: an AsyncLogger's event can pass on to an <AsyncLogger>'s
        // queue, so the second is looked at once the first has handed over what the call covers.
        for (RingBufferAdmin queue : queuesOf(context)) {
            HandOver handOver = HandOver.from(queue);
            while (!handOver.done()) {
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

    /**
     * True when this context logs through async loggers on Disruptor 4. There, Log4j 2.26.1 loses events when the ring
     * is full: Disruptor 4 claims a slot before waiting for room, so the remaining capacity reads negative while a
     * producer waits, and Log4j2 takes that for "shut down" and discards the next events before any appender sees
     * them (measured here: 74-96 % of a burst, no status line). Disruptor 3.4.4 does not over-claim.
     */
    static boolean asyncLoggersOnDisruptor4(LoggerContext context, Configuration configuration) {
        boolean async = context instanceof AsyncLoggerContext;
        if (!async && configuration != null) {
            for (LoggerConfig logger : configuration.getLoggers().values()) {
                async |= logger instanceof AsyncLoggerConfig;
            }
        }
        if (!async) {
            return false;
        }
        try {
            Class.forName("com.lmax.disruptor.EventHandlerBase", false, RingBuffer.class.getClassLoader());
            return true; // only Disruptor 4 has it
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
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

    /** How far one ring's consumer must get for the events published before the call to have reached us. */
    private abstract static class HandOver {
        abstract boolean done();

        static HandOver from(RingBufferAdmin queue) {
            try {
                return new PastCursor(ringOf(queue));
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                return new Emptied(queue);
            }
        }

        private static RingBuffer<?> ringOf(RingBufferAdmin queue) throws ReflectiveOperationException {
            Field field = RingBufferAdmin.class.getDeclaredField("ringBuffer");
            field.setAccessible(true);
            RingBuffer<?> ring = (RingBuffer<?>) field.get(queue);
            if (ring == null) {
                throw new NoSuchFieldException("RingBufferAdmin.ringBuffer is null");
            }
            return ring;
        }
    }

    /** Done when the slowest consumer's sequence reaches the highest sequence claimed at the call. */
    private static final class PastCursor extends HandOver {
        private final RingBuffer<?> ring;
        private final long cursorAtCall;

        PastCursor(RingBuffer<?> ring) {
            this.ring = ring;
            this.cursorAtCall = ring.getCursor();
        }

        @Override
        boolean done() {
            return ring.getMinimumGatingSequence() >= cursorAtCall;
        }
    }

    /** The fallback: done when the ring is empty. */
    private static final class Emptied extends HandOver {
        private final RingBufferAdmin queue;

        Emptied(RingBufferAdmin queue) {
            this.queue = queue;
        }

        @Override
        boolean done() {
            return queue.getRemainingCapacity() >= queue.getBufferSize();
        }
    }
}
