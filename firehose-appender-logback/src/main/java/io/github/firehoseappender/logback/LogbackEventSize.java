package io.github.firehoseappender.logback;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import java.util.Map;

/**
 * A cheap guess of an event's encoded size, for bounding the buffer by bytes on the application thread. It counts
 * characters, not UTF-8 bytes: the buffer bound is about heap, and a Java string holds at least a byte per char.
 */
final class LogbackEventSize {
    /** Field names, punctuation, timestamp, level, event id. */
    private static final int FIXED_OVERHEAD = 160;
    /** A rendered stack frame is about this long. */
    private static final int CHARS_PER_FRAME = 90;

    private LogbackEventSize() {
    }

    static int estimate(ILoggingEvent event) {
        long size = FIXED_OVERHEAD + length(event.getFormattedMessage()) + length(event.getLoggerName())
                + length(event.getThreadName());
        Map<String, String> mdc = event.getMDCPropertyMap();
        if (mdc != null && !mdc.isEmpty()) {
            for (Map.Entry<String, String> entry : mdc.entrySet()) {
                size += 6 + length(entry.getKey()) + length(entry.getValue());
            }
        }
        for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
            size += 64 + length(t.getClassName()) + length(t.getMessage())
                    + (long) CHARS_PER_FRAME * t.getStackTraceElementProxyArray().length;
            if (t.getCause() == t || size > Integer.MAX_VALUE / 2) {
                break;
            }
        }
        return (int) Math.min(size, Integer.MAX_VALUE / 2);
    }

    private static int length(String s) {
        return s == null ? 0 : s.length();
    }
}
