package io.github.firehoseappender.core.json;

/**
 * How much of each variable-size field an oversized event keeps. {@link #shrink} cuts the largest field first:
 * stack trace, then message, then MDC, markers and names, each by at least the excess.
 */
final class FieldLimits {
    static final FieldLimits NONE = new FieldLimits(Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE,
            Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE);
    /** MDC values are capped at this once the MDC itself has to shrink. */
    private static final int MDC_VALUE_CAP = 256;
    /** Logger, thread and exception class names are never cut below this. */
    private static final int NAME_FLOOR = 64;

    final int stackTrace;
    final int message;
    final int mdcEntries;
    final int mdcValue;
    final int markers;
    final int names;

    private FieldLimits(int stackTrace, int message, int mdcEntries, int mdcValue, int markers, int names) {
        this.stackTrace = stackTrace;
        this.message = message;
        this.mdcEntries = mdcEntries;
        this.mdcValue = mdcValue;
        this.markers = markers;
        this.names = names;
    }

    /**
     * Tighter limits that remove at least {@code excess} bytes from the line, given the event's field sizes in
     * chars (a char is at least one UTF-8 byte, so cutting n chars removes at least n bytes).
     */
    FieldLimits shrink(int excess, int stackChars, int messageChars, int mdcSize, int markerCount, int nameChars) {
        int stack = Math.min(stackTrace, stackChars);
        if (stack > 0) {
            return new FieldLimits(Math.max(0, stack - excess), message, mdcEntries, mdcValue, markers, names);
        }
        int msg = Math.min(message, messageChars);
        if (msg > 0) {
            return new FieldLimits(0, Math.max(0, msg - excess), mdcEntries, mdcValue, markers, names);
        }
        int entries = Math.min(mdcEntries, mdcSize);
        if (entries > 0) {
            return new FieldLimits(0, 0, entries / 2, Math.min(mdcValue, MDC_VALUE_CAP), markers, names);
        }
        int marks = Math.min(markers, markerCount);
        if (marks > 0) {
            return new FieldLimits(0, 0, 0, mdcValue, marks / 2, names);
        }
        int name = Math.min(names, nameChars);
        return new FieldLimits(0, 0, 0, mdcValue, 0, Math.max(NAME_FLOOR, name - excess));
    }
}
