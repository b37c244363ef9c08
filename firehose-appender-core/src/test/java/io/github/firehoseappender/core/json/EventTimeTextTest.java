package io.github.firehoseappender.core.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EventTimeTextTest {
    private static final DateTimeFormatter REFERENCE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    @Test
    void writesWhatTheIsoFormatterWritesInAnyOrder() {
        EventTimeText text = new EventTimeText();
        Random random = new Random(42);
        long[] fixed = {0, 1, 999, 1000, -1, -1000, -1001, 1_700_000_000_000L, 1_700_000_000_999L, 253_402_300_799_999L};
        for (long millis : fixed) {
            assertThat(text.format(millis)).as("%d", millis).isEqualTo(REFERENCE.format(Instant.ofEpochMilli(millis)));
        }
        long t = 1_760_000_000_000L;
        for (int i = 0; i < 10_000; i++) {
            t += random.nextInt(2000) - 300; // mostly forwards, sometimes back across a second
            assertThat(text.format(t)).isEqualTo(REFERENCE.format(Instant.ofEpochMilli(t)));
        }
    }
}
