package io.github.firehoseappender.local.faults;

/**
 * What a stream may still take of one quota: one second's worth at most, full when created,
 * refilled continuously as the clock moves. Not thread-safe: {@link StreamQuotas} guards it.
 */
final class TokenBucket {
    private final long perSecond;
    private double tokens;
    private long lastMillis;

    TokenBucket(long perSecond, long nowMillis) {
        this.perSecond = perSecond;
        this.tokens = perSecond;
        this.lastMillis = nowMillis;
    }

    void refill(long nowMillis) {
        if (nowMillis > lastMillis) {
            tokens = Math.min(perSecond, tokens + (nowMillis - lastMillis) * (perSecond / 1000.0));
            lastMillis = nowMillis;
        }
    }

    boolean fits(long amount) {
        return amount <= tokens;
    }

    void take(long amount) {
        tokens -= amount;
    }
}
