package io.github.firehoseappender.core.json;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.firehoseappender.core.EncodedLine;
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

    private static final char[] POOL = {'a', 'Z', '0', ' ', '"', '\\', '\n', '\r', '\t', '\u0001', '\u001f', '\u007f',
        'é', 'ß', '\u07ff', '\u0800', '€', '\u2028', '\uFFFD', '\uFFFF', '\uD83D', '\uDE00', '\uDBFF', '\uDC00'};

    /** Any of the pool's characters; with {@code plainShare} > 0, mostly printable ASCII (the writer's fast path). */
    private static String randomText(Random random, int length, double plainShare) {
        char[] text = new char[length];
        for (int i = 0; i < length; i++) {
            text[i] = random.nextDouble() < plainShare ? (char) (0x20 + random.nextInt(0x5f))
                    : POOL[random.nextInt(POOL.length)];
        }
        return new String(text);
    }

    private static String randomText(Random random, int length) {
        return randomText(random, length, 0);
    }

    private static byte[] line(JsonLineWriter w, String value, int max) {
        EncodedLine into = new EncodedLine(16);
        w.begin(into);
        w.field(JsonLineWriter.name("message"), value, max);
        w.end();
        return into.toByteArray();
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
            EncodedLine into = new EncodedLine(round % 7 == 0 ? 16 : 1024);
            w.begin(into);
            w.field(JsonLineWriter.name("message"), value, max);
            w.mdc(JsonLineWriter.name("mdc"), mdc, 10, Integer.MAX_VALUE, new MdcColumns(null, java.util.List.of()));
            w.field(JsonLineWriter.name("truncated"), round % 2 == 0);
            w.number(JsonLineWriter.name("n"), "42");
            String expected = "{\"message\":" + reference(value, max) + ",\"mdc\":{"
                    + reference(mdc.keySet().iterator().next(), Integer.MAX_VALUE) + ":"
                    + reference(mdc.values().iterator().next(), Integer.MAX_VALUE) + "},\"truncated\":"
                    + (round % 2 == 0) + ",\"n\":42}\n";
            w.end();
            assertThat(into.toByteArray()).isEqualTo(expected.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void mostlyPlainTextAcrossChunksIsWrittenTheSameWay() {
        Random random = new Random(11);
        JsonLineWriter w = new JsonLineWriter();
        for (int round = 0; round < 2_000; round++) {
            String value = randomText(random, random.nextInt(2_000), round % 3 == 0 ? 1.0 : 0.97);
            int max = random.nextBoolean() ? Integer.MAX_VALUE : random.nextInt(value.length() + 2);
            String expected = "{\"message\":" + reference(value, max) + "}\n";
            assertThat(line(w, value, max)).as("round %d", round).isEqualTo(expected.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void aSurrogatePairSplitByTheChunkBoundaryIsKeptWholeOrLeftOutWhole() {
        JsonLineWriter w = new JsonLineWriter();
        for (int at = 505; at < 520; at++) {
            String value = "x".repeat(at) + "\uD83D\uDE00" + "y".repeat(600);
            for (int max : new int[] {at, at + 1, at + 2, at + 3, Integer.MAX_VALUE}) {
                String expected = "{\"message\":" + reference(value, max) + "}\n";
                assertThat(line(w, value, max)).as("pair at %d, max %d", at, max)
                        .isEqualTo(expected.getBytes(StandardCharsets.UTF_8));
            }
        }
    }
}
