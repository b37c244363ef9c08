package io.github.firehoseappender.core.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonLineEncoderTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode parseLine(byte[] line) throws Exception {
        String text = new String(line, StandardCharsets.UTF_8);
        assertTrue(text.endsWith("\n"), "a line ends with a newline");
        assertEquals(text.indexOf('\n'), text.length() - 1, "exactly one newline, at the end");
        return JSON.readTree(text);
    }

    @Test
    void writesTheSchemaFieldsInOrder() throws Exception {
        MapEvent e = new MapEvent();
        e.mdc.put("request_id", "r-1");
        e.markers.add("AUDIT");
        e.exceptionClass = "java.lang.IllegalStateException";
        e.exceptionMessage = "boom";
        e.stackTrace = "java.lang.IllegalStateException: boom\n\tat x.y(Z.java:1)\n";
        JsonNode n = parseLine(MapEvent.encoder().encode(e));

        List<String> names = new ArrayList<>();
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        assertEquals(List.of("event_time", "level", "logger", "thread", "message", "mdc", "markers", "exception",
                "event_id", "service"), names);
        assertEquals("2025-11-24T16:00:00.123Z", n.get("event_time").asText());
        assertEquals("r-1", n.get("mdc").get("request_id").asText());
        assertEquals("boom", n.get("exception").get("message").asText());
        assertFalse(n.has("truncated"));
        for (String name : names) {
            assertTrue(LogSchema.FIELDS.stream().anyMatch(f -> f.name().equals(name)), name + " is in LogSchema");
        }
    }

    @Test
    void eventTimeAlwaysHasThreeFractionDigits() throws Exception {
        MapEvent e = new MapEvent();
        e.millis = 1_764_000_000_000L;
        assertEquals("2025-11-24T16:00:00.000Z", parseLine(MapEvent.encoder().encode(e)).get("event_time").asText());
    }

    @Test
    void aRestoreGivesTheEventIdsANewPrefixSoEnvironmentsResumedFromOneSnapshotDoNotShareThem() throws Exception {
        JsonLineEncoder<MapEvent> encoder = MapEvent.encoder();
        MapEvent e = new MapEvent();
        String before = parseLine(encoder.encode(e)).get("event_id").asText();
        encoder.afterRestore();
        String after = parseLine(encoder.encode(e)).get("event_id").asText();
        String prefixBefore = before.substring(0, before.indexOf('-'));
        String prefixAfter = after.substring(0, after.indexOf('-'));
        assertNotEquals(prefixBefore, prefixAfter);
        assertEquals(16, prefixAfter.length(), after);
        assertEquals("2", after.substring(after.indexOf('-') + 1), "the counter goes on");
    }

    @Test
    void eventIdsAreUniquePerEvent() throws Exception {
        JsonLineEncoder<MapEvent> encoder = MapEvent.encoder();
        MapEvent e = new MapEvent();
        assertNotEquals(parseLine(encoder.encode(e)).get("event_id").asText(),
                parseLine(encoder.encode(e)).get("event_id").asText());
    }

    @Test
    void nastyTextStaysValidJsonOnOneLine() throws Exception {
        MapEvent e = new MapEvent();
        e.message = "line1\r\nINJECTED {\"level\":\"ERROR\"}\u0000\u0007 lone \uD800 low \uDC00 pair \uD83D\uDE00 \\ \" \t";
        e.mdc.put("k\n", null);
        e.mdc.put(null, "v");
        e.markers.add(null);
        e.logger = null;
        JsonNode n = parseLine(MapEvent.encoder().encode(e));
        String message = n.get("message").asText();
        assertTrue(message.startsWith("line1\r\nINJECTED {\"level\":\"ERROR\"}\u0000\u0007"));
        assertTrue(message.contains("lone \uFFFD low \uFFFD pair \uD83D\uDE00"));
        assertEquals("", n.get("mdc").get("k\n").asText());
        assertFalse(n.has("logger"));
    }

    @Test
    void oversizedEventIsCutFieldByFieldAndMarked() throws Exception {
        MapEvent e = new MapEvent();
        e.message = "m".repeat(600_000);
        e.exceptionClass = "X";
        e.exceptionMessage = "why";
        e.stackTrace = "s".repeat(800_000);
        byte[] line = MapEvent.encoder().encodeTruncated(e, 1_024_000);
        assertTrue(line.length <= 1_024_000);
        JsonNode n = parseLine(line);
        assertTrue(n.get("truncated").asBoolean());
        assertEquals(600_000, n.get("message").asText().length(), "the message survives when cutting the trace suffices");
        assertTrue(n.get("exception").get("stack_trace").asText().length() < 800_000);
    }

    @Test
    void hugeMdcAndMultibyteTextStillFit() throws Exception {
        MapEvent e = new MapEvent();
        for (int i = 0; i < 100_000; i++) {
            e.mdc.put("key" + i, "value-" + i + "-é");
        }
        e.message = "日本語".repeat(200_000);
        byte[] line = MapEvent.encoder().encodeTruncated(e, 100_000);
        assertTrue(line.length <= 100_000, "got " + line.length);
        JsonNode n = parseLine(line);
        assertTrue(n.get("truncated").asBoolean());
    }

    @Test
    void oversizedLineOfAForeignFormatIsWrappedAsMarkedJson() throws Exception {
        byte[] foreign = ("plain text \"quoted\" " + "z".repeat(5_000) + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] line = OversizedLine.wrapPrefix(foreign, 2_000);
        assertTrue(line.length <= 2_000);
        JsonNode n = parseLine(line);
        assertTrue(n.get("truncated").asBoolean());
        assertTrue(n.get("message").asText().startsWith("plain text \"quoted\" zzz"));
    }
}
