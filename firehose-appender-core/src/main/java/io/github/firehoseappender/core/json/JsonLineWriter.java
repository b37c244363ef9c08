package io.github.firehoseappender.core.json;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Writes one JSON object as one line. Plain and allocation-light: characters go straight into one reused UTF-8 byte
 * buffer, used by the sender thread only, and the line is copied out once (a StringBuilder, then its String, then
 * that String's bytes made three copies of every line). Every string is escaped so that the result is valid JSON
 * whatever the input: control characters escaped, CR/LF never raw (no log injection), lone surrogates replaced by
 * U+FFFD.
 */
final class JsonLineWriter {
    private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
    private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};

    private byte[] buf = new byte[1024];
    private int len;
    private boolean firstField;

    void begin() {
        len = 0;
        put('{');
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
        byte[] text = value ? TRUE : FALSE;
        room(text.length);
        System.arraycopy(text, 0, buf, len, text.length);
        len += text.length;
    }

    /** A number written as given; the caller guarantees {@code digits} is a JSON integer. */
    void number(String name, String digits) {
        name(name);
        ascii(digits);
    }

    /** The MDC as an object, without the entries {@code columns} wrote as columns of their own. */
    void mdc(String name, Map<String, String> mdc, int maxEntries, int maxValueChars, MdcColumns columns) {
        name(name);
        put('{');
        int written = 0;
        for (Map.Entry<String, String> entry : mdc.entrySet()) {
            if (written == maxEntries) {
                break;
            }
            if (columns.taken(entry.getKey())) {
                continue;
            }
            if (written > 0) {
                put(',');
            }
            string(entry.getKey() == null ? "null" : entry.getKey(), maxValueChars);
            put(':');
            string(entry.getValue() == null ? "" : entry.getValue(), maxValueChars);
            written++;
        }
        put('}');
    }

    void stringArray(String name, List<String> values, int maxEntries) {
        name(name);
        put('[');
        int n = Math.min(values.size(), maxEntries);
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                put(',');
            }
            string(values.get(i) == null ? "" : values.get(i), Integer.MAX_VALUE);
        }
        put(']');
    }

    /** Opens a nested object as a field; close it with {@link #endObject()}. */
    void beginObject(String name) {
        name(name);
        put('{');
        firstField = true;
    }

    void endObject() {
        put('}');
        firstField = false;
    }

    /** The line, newline-terminated, as UTF-8. */
    byte[] end() {
        put('}');
        put('\n');
        return Arrays.copyOf(buf, len);
    }

    private void name(String name) {
        if (!firstField) {
            put(',');
        }
        firstField = false;
        put('"');
        ascii(name);
        put('"');
        put(':');
    }

    /** Schema names and digits: ASCII by construction. */
    private void ascii(String s) {
        int n = s.length();
        room(n);
        for (int i = 0; i < n; i++) {
            buf[len++] = (byte) s.charAt(i);
        }
    }

    private void string(String s, int maxChars) {
        put('"');
        int end = Math.min(s.length(), Math.max(0, maxChars));
        for (int i = 0; i < end; i++) {
            char c = s.charAt(i);
            if (len + 6 > buf.length) {
                grow(6);
            }
            if (c < 0x80 && c >= 0x20 && c != '"' && c != '\\') {
                buf[len++] = (byte) c;
            } else if (c < 0x20 || c == '"' || c == '\\') {
                ascii(JsonEscapes.escape(c));
            } else if (c < 0x800) {
                buf[len++] = (byte) (0xC0 | c >> 6);
                buf[len++] = (byte) (0x80 | c & 0x3F);
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                if (i + 1 >= end) {
                    break; // never cut a pair in half
                }
                int cp = Character.toCodePoint(c, s.charAt(++i));
                buf[len++] = (byte) (0xF0 | cp >> 18);
                buf[len++] = (byte) (0x80 | cp >> 12 & 0x3F);
                buf[len++] = (byte) (0x80 | cp >> 6 & 0x3F);
                buf[len++] = (byte) (0x80 | cp & 0x3F);
            } else {
                char u = Character.isSurrogate(c) ? '\uFFFD' : c;
                buf[len++] = (byte) (0xE0 | u >> 12);
                buf[len++] = (byte) (0x80 | u >> 6 & 0x3F);
                buf[len++] = (byte) (0x80 | u & 0x3F);
            }
        }
        put('"');
    }

    private void put(char asciiChar) {
        if (len == buf.length) {
            grow(1);
        }
        buf[len++] = (byte) asciiChar;
    }

    private void room(int bytes) {
        if (len + bytes > buf.length) {
            grow(bytes);
        }
    }

    private void grow(int bytes) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + bytes));
    }
}
