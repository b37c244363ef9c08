package io.github.firehoseappender.userpaths;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One case of the matrix: which app, behind which config file (a resource under {@code user-configs/}), which
 * workload, how logging stops, and extra JVM flags and environment variables a user would set.
 *
 * @param lossy the case overflows the buffer on purpose: drops are expected, and must be counted and shown on stderr
 * @param javaHome the JDK the child runs on (the build's own unless a case names another)
 */
record UserPath(String label, UserApp app, String configResource, String workload, Stop stop, List<String> jvmFlags,
                Map<String, String> environment, boolean lossy, Path javaHome) {

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
        return new UserPath(label, app, config, workload, stop, List.of(), Map.of(), false,
                Path.of(System.getProperty("java.home")));
    }

    UserPath withJvmFlag(String flag) {
        List<String> flags = new ArrayList<>(jvmFlags);
        flags.add(flag);
        return new UserPath(label, app, configResource, workload, stop, List.copyOf(flags), environment, lossy,
                javaHome);
    }

    /** One more variable in the child's environment (beside the stream, endpoint, region and keys every case has). */
    UserPath withEnvironment(String name, String value) {
        Map<String, String> variables = new LinkedHashMap<>(environment);
        variables.put(name, value);
        return new UserPath(label, app, configResource, workload, stop, jvmFlags, Map.copyOf(variables), lossy,
                javaHome);
    }

    UserPath expectingDrops() {
        return new UserPath(label, app, configResource, workload, stop, jvmFlags, environment, true, javaHome);
    }

    UserPath onJava(Path home) {
        return new UserPath(label, app, configResource, workload, stop, jvmFlags, environment, lossy, home);
    }

    boolean logsOnShutdown() {
        return app == UserApp.SPRING_BOOT || app == UserApp.SPRING_BOOT_LOG4J2;
    }
}
