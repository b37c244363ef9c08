package io.github.firehoseappender.core.send;

import java.time.Duration;
import java.util.Random;

/**
 * Exponential backoff with full jitter: attempt n waits a uniform random time in [0, min(max, initial * 2^(n-1))].
 * Full jitter spreads many producers' retries after a shared throttling event instead of synchronising them.
 */
public final class Backoff {
    private final long initialNanos;
    private final long maxNanos;
    private final Random random;

    public Backoff(Duration initial, Duration max, Random random) {
        this.initialNanos = initial.toNanos();
        this.maxNanos = max.toNanos();
        this.random = random;
    }

    /** The cap for the given attempt (1-based): initial * 2^(attempt-1), at most max. */
    public long ceilingNanos(int attempt) {
        int shift = Math.min(Math.max(attempt - 1, 0), 40);
        long ceiling = initialNanos << shift;
        return ceiling <= 0 || ceiling > maxNanos || shift == 40 ? maxNanos : ceiling;
    }

    /** A delay in [0, ceiling(attempt)]. */
    public long delayNanos(int attempt) {
        long ceiling = ceilingNanos(attempt);
        return (long) (random.nextDouble() * (ceiling + 1));
    }
}
