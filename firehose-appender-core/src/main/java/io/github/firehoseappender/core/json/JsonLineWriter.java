package io.github.firehoseappender.core.json;

import io.github.firehoseappender.core.EncodedLine;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Writes one JSON object as one line, straight as UTF-8 into the sender's reused {@link EncodedLine}: no
 * StringBuilder, no String, no array per line. Every string is escaped so that the result is valid JSON whatever the
 * input: control characters escaped, CR/LF never raw (no log injection), lone surrogates replaced by U+FFFD.
 *
 * <p>Why it is shaped this way: this is most of the sender's CPU per event. Field names are encoded once
 * ({@link #name(String)}); strings are copied in chunks into a char array (a bulk copy the JDK does fast) and the
 * common case, printable ASCII, is one table lookup and one store per character, with room reserved per chunk
 * rather than checked per character. Sender thread only.
 */
final class JsonLineWriter {
    private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
    private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};
    /** Characters read per chunk; a chunk may need 6 bytes per character (an escaped control character). */
    private static final int CHUNK = 512;
    /** Printable ASCII that JSON takes as it is. */
    private static final boolean[] PLAIN = new boolean[128];

    static {
        for (int c = 0x20; c < 0x80; c++) {
            PLAIN[c] = c != '"' && c != '\\';
        }
    }

    private final char[] chars = new char[CHUNK];
    private EncodedLine target;
    private byte[] buf;
    private int len;
    private boolean firstField;

    /** A field name as written before its value: {@code "name":}. Names are ASCII (schema names, checked keys). */
    static byte[] name(String name) {
        return ("\"" + name + "\":").getBytes(StandardCharsets.UTF_8);
    }

    /** Starts a line in {@code into}, replacing what it held. */
    void begin(EncodedLine into) {
        target = into;
        buf = into.array();
        len = 0;
        put('{');
        firstField = true;
    }

    void field(byte[] name, String value, int maxChars) {
        if (value == null) {
            return;
        }
        name(name);
        string(value, maxChars);
    }

    void field(byte[] name, boolean value) {
        name(name);
        bytes(value ? TRUE : FALSE);
    }

    /**
     * A string field whose value is often the same instance as the last event's (see {@link RepeatedText}): copied
     * from {@code cache} when it is, escaped and remembered when it is not. A value cut by {@code maxChars} (a
     * truncation round) is written as {@link #field(byte[], String, int)} writes it and leaves the cache alone.
     */
    void field(byte[] name, String value, int maxChars, RepeatedText cache) {
        if (value == null) {
            return;
        }
        if (value.length() > maxChars) {
            field(name, value, maxChars);
            return;
        }
        name(name);
        if (value == cache.last) {
            bytes(cache.bytes);
            return;
        }
        int start = len;
        string(value, maxChars);
        cache.bytes = Arrays.copyOfRange(buf, start, len);
        cache.last = value;
    }

    /** A number written as given; the caller guarantees {@code digits} is a JSON integer. */
    void number(byte[] name, String digits) {
        name(name);
        ascii(digits);
    }

    /** A string of ASCII characters that need no escaping (timestamps, ids), written as given. */
    void plainAscii(byte[] name, byte[] ascii, int length) {
        name(name);
        room(length + 2);
        buf[len++] = '"';
        System.arraycopy(ascii, 0, buf, len, length);
        len += length;
        buf[len++] = '"';
    }

    /** {@code prefix} followed by {@code value} in lower-case hex, as a string. */
    void hexString(byte[] name, byte[] prefix, long value) {
        name(name);
        room(prefix.length + 18);
        buf[len++] = '"';
        System.arraycopy(prefix, 0, buf, len, prefix.length);
        len += prefix.length;
        int digits = Math.max(1, (64 - Long.numberOfLeadingZeros(value) + 3) / 4);
        for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
            buf[len++] = (byte) Character.forDigit((int) (value >>> shift) & 0xF, 16);
        }
        buf[len++] = '"';
    }

    /** The MDC as an object, without the entries {@code columns} wrote as columns of their own. */
    void mdc(byte[] name, Map<String, String> mdc, int maxEntries, int maxValueChars, MdcColumns columns) {
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

    void stringArray(byte[] name, List<String> values, int maxEntries) {
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
    void beginObject(byte[] name) {
        name(name);
        put('{');
        firstField = true;
    }

    void endObject() {
        put('}');
        firstField = false;
    }

    /** Ends the line with {@code "}\n"}; the line is in the {@link EncodedLine} given to {@link #begin}. */
    void end() {
        room(2);
        buf[len++] = '}';
        buf[len++] = '\n';
        target.set(buf, len);
        target = null;
        buf = null;
    }

    private void name(byte[] name) {
        if (!firstField) {
            put(',');
        }
        firstField = false;
        bytes(name);
    }

    private void bytes(byte[] b) {
        room(b.length);
        System.arraycopy(b, 0, buf, len, b.length);
        len += b.length;
    }

    /** Digits: ASCII by construction. */
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
        char[] cs = chars;
        chunks:
        for (int from = 0; from < end; ) {
            int n = Math.min(CHUNK, end - from);
            s.getChars(from, from + n, cs, 0);
            room(n * 6);
            byte[] b = buf;
            int at = len;
            int k = 0;
            while (k < n) {
                int run = k;
                char c = 0;
                while (run < n && (c = cs[run]) < 0x80 && PLAIN[c]) {
                    run++;
                }
                if (run > k) {
                    copyPlain(s, from + k, from + run, b, at);
                    at += run - k;
                    k = run;
                    if (k == n) {
                        break;
                    }
                }
                len = at;
                int used = special(s, from + k, end, c);
                if (used == 0) {
                    break chunks; // a pair cut by maxChars: stop before it
                }
                at = len;
                k += used;
            }
            len = at;
            from += k; // k may pass n by one: a pair's low half was in the next chunk
        }
        put('"');
    }

    /** Characters that are all printable ASCII, one byte each: String's own bulk copy (an arraycopy for Latin-1). */
    @SuppressWarnings("deprecation")
    private static void copyPlain(String s, int from, int to, byte[] b, int at) {
        s.getBytes(from, to, b, at);
    }

    /**
     * Writes the character at {@code i} that is not plain ASCII (room for 6 bytes is there) and returns how many
     * characters it used: 2 for a surrogate pair (which may reach into the next chunk), 0 when the pair would be cut
     * by {@code end}.
     */
    private int special(String s, int i, int end, char c) {
        if (c < 0x20 || c == '"' || c == '\\') {
            ascii(JsonEscapes.escape(c));
            return 1;
        }
        if (c < 0x800) {
            buf[len++] = (byte) (0xC0 | c >> 6);
            buf[len++] = (byte) (0x80 | c & 0x3F);
            return 1;
        }
        if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
            if (i + 1 >= end) {
                return 0; // never cut a pair in half
            }
            int cp = Character.toCodePoint(c, s.charAt(i + 1));
            buf[len++] = (byte) (0xF0 | cp >> 18);
            buf[len++] = (byte) (0x80 | cp >> 12 & 0x3F);
            buf[len++] = (byte) (0x80 | cp >> 6 & 0x3F);
            buf[len++] = (byte) (0x80 | cp & 0x3F);
            return 2;
        }
        char u = Character.isSurrogate(c) ? '\uFFFD' : c;
        buf[len++] = (byte) (0xE0 | u >> 12);
        buf[len++] = (byte) (0x80 | u >> 6 & 0x3F);
        buf[len++] = (byte) (0x80 | u & 0x3F);
        return 1;
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
