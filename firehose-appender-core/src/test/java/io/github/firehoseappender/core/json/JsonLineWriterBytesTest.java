package io.github.firehoseappender.core.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class JsonLineWriterBytesTest {
    /** The writer's rules spelled the slow way: escape, keep pairs, U+FFFD for lone surrogates, then UTF-8. */
    private static String reference(String s, int maxChars) {
        StringBuilder out = new StringBuilder("\"");
        int end = Math.min(s.length(), Math.max(0, maxChars));
        for (int i = 0; i < end; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\' && !Character.isSurrogate(c)) {
                out.append(c);
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                if (i + 1 >= end) {
                    break;
                }
                out.append(c).append(s.charAt(++i));
            } else if (Character.isSurrogate(c)) {
                out.append('\uFFFD');
            } else {
                out.append(JsonEscapes.escape(c));
            }
        }
        return out.append('"').toString();
    }

    private static String randomText(Random random, int length) {
        char[] pool = {'a', 'Z', '0', ' ', '"', '\\', '\n', '\r', '\t', '\u0001', '\u001f', '\u007f', 'é', 'ß', '\u07ff',
            '\u0800', '€', '\u2028', '\uFFFD', '\uFFFF', '\uD83D', '\uDE00', '\uDBFF', '\uDC00'};
        char[] text = new char[length];
        for (int i = 0; i < length; i++) {
            text[i] = pool[random.nextInt(pool.length)];
        }
        return new String(text);
    }

    @Test
    void writesTheSameUtf8AsEscapingThenEncodingWhateverTheInputAndTheCut() {
        Random random = new Random(7);
        JsonLineWriter w = new JsonLineWriter();
        for (int round = 0; round < 5_000; round++) {
            String value = randomText(random, random.nextInt(round % 100 == 0 ? 5000 : 40));
            int max = random.nextBoolean() ? Integer.MAX_VALUE : random.nextInt(value.length() + 2);
            Map<String, String> mdc = new LinkedHashMap<>();
            mdc.put(randomText(random, 3), randomText(random, 5));
            w.begin();
            w.field("message", value, max);
            w.mdc("mdc", mdc, 10, Integer.MAX_VALUE, new MdcColumns(null, java.util.List.of()));
            w.field("truncated", round % 2 == 0);
            w.number("n", "42");
            String expected = "{\"message\":" + reference(value, max) + ",\"mdc\":{"
                    + reference(mdc.keySet().iterator().next(), Integer.MAX_VALUE) + ":"
                    + reference(mdc.values().iterator().next(), Integer.MAX_VALUE) + "},\"truncated\":"
                    + (round % 2 == 0) + ",\"n\":42}\n";
            assertThat(w.end()).isEqualTo(expected.getBytes(StandardCharsets.UTF_8));
        }
    }
}
