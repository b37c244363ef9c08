package io.github.firehoseappender.core.json;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * {@code event_time} text, {@code yyyy-MM-dd'T'HH:mm:ss.SSS'Z'} in UTC, for the sender thread. Events arrive in
 * (nearly) time order, so the text up to the seconds is formatted once per second and kept; each event only adds its
 * milliseconds. {@link DateTimeFormatter} cost about a sixth of the sender's CPU per event (a ZonedDateTime and a
 * BigDecimal for the fraction); this costs a string concatenation. Not thread-safe: one per encoder, used under its
 * lock.
 */
final class EventTimeText {
    private static final DateTimeFormatter UP_TO_SECONDS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.").withZone(ZoneOffset.UTC);

    private long cachedSecond = Long.MIN_VALUE;
    private String cachedPrefix;
    private final char[] text = new char[32];

    String format(long epochMillis) {
        long second = Math.floorDiv(epochMillis, 1000);
        int millis = (int) Math.floorMod(epochMillis, 1000);
        if (second != cachedSecond) {
            cachedPrefix = UP_TO_SECONDS.format(Instant.ofEpochSecond(second));
            cachedPrefix.getChars(0, cachedPrefix.length(), text, 0);
            cachedSecond = second;
        }
        int n = cachedPrefix.length();
        text[n] = (char) ('0' + millis / 100);
        text[n + 1] = (char) ('0' + millis / 10 % 10);
        text[n + 2] = (char) ('0' + millis % 10);
        text[n + 3] = 'Z';
        return new String(text, 0, n + 4);
    }
}
