package io.github.firehoseappender.logback;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.LoggerContextVO;
import ch.qos.logback.classic.spi.ThrowableProxyVO;
import io.github.firehoseappender.core.trace.TraceCapture;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Marker;
import org.slf4j.event.KeyValuePair;

/**
 * What the buffer keeps of a Logback event: only what encoding needs, taken on the application thread. The caller's
 * argument array is not kept (after formatting nothing needs it, and an argument can retain any amount of heap while
 * its {@code toString()} is short); the throwable itself is not kept either, only Logback's value copy of its proxy
 * (class name, message, frames, causes), which is what every encoder renders. Key-value pair values are kept as
 * their text for the same reason as arguments. Immutable; {@link LogbackEventSize} estimates what it holds.
 */
final class BufferedLoggingEvent implements ILoggingEvent {
    private static final StackTraceElement[] NO_CALLER_DATA = new StackTraceElement[0];

    private final long timeStamp;
    private final int nanoseconds;
    private final long sequenceNumber;
    private final Level level;
    private final String loggerName;
    private final String threadName;
    private final String message;
    private final String formattedMessage;
    private final Map<String, String> mdc;
    private final IThrowableProxy throwableProxy;
    private final StackTraceElement[] callerData;
    private final List<Marker> markers;
    private final List<KeyValuePair> keyValuePairs;
    private final LoggerContextVO loggerContextVO;

    private BufferedLoggingEvent(ILoggingEvent event, boolean withCallerData, TraceCapture trace,
                                 boolean onLoggingThread) {
        this.timeStamp = event.getTimeStamp();
        this.nanoseconds = event.getNanoseconds();
        this.sequenceNumber = event.getSequenceNumber();
        this.level = event.getLevel();
        this.loggerName = event.getLoggerName();
        this.threadName = event.getThreadName();
        this.message = event.getMessage();
        this.formattedMessage = event.getFormattedMessage();
        Map<String, String> map = event.getMDCPropertyMap();
        // Logback hands out an unmodifiable copy, shared by the events logged until the MDC changes: keep it.
        Map<String, String> kept = map == null || map.isEmpty() ? Collections.<String, String>emptyMap() : map;
        this.mdc = trace == null ? kept : withCaptured(kept, trace.capture(kept::containsKey, onLoggingThread));
        IThrowableProxy proxy = event.getThrowableProxy();
        this.throwableProxy = proxy == null ? null : ThrowableProxyVO.build(proxy);
        this.callerData = withCallerData ? event.getCallerData() : NO_CALLER_DATA;
        this.markers = event.getMarkerList();
        this.keyValuePairs = textOf(event.getKeyValuePairs());
        this.loggerContextVO = event.getLoggerContextVO();
    }

    /**
     * The snapshot of {@code event}, on the thread that logged it; with {@code withCallerData} the caller's frames
     * are computed here (they cannot be later, on another thread). With {@code trace} (the default JSON encoder's
     * trace columns), what only this thread can see of the trace is added to the copy's MDC.
     */
    static BufferedLoggingEvent of(ILoggingEvent event, boolean withCallerData, TraceCapture trace,
                                   boolean onLoggingThread) {
        return new BufferedLoggingEvent(event, withCallerData, trace, onLoggingThread);
    }

    /** The MDC with the captured {key, value, ...} pairs added; the same map when nothing was captured. */
    private static Map<String, String> withCaptured(Map<String, String> mdc, String[] captured) {
        if (captured == null) {
            return mdc;
        }
        Map<String, String> copy = new LinkedHashMap<>(mdc);
        for (int i = 0; i < captured.length; i += 2) {
            copy.put(captured[i], captured[i + 1]);
        }
        return Collections.unmodifiableMap(copy);
    }

    private static List<KeyValuePair> textOf(List<KeyValuePair> pairs) {
        if (pairs == null || pairs.isEmpty()) {
            return null;
        }
        List<KeyValuePair> copy = new ArrayList<>(pairs.size());
        for (KeyValuePair pair : pairs) {
            copy.add(new KeyValuePair(pair.key, pair.value == null ? null : String.valueOf(pair.value)));
        }
        return copy;
    }

    @Override public String getThreadName() { return threadName; }
    @Override public Level getLevel() { return level; }
    @Override public String getMessage() { return message; }
    /** Not kept: the formatted message is. */
    @Override public Object[] getArgumentArray() { return null; }
    @Override public String getFormattedMessage() { return formattedMessage; }
    @Override public String getLoggerName() { return loggerName; }
    @Override public LoggerContextVO getLoggerContextVO() { return loggerContextVO; }
    @Override public IThrowableProxy getThrowableProxy() { return throwableProxy; }
    @Override public StackTraceElement[] getCallerData() { return callerData; }
    @Override public boolean hasCallerData() { return callerData.length > 0; }
    @Override public List<Marker> getMarkerList() { return markers; }
    @Override public Map<String, String> getMDCPropertyMap() { return mdc; }
    /** @deprecated as in {@link ILoggingEvent}: use {@link #getMDCPropertyMap()} */
    @Deprecated @Override public Map<String, String> getMdc() { return mdc; }
    @Override public long getTimeStamp() { return timeStamp; }
    @Override public int getNanoseconds() { return nanoseconds; }
    @Override public long getSequenceNumber() { return sequenceNumber; }
    @Override public List<KeyValuePair> getKeyValuePairs() { return keyValuePairs; }
    /** Already prepared: everything was taken when the snapshot was made. */
    @Override public void prepareForDeferredProcessing() { }

    @Override
    public String toString() {
        return "[" + level + "] " + formattedMessage;
    }
}
