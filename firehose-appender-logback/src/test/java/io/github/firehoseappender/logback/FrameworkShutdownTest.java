package io.github.firehoseappender.logback;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.firehoseappender.testkit.LocalFirehoseServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JVM exits while Logback's {@code <shutdownHook/>} or Spring Boot's logging system stops the context, in a child
 * JVM as a user runs it: the appender's own hook leaves the stop to the framework, so the lines logged while the JVM
 * exits are delivered too.
 */
@Timeout(90)
class FrameworkShutdownTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String STREAM = "app-logs";
    @RegisterExtension
    final LocalFirehoseServer local = new LocalFirehoseServer(STREAM);

    @Test
    void withLogbacksShutdownHookTheLinesLoggedWhileTheJvmExitsAreDelivered(@TempDir Path dir) throws Exception {
        String output = runExitingApp(dir, "  <shutdownHook><delay>2 seconds</delay></shutdownHook>\n");

        assertThat(messages(local.lines(STREAM))).as(output)
                .containsExactlyInAnyOrder("main done", "shutdown begins", "shutdown ends");
        assertThat(output).doesNotContain("Attempted to append to non started appender");
    }

    @Test
    void underSpringBootsLoggingSystemTheLinesLoggedWhileTheJvmExitsAreDelivered(@TempDir Path dir) throws Exception {
        String output = runExitingApp(dir, "", "spring-boot");

        assertThat(messages(local.lines(STREAM))).as(output)
                .containsExactlyInAnyOrder("main done", "shutdown begins", "shutdown ends");
        assertThat(output).doesNotContain("Attempted to append to non started appender");
    }

    /** Runs {@link ExitingApp} in a child JVM with a logback.xml holding our appender; returns its console output. */
    private String runExitingApp(Path dir, String shutdownHook, String... args) throws Exception {
        Path config = dir.resolve("logback.xml");
        Files.writeString(config, "<configuration>\n"
                + "  <statusListener class=\"ch.qos.logback.core.status.OnConsoleStatusListener\"/>\n"
                + shutdownHook
                + "  <appender name=\"FIREHOSE\" class=\"io.github.firehoseappender.logback.FirehoseAppender\">\n"
                + "    <deliveryStream>${stream}</deliveryStream>\n    <endpoint>${endpoint}</endpoint>\n"
                + "    <region>us-east-1</region>\n    <jmx>false</jmx>\n"
                + "    <maxBatchDelay>1 minute</maxBatchDelay>\n  </appender>\n"
                + "  <root level=\"INFO\"><appender-ref ref=\"FIREHOSE\"/></root>\n"
                + "</configuration>\n");
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", classpath, "-Dlogback.configurationFile=" + config, "-Dstream=" + STREAM,
                "-Dendpoint=" + local.endpoint(), "-Daws.accessKeyId=test-key", "-Daws.secretAccessKey=test-secret",
                ExitingApp.class.getName()));
        command.addAll(List.of(args));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).as(output).isTrue();
        assertThat(child.exitValue()).as(output).isZero();
        return output;
    }

    private static List<String> messages(List<String> lines) {
        return lines.stream().map(line -> {
            try {
                return JSON.readTree(line).get("message").asText();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).collect(Collectors.toList());
    }
}
