package io.github.firehoseappender.logback;

import ch.qos.logback.classic.LoggerContext;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A child JVM's application for {@link FrameworkShutdownTest}: Logback configured by the logback.xml the parent
 * names in {@code logback.configurationFile}; it logs, returns from main, and logs again from its own shutdown hook
 * while the JVM exits, as an application closing its resources (or Spring's shutdown phase) does.
 *
 * <p>With the argument {@code spring-boot} it does what Spring Boot's logging system does instead of Logback's
 * {@code <shutdownHook/>}: marks the context as initialised by Spring Boot, and stops it from its shutdown hook once
 * the application has closed.
 */
public final class ExitingApp {
    private ExitingApp() {
    }

    public static void main(String[] args) {
        Logger log = LoggerFactory.getLogger("app");
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        boolean springBoot = args.length > 0 && args[0].equals("spring-boot");
        if (springBoot) {
            context.putObject(FirehoseAppender.SPRING_BOOT_LOGGING_SYSTEM, new Object());
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("shutdown begins");
            // The application's own shutdown work (closing pools, draining requests) takes a while.
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(300));
            log.info("shutdown ends");
            if (springBoot) {
                context.stop(); // Spring Boot's logging shutdown handler, after the application context closed
            }
        }, "app-shutdown"));
        log.info("main done");
    }
}
