package io.github.firehoseappender.userpaths;

import static io.github.firehoseappender.userpaths.UserApp.SPRING_BOOT;
import static io.github.firehoseappender.userpaths.UserApp.SPRING_BOOT_LOG4J2;
import static io.github.firehoseappender.userpaths.UserPath.Stop.CLOSE;
import static io.github.firehoseappender.userpaths.UserPath.Stop.SIGTERM;

import io.github.firehoseappender.testkit.LocalFirehoseServer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Spring Boot 3.5 application with its default logging (Logback, the README's snippet as logback-spring.xml) and
 * with spring-boot-starter-log4j2 (the snippet as log4j2-spring.xml); a bean logs 100 more ids while the context
 * closes, and those must be delivered too.
 */
class SpringBootUserPathsTest {
    @RegisterExtension
    final LocalFirehoseServer local = new LocalFirehoseServer(UserPathRun.STREAM);
    @TempDir
    Path workDir;

    @Test
    void steadyRateAndShutdownLinesAreDeliveredWhenTheContextCloses() throws InterruptedException {
        UserPathRun.run(UserPath.of("Spring Boot (Logback) · context.close() then exit · steady", SPRING_BOOT,
                "spring-boot-logback-spring.xml", "steady", CLOSE), local, workDir);
    }

    @Test
    void steadyRateAndShutdownLinesAreDeliveredOnSigterm() throws InterruptedException {
        UserPathRun.run(UserPath.of("Spring Boot (Logback) · SIGTERM · steady", SPRING_BOOT,
                "spring-boot-logback-spring.xml", "steady", SIGTERM), local, workDir);
    }

    @Test
    void onLog4j2SteadyRateAndShutdownLinesAreDeliveredWhenTheContextCloses() throws InterruptedException {
        UserPathRun.run(UserPath.of("Spring Boot (Log4j2) · context.close() then exit · steady", SPRING_BOOT_LOG4J2,
                "spring-boot-log4j2-spring.xml", "steady", CLOSE), local, workDir);
    }

    @Test
    void onLog4j2SteadyRateAndShutdownLinesAreDeliveredOnSigterm() throws InterruptedException {
        UserPathRun.run(UserPath.of("Spring Boot (Log4j2) · SIGTERM · steady", SPRING_BOOT_LOG4J2,
                "spring-boot-log4j2-spring.xml", "steady", SIGTERM), local, workDir);
    }
}
