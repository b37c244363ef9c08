package io.github.firehoseappender.log4j2;

import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.message.Message;
import org.apache.logging.log4j.util.ReadOnlyStringMap;

/**
 * What a buffered snapshot (see {@link EventSnapshot#of}) keeps on the heap, estimated cheaply on the
 * application thread, so the buffer's {@code bufferSize} bounds memory. Calibrated on a 64-bit JVM with compressed
 * references (the default below 32 GB of heap) and measured by {@code BufferedEventHeapTest}: within a quarter of the
 * real figure over a realistic mix of events.
 *
 * <p>Counted: the event, its instant and its text-only message (fixed), the formatted text, each ThreadContext value
 * and the map around them, each throwable of the cause chain with its message and stack frames. Not counted: what
 * the event shares with other objects that live on anyway (logger and thread names, level, marker, ThreadContext
 * keys, which are constants in practice). Text is counted at a byte per char (Java's compact strings); text outside
 * Latin-1 takes two, so such events are underestimated up to half.
 */
final class Log4j2EventSize {
    /** {@code Log4jLogEvent} (88 B), its {@code MutableInstant} (24 B) and the {@code SimpleMessage} (24 B). */
    static final int EVENT_BYTES = 136;
    /** A {@code String} object (24 B) and its array's header (16 B); the chars come on top. */
    static final int STRING_BYTES = 40;
    /** The map of a non-empty ThreadContext snapshot and its backing array. */
    static final int CONTEXT_MAP_BYTES = 116;
    /** An entry's slots in that map (the key string itself is shared). */
    static final int CONTEXT_ENTRY_BYTES = 12;
    /** A throwable and its backtrace arrays, beside its message and frames. */
    static final int THROWABLE_BYTES = 120;
    /** A materialised {@code StackTraceElement}, its slot and its share of the backtrace (its names are interned). */
    static final int FRAME_BYTES = 78;
    private static final int MAX_CAUSES = 16;
    private static final int CAP = Integer.MAX_VALUE / 2;

    private Log4j2EventSize() {
    }

    static int estimate(LogEvent event) {
        Message message = event.getMessage();
        long size = EVENT_BYTES + text(message == null ? null : message.getFormattedMessage());
        ReadOnlyStringMap data = event.getContextData();
        if (data != null && !data.isEmpty()) {
            // A plain loop over a snapshot we own: the map is frozen or copied before we get here.
            long[] context = {CONTEXT_MAP_BYTES};
            data.forEach((key, value) -> context[0] += CONTEXT_ENTRY_BYTES
                    + (value instanceof String ? text((String) value) : text(String.valueOf(value))));
            size += context[0];
        }
        int depth = 0;
        for (Throwable t = event.getThrown(); t != null && depth < MAX_CAUSES && size < CAP;
             t = t.getCause(), depth++) {
            size += THROWABLE_BYTES + text(t.getMessage()) + (long) FRAME_BYTES * t.getStackTrace().length;
        }
        return (int) Math.min(size, CAP);
    }

    /** A string's heap: object, array header and a byte per char, rounded up to 8 bytes; nothing for null. */
    private static long text(String s) {
        return s == null ? 0 : STRING_BYTES + ((s.length() + 7L) & ~7L);
    }
}
