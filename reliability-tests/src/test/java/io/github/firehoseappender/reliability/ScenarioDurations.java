package io.github.firehoseappender.reliability;

import java.time.Duration;
import java.util.Locale;

/**
 * How long the time-based scenarios run: a system property per scenario ({@code reliability.outage=3s}), short by
 * default so the module fits CI, the durations under {@code -Psoak} (see the pom). The same tests either way.
 */
final class ScenarioDurations {
    private ScenarioDurations() {
    }

    /** Full outage length (issue: 30 s). */
    static Duration outage() {
        return read("reliability.outage", Duration.ofSeconds(3));
    }

    /** How long 30 % of entries fail (issue: 60 s). */
    static Duration failures() {
        return read("reliability.failures", Duration.ofSeconds(3));
    }

    /** How long the application logs 3x the byte quota. */
    static Duration throttle() {
        return read("reliability.throttle", Duration.ofSeconds(4));
    }

    /** How long latency spikes and connection resets go on. */
    static Duration faults() {
        return read("reliability.faults", Duration.ofSeconds(3));
    }

    /** How long 64 threads log concurrently (issue: 60 s). */
    static Duration concurrency() {
        return read("reliability.concurrency", Duration.ofSeconds(3));
    }

    /** Parses {@code 3s}, {@code 500ms}, {@code 2m} or ISO-8601 ({@code PT30S}). */
    static Duration parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.startsWith("pt")) {
            return Duration.parse(text.trim());
        }
        if (t.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2).trim()));
        }
        if (t.endsWith("s")) {
            return Duration.ofMillis(Math.round(Double.parseDouble(t.substring(0, t.length() - 1).trim()) * 1000));
        }
        if (t.endsWith("m")) {
            return Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1).trim()) * 60);
        }
        throw new IllegalArgumentException("'" + text + "' is not a duration; write 3s, 500ms, 2m or PT30S");
    }

    private static Duration read(String property, Duration fallback) {
        String value = System.getProperty(property);
        return value == null || value.isBlank() ? fallback : parse(value);
    }
}
