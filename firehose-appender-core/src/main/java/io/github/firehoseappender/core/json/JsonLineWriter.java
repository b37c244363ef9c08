package io.github.firehoseappender.core.json;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Writes one JSON object as one line. Plain and allocation-light: one reused {@link StringBuilder}, used by the
 * sender thread only. Every string is escaped so that the result is valid JSON whatever the input: control
 * characters escaped, CR/LF never raw (no log injection), lone surrogates replaced by U+FFFD.
 */
final class JsonLineWriter {
    private final StringBuilder out = new StringBuilder(512);
    private boolean firstField;

    void begin() {
        out.setLength(0);
        out.append('{');
        firstField = true;
    }

    void field(String name, String value, int maxChars) {
        if (value == null) {
            return;
        }
        name(name);
        string(value, maxChars);
    }

    void field(String name, boolean value) {
        name(name);
        out.append(value);
    }

    /** A number written as given; the caller guarantees {@code digits} is a JSON integer. */
    void number(String name, String digits) {
        name(name);
        out.append(digits);
    }

    void mdc(String name, Map<String, String> mdc, int maxEntries, int maxValueChars) {
        name(name);
        out.append('{');
        int written = 0;
        for (Map.Entry<String, String> entry : mdc.entrySet()) {
            if (written == maxEntries) {
                break;
            }
            if (written > 0) {
                out.append(',');
            }
            string(entry.getKey() == null ? "null" : entry.getKey(), maxValueChars);
            out.append(':');
            string(entry.getValue() == null ? "" : entry.getValue(), maxValueChars);
            written++;
        }
        out.append('}');
    }

    void stringArray(String name, List<String> values, int maxEntries) {
        name(name);
        out.append('[');
        int n = Math.min(values.size(), maxEntries);
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                out.append(',');
            }
            string(values.get(i) == null ? "" : values.get(i), Integer.MAX_VALUE);
        }
        out.append(']');
    }

    /** Opens a nested object as a field; close it with {@link #endObject()}. */
    void beginObject(String name) {
        name(name);
        out.append('{');
        firstField = true;
    }

    void endObject() {
        out.append('}');
        firstField = false;
    }

    /** The line, newline-terminated, as UTF-8. */
    byte[] end() {
        out.append('}').append('\n');
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private void name(String name) {
        if (!firstField) {
            out.append(',');
        }
        firstField = false;
        out.append('"').append(name).append("\":");
    }

    private void string(String s, int maxChars) {
        out.append('"');
        int end = Math.min(s.length(), Math.max(0, maxChars));
        for (int i = 0; i < end; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\' && !Character.isSurrogate(c)) {
                out.append(c);
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                if (i + 1 >= end) {
                    break; // never cut a pair in half
                }
                out.append(c).append(s.charAt(++i));
            } else if (Character.isSurrogate(c)) {
                out.append('\uFFFD');
            } else {
                out.append(JsonEscapes.escape(c));
            }
        }
        out.append('"');
    }
}
