package io.github.firehoseappender.core;

import io.github.firehoseappender.core.config.DeliveryConfig;
import io.github.firehoseappender.core.stats.DeliveryStats;
import java.time.Duration;

/**
 * What an adapter calls: one per appender. {@link #append} snapshots nothing itself (the adapter has already made
 * the event safe to keep), offers it to the bounded buffer, counts, and returns; a named daemon sender thread
 * encodes, packs and ships.
 *
 * <p>Thread-safe. Never throws from {@link #append}.
 */
public final class FirehoseDelivery<E> implements AutoCloseable {

    // CONTRACT ONLY: implementation in progress (see issue 2).

    /** Builds the client, the buffer and the sender thread; registers the MBean and the shutdown hook if enabled. */
    public static <E> FirehoseDelivery<E> start(DeliveryConfig config, EventEncoder<E> encoder, StatusReporter status) {
        throw new UnsupportedOperationException("not yet");
    }

    /**
     * Offers the event to the buffer under the configured overflow policy.
     *
     * @return true when buffered, false when dropped (and counted) or ignored because it came from the sender itself
     */
    public boolean append(E event) {
        throw new UnsupportedOperationException("not yet");
    }

    /** True on the threads whose events must never be shipped back into this appender (the sender, the SDK's). */
    public static boolean isInternalThread() {
        throw new UnsupportedOperationException("not yet");
    }

    /** Waits until everything appended before this call is acknowledged or dropped, or the timeout passes. */
    public FlushResult flush(Duration timeout) {
        throw new UnsupportedOperationException("not yet");
    }

    /** Flushes within the timeout, stops the sender, closes the clients, unregisters MBean and hook. Idempotent. */
    public FlushResult stop(Duration timeout) {
        throw new UnsupportedOperationException("not yet");
    }

    public DeliveryStats stats() {
        throw new UnsupportedOperationException("not yet");
    }

    /** {@link #stop} with the configured shutdown timeout. */
    @Override
    public void close() {
        stop(Duration.ZERO);
    }
}
