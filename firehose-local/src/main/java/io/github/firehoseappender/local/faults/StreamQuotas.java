package io.github.firehoseappender.local.faults;

import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Firehose's per-stream quotas (bytes, records and Put calls per second), one default for every
 * stream and overrides per stream and limit. Each stream has its own token buckets, one second's
 * worth each, full when a stream first meets them and after any quota change. 0 is no limit. Not
 * thread-safe: {@link FaultPlan} guards it.
 */
final class StreamQuotas {
    private static final long INHERIT = -1;
    private static final int LIMITS = QuotaLimit.values().length;

    private final Clock clock;
    private final long[] defaults = new long[LIMITS];
    private final Map<String, long[]> overrides = new TreeMap<>();
    private final Map<String, TokenBucket[]> buckets = new HashMap<>();

    StreamQuotas(Clock clock) {
        this.clock = clock;
    }

    /** @param stream the stream, or null for the default of every stream without its own */
    void set(String stream, QuotaLimit limit, long perSecond) {
        if (perSecond < 0) {
            throw new IllegalArgumentException(name(limit) + "=" + perSecond + " is negative; 0 turns it off");
        }
        if (stream == null) {
            defaults[limit.ordinal()] = perSecond;
        } else {
            overrides.computeIfAbsent(stream, s -> newOverride())[limit.ordinal()] = perSecond;
        }
        buckets.clear();
    }

    /** The limit in force for the stream: its own, else the default. */
    long effective(String stream, QuotaLimit limit) {
        long[] own = overrides.get(stream);
        return own == null || own[limit.ordinal()] == INHERIT ? defaults[limit.ordinal()] : own[limit.ordinal()];
    }

    void clear() {
        java.util.Arrays.fill(defaults, 0);
        overrides.clear();
        buckets.clear();
    }

    /** Takes one call from the stream's request quota; false when none is left this second. */
    boolean takeRequest(String stream) {
        TokenBucket requests = bucketsOf(stream)[QuotaLimit.REQUESTS.ordinal()];
        if (requests == null) {
            return true;
        }
        if (!requests.fits(1)) {
            return false;
        }
        requests.take(1);
        return true;
    }

    /** Takes one entry of {@code bytes} from the byte and record quotas, both or neither; false when it does not fit. */
    boolean takeEntry(String stream, long bytes) {
        TokenBucket[] own = bucketsOf(stream);
        TokenBucket byteBucket = own[QuotaLimit.BYTES.ordinal()];
        TokenBucket recordBucket = own[QuotaLimit.RECORDS.ordinal()];
        if (byteBucket != null && !byteBucket.fits(bytes) || recordBucket != null && !recordBucket.fits(1)) {
            return false;
        }
        if (byteBucket != null) {
            byteBucket.take(bytes);
        }
        if (recordBucket != null) {
            recordBucket.take(1);
        }
        return true;
    }

    /** The default limits and each stream's own, by the names the admin endpoint uses. */
    Map<String, Object> settings() {
        Map<String, Object> settings = new LinkedHashMap<>();
        for (QuotaLimit limit : QuotaLimit.values()) {
            settings.put(name(limit), defaults[limit.ordinal()]);
        }
        Map<String, Map<String, Long>> perStream = new LinkedHashMap<>();
        for (Map.Entry<String, long[]> stream : overrides.entrySet()) {
            Map<String, Long> own = new LinkedHashMap<>();
            for (QuotaLimit limit : QuotaLimit.values()) {
                if (stream.getValue()[limit.ordinal()] != INHERIT) {
                    own.put(name(limit), stream.getValue()[limit.ordinal()]);
                }
            }
            perStream.put(stream.getKey(), own);
        }
        settings.put("streamQuotas", perStream);
        return settings;
    }

    /** {@code byteQuotaPerSecond}, {@code recordQuotaPerSecond}, {@code requestQuotaPerSecond}. */
    static String name(QuotaLimit limit) {
        switch (limit) {
            case BYTES:
                return "byteQuotaPerSecond";
            case RECORDS:
                return "recordQuotaPerSecond";
            default:
                return "requestQuotaPerSecond";
        }
    }

    private TokenBucket[] bucketsOf(String stream) {
        long now = clock.millis();
        TokenBucket[] own = buckets.get(stream);
        if (own == null) {
            own = new TokenBucket[LIMITS];
            for (QuotaLimit limit : QuotaLimit.values()) {
                long perSecond = effective(stream, limit);
                own[limit.ordinal()] = perSecond == 0 ? null : new TokenBucket(perSecond, now);
            }
            buckets.put(stream, own);
        }
        for (TokenBucket bucket : own) {
            if (bucket != null) {
                bucket.refill(now);
            }
        }
        return own;
    }

    private static long[] newOverride() {
        long[] override = new long[LIMITS];
        java.util.Arrays.fill(override, INHERIT);
        return override;
    }
}
