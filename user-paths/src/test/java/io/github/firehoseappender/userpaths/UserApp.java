package io.github.firehoseappender.userpaths;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One user application as the child JVM sees it: its own classes ({@code target/user-apps/<name>}, compiled alone),
 * the dependencies a user of that framework has ({@code target/user-classpaths/<name>.txt}, written by
 * maven-dependency-plugin from the published jars), and the name its config file must have.
 */
enum UserApp {
    LOGBACK("logback", "logback", "example.logback.LogbackApp", "logback.xml", "firehose-appender-logback-",
            List.of("firehose-appender-log4j2-", "log4j-core-", "spring-")),
    LOG4J2("log4j2", "log4j2", "example.log4j2.Log4j2App", "log4j2.xml", "firehose-appender-log4j2-",
            List.of("firehose-appender-logback-", "logback-", "spring-")),
    /** Spring Boot's default logging: Logback, through spring-boot-starter-logging. */
    SPRING_BOOT("spring-boot", "spring-boot", "example.springboot.SpringBootApp", "logback-spring.xml",
            "firehose-appender-logback-", List.of("firehose-appender-log4j2-", "log4j-core-")),
    /** The same app on Log4j2: spring-boot-starter-log4j2 instead of spring-boot-starter-logging. */
    SPRING_BOOT_LOG4J2("spring-boot", "spring-boot-log4j2", "example.springboot.SpringBootApp", "log4j2-spring.xml",
            "firehose-appender-log4j2-", List.of("firehose-appender-logback-", "logback-", "log4j-to-slf4j-"));

    /** Jars of the parent JVM that must never reach a child. */
    static final List<String> TEST_TOOLING = List.of("junit-", "firehose-local-", "firehose-appender-testkit-",
            "assertj-", "jackson-databind-");

    final String classesDirectory;
    final String classpathName;
    final String mainClass;
    final String configName;
    final String appenderJar;
    final List<String> foreignJars;

    UserApp(String classesDirectory, String classpathName, String mainClass, String configName, String appenderJar,
            List<String> foreignJars) {
        this.classesDirectory = classesDirectory;
        this.classpathName = classpathName;
        this.mainClass = mainClass;
        this.configName = configName;
        this.appenderJar = appenderJar;
        this.foreignJars = foreignJars;
    }

    /** The app's compiled classes. */
    Path classes() {
        return Path.of(required("user-paths.apps")).resolve(classesDirectory);
    }

    /** The published appender jar and everything a user's build would put beside it, in Maven's order. */
    List<String> dependencies() {
        Path file = Path.of(required("user-paths.classpaths")).resolve(classpathName + ".txt");
        try {
            List<String> entries = new ArrayList<>();
            for (String entry : Files.readString(file).trim().split(java.io.File.pathSeparator)) {
                if (!entry.isBlank()) {
                    entries.add(entry);
                }
            }
            return entries;
        } catch (IOException e) {
            throw new UncheckedIOException("no child classpath at " + file + "; build with mvn -pl user-paths -am verify", e);
        }
    }

    /** Problems with {@link #dependencies()}: the appender jar missing, another framework's or test tooling present. */
    List<String> classpathProblems() {
        List<String> problems = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (String entry : dependencies()) {
            names.add(Path.of(entry).getFileName().toString());
        }
        if (names.stream().noneMatch(n -> n.startsWith(appenderJar) && n.endsWith(".jar"))) {
            problems.add(this + ": no packaged " + appenderJar + "*.jar in " + names);
        }
        List<String> forbidden = new ArrayList<>(foreignJars);
        forbidden.addAll(TEST_TOOLING);
        for (String name : names) {
            for (String prefix : forbidden) {
                if (name.startsWith(prefix)) {
                    problems.add(this + ": " + name + " has no place on this user's classpath");
                }
            }
        }
        return problems;
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null) {
            throw new IllegalStateException("system property " + property + " unset; run through Maven (surefire sets it)");
        }
        return value;
    }
}
