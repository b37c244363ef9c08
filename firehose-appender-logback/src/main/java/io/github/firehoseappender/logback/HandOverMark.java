package io.github.firehoseappender.logback;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.LoggerContextVO;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Marker;
import org.slf4j.event.KeyValuePair;

/**
 * Sent through a wrapper (an AsyncAppender, nested ones) by {@link FirehoseAppender#flushAll}: a wrapper's worker
 * hands events over in the order they were queued, so when the mark reaches every FirehoseAppender behind it, every
 * event queued before the flush has reached them too. The appenders never ship or count it. ERROR level, so an
 * AsyncAppender's discarding threshold never drops it. Only sent into wrappers that hold nothing but
 * FirehoseAppenders (another appender would print it).
 */
final class HandOverMark implements ILoggingEvent {
    private final Set<FirehoseAppender> awaited = ConcurrentHashMap.newKeySet();
    private final CountDownLatch arrived;
    private final long timeStamp = System.currentTimeMillis();
    private final LoggerContextVO contextView;

    /** A mark awaited by these appenders; the context's view is for wrapper filters that read it. */
    HandOverMark(Set<FirehoseAppender> appenders, LoggerContextVO contextView) {
        this.contextView = contextView;
        awaited.addAll(appenders);
        arrived = new CountDownLatch(awaited.size());
    }

    void arrivedAt(FirehoseAppender appender) {
        if (awaited.remove(appender)) {
            arrived.countDown();
        }
    }

    /** True when the mark reached every awaited appender within the deadline. */
    boolean await(long deadlineNanos) {
        try {
            return arrived.await(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override public String getThreadName() { return "firehose-flush"; }
    @Override public Level getLevel() { return Level.ERROR; }
    @Override public String getMessage() { return "firehose flush mark"; }
    @Override public Object[] getArgumentArray() { return null; }
    @Override public String getFormattedMessage() { return getMessage(); }
    @Override public String getLoggerName() { return FirehoseAppender.class.getName(); }
    @Override public LoggerContextVO getLoggerContextVO() { return contextView; }
    @Override public IThrowableProxy getThrowableProxy() { return null; }
    @Override public StackTraceElement[] getCallerData() { return new StackTraceElement[0]; }
    @Override public boolean hasCallerData() { return false; }
    @Override public List<Marker> getMarkerList() { return null; }
    @Override public Map<String, String> getMDCPropertyMap() { return Collections.emptyMap(); }
    /** @deprecated as in {@link ILoggingEvent} */
    @Deprecated @Override public Map<String, String> getMdc() { return Collections.emptyMap(); }
    @Override public long getTimeStamp() { return timeStamp; }
    @Override public int getNanoseconds() { return -1; }
    @Override public long getSequenceNumber() { return 0; }
    @Override public List<KeyValuePair> getKeyValuePairs() { return null; }
    @Override public void prepareForDeferredProcessing() { }
}
