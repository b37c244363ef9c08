package io.github.firehoseappender.userpaths;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One case of the matrix: which app, behind which config file (a resource under {@code user-configs/}), which
 * workload, how logging stops, and extra JVM flags a user would set.
 *
 * @param lossy the case overflows the buffer on purpose: drops are expected, and must be counted and shown on stderr
 * @param javaHome the JDK the child runs on (the build's own unless a case names another)
 */
record UserPath(String label, UserApp app, String configResource, String workload, Stop stop, List<String> jvmFlags,
                boolean lossy, Path javaHome) {

    /** How the application stops logging. */
    enum Stop {
        /** Logback {@code LoggerContext.stop()} / Log4j2 {@code LogManager.shutdown()}, then the appender's stats. */
        STOP("stop"),
        /** main returns; the JVM's shutdown hooks stop logging. */
        EXIT("exit"),
        /** The app waits after logging; the parent sends SIGTERM ({@code Process.destroy()} on Linux). */
        SIGTERM("sigterm"),
        /** Spring Boot: {@code context.close()}, then main returns. */
        CLOSE("close");

        final String argument;

        Stop(String argument) {
            this.argument = argument;
        }
    }

    static UserPath of(String label, UserApp app, String config, String workload, Stop stop) {
        return new UserPath(label, app, config, workload, stop, List.of(), false,
                Path.of(System.getProperty("java.home")));
    }

    UserPath withJvmFlag(String flag) {
        List<String> flags = new ArrayList<>(jvmFlags);
        flags.add(flag);
        return new UserPath(label, app, configResource, workload, stop, List.copyOf(flags), lossy, javaHome);
    }

    UserPath expectingDrops() {
        return new UserPath(label, app, configResource, workload, stop, jvmFlags, true, javaHome);
    }

    UserPath onJava(Path home) {
        return new UserPath(label, app, configResource, workload, stop, jvmFlags, lossy, home);
    }

    boolean logsOnShutdown() {
        return app == UserApp.SPRING_BOOT || app == UserApp.SPRING_BOOT_LOG4J2;
    }
}
