package io.github.firehoseappender.log4j2;

import io.github.firehoseappender.core.trace.TraceCapture;
import java.util.HashMap;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.impl.ContextDataFactory;
import org.apache.logging.log4j.core.impl.JdkMapAdapterStringMap;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.message.MapMessage;
import org.apache.logging.log4j.message.Message;
import org.apache.logging.log4j.message.SimpleMessage;
import org.apache.logging.log4j.util.ReadOnlyStringMap;
import org.apache.logging.log4j.util.StringMap;

/** What the appender buffers of an event: a copy taken on the logging thread (see {@link #of}). */
final class EventSnapshot {
    /** Contexts larger than this are copied into a hash map once; small ones are walked as they are. */
    private static final int LINEAR_COPY_THRESHOLD = 64;

    private EventSnapshot() {
    }

    /**
     * An immutable copy safe to read later on the sender thread: formatted message, thread name and ThreadContext
     * taken now. The caller's event may be a reused {@code MutableLogEvent} or {@code RingBufferLogEvent}.
     *
     * <p>The copy keeps the formatted text, not the caller's {@code Message}: a {@code ParameterizedMessage} holds its
     * arguments, and a 1 MB argument with a short {@code toString()} would stay on the heap until delivery while the
     * buffer counts a few hundred bytes. Only a custom layout sees a {@code MapMessage} as it is (its fields are data
     * such layouts write); the throwable stays on the event. With {@code trace} (the default layout's trace columns),
     * what only the logging thread can see of the trace is added to the copy's context data.
     */
    static LogEvent of(LogEvent event, boolean customLayout, TraceCapture trace) {
        Message message = event.getMessage();
        Message kept = customLayout && message instanceof MapMessage
                ? message : new SimpleMessage(message == null ? "" : message.getFormattedMessage());
        // Not toImmutable(): with a synchronous logger (includeLocation defaults to true there) it walks the stack for
        // the caller's location, more than half of an append's cost, for a field the JSON layout never writes.
        boolean location = customLayout && event.isIncludeLocation();
        Log4jLogEvent.Builder copy = new Log4jLogEvent.Builder()
                .setLoggerName(event.getLoggerName())
                .setLoggerFqcn(event.getLoggerFqcn())
                .setLevel(event.getLevel())
                .setMarker(event.getMarker())
                .setThrown(event.getThrown())
                .setMessage(kept)
                .setInstant(event.getInstant())
                .setNanoTime(event.getNanoTime())
                .setThreadId(event.getThreadId())
                .setThreadName(event.getThreadName())
                .setThreadPriority(event.getThreadPriority())
                .setContextData(trace == null ? ownedContextData(event.getContextData())
                        : withCapturedTrace(event, trace))
                .setContextStack(event.getContextStack())
                .setEndOfBatch(event.isEndOfBatch())
                .setIncludeLocation(location);
        if (location) {
            copy.setSource(event.getSource());
        }
        return copy.build();
    }

    /** The context data with the captured trace entries added; as {@link #ownedContextData} when none are. */
    private static StringMap withCapturedTrace(LogEvent event, TraceCapture trace) {
        ReadOnlyStringMap data = event.getContextData();
        // Async loggers hand the event over on their own thread: the span current there is not the event's.
        boolean loggingThread = event.getThreadId() == Thread.currentThread().getId();
        String[] captured = trace.capture(data == null ? key -> false : data::containsKey, loggingThread);
        if (captured == null) {
            return ownedContextData(data);
        }
        StringMap owned = data == null ? ContextDataFactory.createContextData()
                : ContextDataFactory.createContextData(data);
        for (int i = 0; i < captured.length; i += 2) {
            owned.putValue(captured[i], captured[i + 1]);
        }
        owned.freeze();
        return owned;
    }

    /** The context data as a map no other thread changes, copied only when it is not already frozen. */
    private static StringMap ownedContextData(ReadOnlyStringMap data) {
        if (data == null || data.isEmpty()) {
            return ContextDataFactory.emptyFrozenContextData();
        }
        if (data instanceof JdkMapAdapterStringMap && data.size() > LINEAR_COPY_THRESHOLD) {
            // Log4j 2.24+ backs the ThreadContext with a map whose lookups are linear; its adapter looks every key up,
            // so walking a huge context costs O(n^2) (seconds at 100,000 entries). One linear copy into a hash map
            // keeps every later walk, here and on the sender, linear.
            return new JdkMapAdapterStringMap(new HashMap<>(data.toMap()), true);
        }
        if (data instanceof StringMap && ((StringMap) data).isFrozen()) {
            return (StringMap) data;
        }
        StringMap owned = ContextDataFactory.createContextData(data);
        owned.freeze();
        return owned;
    }
}
