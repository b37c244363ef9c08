package io.github.firehoseappender.core;

/**
 * Whether Spring Boot is shutting the application down at JVM exit. Its hook closes the application contexts first
 * (beans log while they are destroyed), then stops the logging system: an adapter's JVM hook that stopped the
 * appender beside it would refuse those last lines. Spring Boot's logging marker on the context is no help here:
 * it is removed when the context starts closing, before the beans log. Its hook thread's name is stable API-like
 * behaviour (it has been {@value #HOOK_THREAD} since Spring Boot 2.5) and needs no Spring class on our classpath.
 */
public final class SpringBootShutdown {
    static final String HOOK_THREAD = "SpringApplicationShutdownHook";

    private SpringBootShutdown() {
    }

    /** True while Spring Boot's shutdown hook thread is alive (asked from our own hook, at JVM exit). */
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
