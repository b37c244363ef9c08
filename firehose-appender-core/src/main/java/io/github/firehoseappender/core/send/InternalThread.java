package io.github.firehoseappender.core.send;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Marks the threads whose log events must never be shipped: the sender threads, on which the AWS SDK (HTTP client,
 * credential refresh) logs through SLF4J. A thread-local flag, not shared state between appenders: an event from any
 * appender's sender is ignored by every appender, so two appenders cannot feed each other either.
 */
public final class InternalThread {
    private static final ThreadLocal<Boolean> INTERNAL = new ThreadLocal<>();
    /**
     * The same threads by id, for events handed to another thread before they reach the appender (Log4j2's async
     * loggers log on the caller but append on their own thread; the event keeps the caller's thread id).
     */
    private static final Set<Long> IDS = ConcurrentHashMap.newKeySet();
    /**
     * The same threads by name, for frameworks whose events carry only the logging thread's name (Logback's events
     * reach us on an AsyncAppender's worker). Our threads' names start with {@code firehose-}, which an application
     * thread is unlikely to share; only names of threads actually marked count.
     */
    private static final Set<String> NAMES = ConcurrentHashMap.newKeySet();

    private InternalThread() {
    }

    /** Marks the current thread as internal for the rest of its life. */
    public static void mark() {
        INTERNAL.set(Boolean.TRUE);
        IDS.add(Thread.currentThread().getId());
        NAMES.add(Thread.currentThread().getName());
    }

    public static boolean isCurrent() {
        return INTERNAL.get() != null;
    }

    /** True when the thread with this id was marked by {@link #mark()} (one id per sender thread ever started). */
    public static boolean isInternal(long threadId) {
        return IDS.contains(threadId);
    }

    /** True when a thread with this name was marked by {@link #mark()}. */
    public static boolean isInternalName(String threadName) {
        return threadName != null && NAMES.contains(threadName);
    }
}
