package io.github.firehoseappender.core;

import java.util.concurrent.locks.LockSupport;

/**
 * Whether Spring Boot is shutting the application down at JVM exit. Its hook closes the application contexts first
 * (beans log while they are destroyed), then stops the logging system: an adapter's JVM hook that stopped the
 * appender beside it would refuse those last lines. Spring Boot's logging marker on the context is no help here:
 * it is removed when the context starts closing, before the beans log. Its hook thread's name is stable API-like
 * behaviour (it has been {@value #HOOK_THREAD} since Spring Boot 2.5) and needs no Spring class on our classpath.
 */
public final class SpringBootShutdown {
    static final String HOOK_THREAD = "SpringApplicationShutdownHook";
    /** The JVM starts every shutdown hook at once, in no order: ours may look before Spring Boot's has started. */
    private static final long HOOK_START_GRACE_NANOS = 100_000_000L;
    private static final long POLL_NANOS = 1_000_000L;

    private SpringBootShutdown() {
    }

    /**
     * Asked from our own JVM hook: true when Spring Boot's hook is running, or, with Spring Boot on the classpath,
     * starts within a short grace (the JVM starts all hooks together, ours possibly first).
     */
    public static boolean inProgressAtExit() {
        if (inProgress()) {
            return true;
        }
        if (!onClasspath()) {
            return false;
        }
        long deadline = System.nanoTime() + HOOK_START_GRACE_NANOS;
        while (deadline - System.nanoTime() > 0) {
            LockSupport.parkNanos(POLL_NANOS);
            if (inProgress()) {
                return true;
            }
        }
        return false;
    }

    private static boolean onClasspath() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        try {
            Class.forName("org.springframework.boot.SpringApplication", false,
                    loader != null ? loader : SpringBootShutdown.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** True while Spring Boot's shutdown hook thread is alive. */
    public static boolean inProgress() {
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        Thread[] threads = new Thread[root.activeCount() + 16];
        int n = root.enumerate(threads, true);
        for (int i = 0; i < n; i++) {
            if (HOOK_THREAD.equals(threads[i].getName()) && threads[i].isAlive()) {
                return true;
            }
        }
        return false;
    }
}
