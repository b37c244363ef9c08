package io.github.firehoseappender.logback;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import java.util.List;
import java.util.Map;
import org.slf4j.event.KeyValuePair;

/**
 * What a {@link BufferedLoggingEvent} holds on the heap, estimated cheaply on the application thread: the buffer's
 * {@code bufferSize} bound counts this, so it must follow the heap an event really retains, not its text.
 *
 * <p>The model is HotSpot's 64-bit layout with compressed references (12-byte headers, 4-byte references, 8-byte
 * alignment) and compact strings at one byte per char (text outside Latin-1 takes two: it is under-counted by up to
 * half). It counts what each event owns: the snapshot, the formatted message, the throwable's message, its frames
 * and causes, the caller frames, the MDC map's entries and values, key-value pairs. It leaves out what events share
 * with the rest of the JVM: logger and thread names, MDC keys, class and method names in frames (interned or cached
 * by the JVM), markers, the context. {@code LogbackEventSizeTest} measures it within 25 % of the retained heap.
 */
final class LogbackEventSize {
    /** BufferedLoggingEvent: header, two longs, an int, eleven references. */
    private static final int SNAPSHOT = 80;
    /** String object plus its byte array's header. */
    private static final int STRING_OVERHEAD = 24 + 16;
    /** Collections.unmodifiableMap wrapper and a HashMap. */
    private static final int MAP = 16 + 48;
    /** A HashMap node (one entry). */
    private static final int MAP_ENTRY = 32;
    /** ThrowableProxyVO: header, four references, an int, a boolean, the empty suppressed array. */
    private static final int THROWABLE = 40 + 16;
    /** A StackTraceElement (48) and its StackTraceElementProxy (24), without the JVM-shared names. */
    private static final int FRAME = 72;
    /** A StackTraceElement of the caller data. */
    private static final int CALLER_FRAME = 48;
    /** ArrayList, its array's header, a KeyValuePair. */
    private static final int KEY_VALUE_LIST = 24 + 16;
    private static final int KEY_VALUE = 24;

    private LogbackEventSize() {
    }

    static int estimate(ILoggingEvent event) {
        long size = SNAPSHOT + string(event.getFormattedMessage());
        Map<String, String> mdc = event.getMDCPropertyMap();
        if (mdc != null && !mdc.isEmpty()) {
            size += MAP + array(tableSize(mdc.size()));
            for (Map.Entry<String, String> entry : mdc.entrySet()) {
                size += MAP_ENTRY + string(entry.getValue());
            }
        }
        int depth = 0;
        for (IThrowableProxy t = event.getThrowableProxy(); t != null && depth < 64; t = t.getCause(), depth++) {
            int frames = t.getStackTraceElementProxyArray().length;
            size += THROWABLE + string(t.getMessage()) + array(frames) + (long) FRAME * frames;
            for (IThrowableProxy suppressed : t.getSuppressed()) {
                size += THROWABLE + string(suppressed.getMessage())
                        + (long) (FRAME + 4) * suppressed.getStackTraceElementProxyArray().length;
            }
            if (t.getCause() == t || size > Integer.MAX_VALUE / 2) {
                break;
            }
        }
        if (event.hasCallerData()) {
            int frames = event.getCallerData().length;
            size += array(frames) + (long) CALLER_FRAME * frames;
        }
        List<KeyValuePair> pairs = event.getKeyValuePairs();
        if (pairs != null && !pairs.isEmpty()) {
            size += KEY_VALUE_LIST + array(pairs.size());
            for (KeyValuePair pair : pairs) {
                size += KEY_VALUE + (pair.value instanceof String ? string((String) pair.value) : 0);
            }
        }
        return (int) Math.min(size, Integer.MAX_VALUE / 2);
    }

    /** A String of one byte per char, aligned to 8. */
    private static long string(String s) {
        return s == null ? 0 : align(STRING_OVERHEAD + s.length());
    }

    /** An array of references' slots beyond its header. */
    private static long array(int length) {
        return align(16 + 4L * length);
    }

    /** HashMap's table for this many entries (load factor 0.75, powers of two). */
    private static int tableSize(int entries) {
        int needed = (int) (entries / 0.75f) + 1;
        int table = 16;
        while (table < needed) {
            table <<= 1;
        }
        return table;
    }

    private static long align(long bytes) {
        return (bytes + 7) & ~7L;
    }
}
