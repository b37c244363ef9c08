package io.github.firehoseappender.log4j2;

import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.util.ReadOnlyStringMap;

/**
 * A cheap guess of an event's encoded size, for bounding the buffer by bytes on the application thread. It counts
 * characters, not UTF-8 bytes: the buffer bound is about heap, and a Java string holds at least a byte per char.
 * The same arithmetic as the Logback adapter's, so both bound memory alike.
 */
final class Log4j2EventSize {
    /** Field names, punctuation, timestamp, level, event id. */
    private static final int FIXED_OVERHEAD = 160;
    /** A rendered stack frame is about this long. */
    private static final int CHARS_PER_FRAME = 90;
    private static final int CAP = Integer.MAX_VALUE / 2;

    private Log4j2EventSize() {
    }

    static int estimate(LogEvent event) {
        long size = FIXED_OVERHEAD + length(event.getMessage() == null ? null : event.getMessage().getFormattedMessage())
                + length(event.getLoggerName()) + length(event.getThreadName());
        ReadOnlyStringMap data = event.getContextData();
        if (data != null && !data.isEmpty()) {
            // A plain loop over a snapshot we own: the map is frozen or copied before we get here.
            long[] mdc = new long[1];
            data.forEach((key, value) -> mdc[0] += 6 + length(key) + length(String.valueOf(value)));
            size += mdc[0];
        }
        int depth = 0;
        for (Throwable t = event.getThrown(); t != null && depth < 16 && size < CAP; t = t.getCause(), depth++) {
            size += 64 + length(t.getClass().getName()) + length(t.getMessage())
                    + (long) CHARS_PER_FRAME * t.getStackTrace().length;
        }
        return (int) Math.min(size, CAP);
    }

    private static int length(String s) {
        return s == null ? 0 : s.length();
    }
}
