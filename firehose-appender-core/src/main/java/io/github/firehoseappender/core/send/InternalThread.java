package io.github.firehoseappender.core.send;

/**
 * Marks the threads whose log events must never be shipped: the sender threads, on which the AWS SDK (HTTP client,
 * credential refresh) logs through SLF4J. A thread-local flag, not shared state between appenders: an event from any
 * appender's sender is ignored by every appender, so two appenders cannot feed each other either.
 */
public final class InternalThread {
    private static final ThreadLocal<Boolean> INTERNAL = new ThreadLocal<>();

    private InternalThread() {
    }

    /** Marks the current thread as internal for the rest of its life. */
    public static void mark() {
        INTERNAL.set(Boolean.TRUE);
    }

    public static boolean isCurrent() {
        return INTERNAL.get() != null;
    }
}
