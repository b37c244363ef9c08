package io.github.firehoseappender.core.json;

/** JSON string escaping of one UTF-16 unit that is not a surrogate. */
final class JsonEscapes {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private JsonEscapes() {
    }

    static String escape(char c) {
        switch (c) {
            case '"': return "\\\"";
            case '\\': return "\\\\";
            case '\n': return "\\n";
            case '\r': return "\\r";
            case '\t': return "\\t";
            default:
                if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                    return "\\u" + HEX[c >> 12 & 0xF] + HEX[c >> 8 & 0xF] + HEX[c >> 4 & 0xF] + HEX[c & 0xF];
                }
                return String.valueOf(c);
        }
    }
}
