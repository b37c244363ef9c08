package io.github.firehoseappender.discard;

import java.util.concurrent.atomic.AtomicLong;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.async.AsyncQueueFullPolicy;
import org.apache.logging.log4j.core.async.EventRoute;

/** Same decisions as Log4j's DefaultAsyncQueueFullPolicy, but counts how often it is consulted. */
public final class CountingPolicy implements AsyncQueueFullPolicy {
    public static final AtomicLong CALLS = new AtomicLong();
    @Override
    public EventRoute getRoute(long backgroundThreadId, Level level) {
        CALLS.incrementAndGet();
        return Thread.currentThread().getId() == backgroundThreadId ? EventRoute.SYNCHRONOUS : EventRoute.ENQUEUE;
    }
}
