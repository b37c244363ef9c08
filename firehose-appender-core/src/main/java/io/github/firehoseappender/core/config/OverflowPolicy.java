package io.github.firehoseappender.core.config;

/** What {@code append()} does when the buffer is full. Every event it does not keep is counted as dropped. */
public enum OverflowPolicy {
    /** Refuse the new event (default): the application never waits, the oldest context is kept. */
    DROP_NEWEST,
    /** Evict the oldest buffered events to make room: the most recent context is kept. */
    DROP_OLDEST,
    /** Wait up to {@code blockTimeout} for room, then drop the new event. */
    BLOCK
}
