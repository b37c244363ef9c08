package io.github.firehoseappender.core.json;

import java.nio.charset.StandardCharsets;

/**
 * The last resort for a line from a user's own encoder or layout that is too large for a Firehose record: we do
 * not know its format, so we keep as much of its beginning as fits, as the {@code message} of a valid JSON line
 * marked {@code "truncated":true}.
 */
public final class OversizedLine {
    private static final byte[] HEAD = "{\"message\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TAIL = "\",\"truncated\":true}\n".getBytes(StandardCharsets.US_ASCII);

    private OversizedLine() {
    }

    /** A JSON line of at most {@code maxBytes} bytes holding the escaped prefix of {@code line}. */
    public static byte[] wrapPrefix(byte[] line, int maxBytes) {
        int budget = maxBytes - HEAD.length - TAIL.length;
        if (budget < 0) {
            throw new IllegalArgumentException("maxBytes=" + maxBytes + " cannot hold even an empty marked line");
        }
        String text = new String(line, StandardCharsets.UTF_8);
        StringBuilder escaped = new StringBuilder(Math.min(text.length(), budget) + 16);
        int used = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String piece;
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                piece = text.substring(i, i + 2);
            } else if (Character.isSurrogate(c)) {
                piece = "\uFFFD";
            } else {
                piece = JsonEscapes.escape(c);
            }
            int bytes = piece.getBytes(StandardCharsets.UTF_8).length;
            if (used + bytes > budget) {
                break;
            }
            escaped.append(piece);
            used += bytes;
            i += piece.length() == 2 && Character.isHighSurrogate(piece.charAt(0)) ? 1 : 0;
        }
        byte[] body = escaped.toString().getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[HEAD.length + body.length + TAIL.length];
        System.arraycopy(HEAD, 0, out, 0, HEAD.length);
        System.arraycopy(body, 0, out, HEAD.length, body.length);
        System.arraycopy(TAIL, 0, out, HEAD.length + body.length, TAIL.length);
        return out;
    }
}
