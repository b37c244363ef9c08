package io.github.firehoseappender.log4j2;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * Renders a throwable in the text Logback's {@code ThrowableProxyUtil.asString} produces, so the {@code stack_trace}
 * field reads the same whichever framework logged it: {@code "class: message"}, one tab-indented {@code "at "} line
 * per frame, frames shared with the enclosing throwable folded into {@code "... N common frames omitted"},
 * {@code "Caused by: "} and (one tab deeper) {@code "Suppressed: "} sections, and cycles shown as
 * {@code "[CIRCULAR REFERENCE: class: message]"}. Runs on the sender thread.
 */
final class StackTraceText {
    private static final String NEWLINE = System.lineSeparator();

    private StackTraceText() {
    }

    static String render(Throwable throwable) {
        StringBuilder out = new StringBuilder(2048);
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        append(out, throwable, null, null, 1, seen);
        return out.toString();
    }

    private static void append(StringBuilder out, Throwable t, StackTraceElement[] enclosing, String prefix,
                               int indent, Set<Throwable> seen) {
        tabs(out, indent - 1);
        if (prefix != null) {
            out.append(prefix);
        }
        if (!seen.add(t)) {
            out.append("[CIRCULAR REFERENCE: ").append(t.getClass().getName()).append(": ").append(t.getMessage())
                    .append(']').append(NEWLINE);
            return;
        }
        out.append(t.getClass().getName()).append(": ").append(t.getMessage()).append(NEWLINE);
        StackTraceElement[] frames = t.getStackTrace();
        int common = enclosing == null ? 0 : commonFrames(frames, enclosing);
        for (int i = 0; i < frames.length - common; i++) {
            tabs(out, indent);
            out.append("at ").append(frames[i]).append(NEWLINE);
        }
        if (common > 0) {
            tabs(out, indent);
            out.append("... ").append(common).append(" common frames omitted").append(NEWLINE);
        }
        for (Throwable suppressed : t.getSuppressed()) {
            append(out, suppressed, frames, "Suppressed: ", indent + 1, seen);
        }
        Throwable cause = t.getCause();
        if (cause != null) {
            append(out, cause, frames, "Caused by: ", indent, seen);
        }
    }

    /** Frames at the bottom of {@code frames} equal to the bottom of the enclosing throwable's. */
    private static int commonFrames(StackTraceElement[] frames, StackTraceElement[] enclosing) {
        int i = frames.length - 1;
        int j = enclosing.length - 1;
        int count = 0;
        while (i >= 0 && j >= 0 && frames[i].equals(enclosing[j])) {
            count++;
            i--;
            j--;
        }
        return count;
    }

    private static void tabs(StringBuilder out, int n) {
        for (int i = 0; i < n; i++) {
            out.append('\t');
        }
    }
}
