package io.github.firehoseappender.core.json;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * {@code event_time} text, {@code yyyy-MM-dd'T'HH:mm:ss.SSS'Z'} in UTC, as ASCII bytes, for the sender thread. Events
 * arrive in (nearly) time order, so the text up to the seconds is formatted once per second and kept; each event only
 * rewrites its milliseconds. {@link DateTimeFormatter} cost about a sixth of the sender's CPU per event (a
 * ZonedDateTime and a BigDecimal for the fraction); this costs four stores. Not thread-safe: one per encoder, used
 * under its lock.
 */
final class EventTimeText {
    private static final DateTimeFormatter UP_TO_SECONDS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.").withZone(ZoneOffset.UTC);

    private long cachedSecond = Long.MIN_VALUE;
    private int prefixLength;
    private final byte[] text = new byte[40];

    /** Formats {@code epochMillis} into {@link #text()} and returns its length. */
    int write(long epochMillis) {
        long second = Math.floorDiv(epochMillis, 1000);
        int millis = (int) Math.floorMod(epochMillis, 1000);
        if (second != cachedSecond) {
            byte[] prefix = UP_TO_SECONDS.format(Instant.ofEpochSecond(second)).getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(prefix, 0, text, 0, prefix.length);
            prefixLength = prefix.length;
            cachedSecond = second;
        }
        int n = prefixLength;
        text[n] = (byte) ('0' + millis / 100);
        text[n + 1] = (byte) ('0' + millis / 10 % 10);
        text[n + 2] = (byte) ('0' + millis % 10);
        text[n + 3] = 'Z';
        return n + 4;
    }

    /** The bytes {@link #write} formatted. */
    byte[] text() {
        return text;
    }

    /** The text as a String (tests and diagnostics). */
    String format(long epochMillis) {
        return new String(text, 0, write(epochMillis), StandardCharsets.US_ASCII);
    }
}
