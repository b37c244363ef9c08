package io.github.firehoseappender.userpaths;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.firehoseappender.local.FirehoseLocal;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What a user who configured nothing but the README's snippet sees when the appender cannot deliver: no credentials,
 * a role the logging account does not trust, an endpoint nobody listens on, a stream variable that is not set. In
 * every framework's default setup the user must see one clear {@code [firehose-appender]} line on stderr within
 * seconds, while the application runs on undisturbed (it logs its workload and exits the way it was told).
 */
class FailureVisibilityTest {
    private static final String TRUSTED_ROLE = "arn:aws:iam::111122223333:role/central-logs-producer";
    private static final Duration SEEN_WITHIN = Duration.ofSeconds(20);
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path workDir;
    private FirehoseLocal local;

    @BeforeEach
    void startFirehose() {
        local = FirehoseLocal.builder().port(0).stream(UserPathRun.STREAM).role(TRUSTED_ROLE).start();
    }

    @AfterEach
    void stopFirehose() {
        local.close();
    }

    enum Failure {
        NO_CREDENTIALS("cannot deliver logs: no AWS credentials"),
        UNTRUSTED_ROLE("could not assume role arn:aws:iam::111122223333:role/someone-else"),
        NOBODY_LISTENING("cannot deliver logs: cannot connect to Firehose"),
        /** No region anywhere and no endpoint: found out on the sender's own thread, while Spring Boot configures. */
        NO_REGION("no AWS region for delivery stream"),
        STREAM_VARIABLE_UNSET("NOT STARTED");

        final String expected;

        Failure(String expected) {
            this.expected = expected;
        }
    }

    static Stream<Arguments> cases() {
        return Stream.of(UserApp.values())
                .flatMap(app -> Stream.of(Failure.values()).map(failure -> Arguments.of(app, failure)));
    }

    @ParameterizedTest(name = "{0} · {1}")
    @MethodSource("cases")
    void theUserSeesOneClearLineOnStderrWithinSecondsAndTheAppRunsOn(UserApp app, Failure failure)
            throws Exception {
        String config = failure == Failure.STREAM_VARIABLE_UNSET
                ? (app.configName.startsWith("logback") ? "logback-undefined-stream.xml" : "log4j2-undefined-stream.xml")
                : readmeConfig(app);
        UserPath path = UserPath.of(app + " " + failure, app, config, "steady", UserPath.Stop.SIGTERM);
        Path configDir = UserPathRun.writeConfig(path, workDir);
        long started = System.nanoTime();
        try (ChildJvm child = ChildJvm.start(UserPathRun.command(path, configDir), environment(failure), workDir)) {
            long deadline = started + SEEN_WITHIN.toNanos();
            while (ourLines(child).stream().noneMatch(l -> l.contains(failure.expected))) {
                assertThat(System.nanoTime() - deadline).as("no line with '" + failure.expected + "' on stderr within "
                        + SEEN_WITHIN.toSeconds() + " s" + child.transcript()).isNegative();
                Thread.sleep(50); // polling a file the child writes, with a deadline
            }
            // A figure for the notes, not an assertion: JVM start to the line, the JVM's own start-up included.
            System.out.printf("[failure-visibility] %s · %s: line on stderr %d ms after the JVM was started%n", app,
                    failure, (System.nanoTime() - started) / 1_000_000);
            child.awaitLine("AWAITING-SIGTERM", EXIT_TIMEOUT); // the app logged its whole workload undisturbed
            assertThat(ourLines(child).stream().filter(l -> !l.contains("LOST LOGS") && !l.contains("stop ")))
                    .as("one line says what is wrong, not a flood" + child.transcript()).hasSize(1);
            if (failure != Failure.STREAM_VARIABLE_UNSET) { // there Log4j2 adds its own "Null object returned" lines
                assertThat(child.stderr()).as("no status dump or stack trace beside our line" + child.transcript())
                        .noneMatch(l -> l.startsWith("\tat ") || l.contains("ERROR") || l.contains("Exception:"));
            }
            child.terminate();
            assertThat(child.awaitExit(EXIT_TIMEOUT)).as("exits on SIGTERM" + child.transcript()).isTrue();
            assertThat(child.exitCode()).as(child.transcript()).isEqualTo(143);
        }
    }

    private static String readmeConfig(UserApp app) {
        switch (app) {
            case LOGBACK: return "logback-root.xml";
            case LOG4J2: return "log4j2-root.xml";
            case SPRING_BOOT: return "spring-boot-logback-spring.xml";
            default: return "spring-boot-log4j2-spring.xml";
        }
    }

    private static List<String> ourLines(ChildJvm child) {
        return child.stderr().stream().filter(l -> l.startsWith("[firehose-appender]")).toList();
    }

    private Map<String, String> environment(Failure failure) throws IOException {
        Map<String, String> env = new HashMap<>();
        env.put("FIREHOSE_DELIVERY_STREAM", UserPathRun.STREAM);
        env.put("FIREHOSE_ENDPOINT", local.endpoint().toString());
        env.put("AWS_REGION", "us-east-1");
        env.put("AWS_ACCESS_KEY_ID", "test-key");
        env.put("AWS_SECRET_ACCESS_KEY", "test-secret");
        env.put("HOME", workDir.toString()); // no ~/.aws of the build machine
        env.put("AWS_EC2_METADATA_DISABLED", "true"); // no instance metadata lookups from the test machine
        switch (failure) {
            case NO_CREDENTIALS:
                env.remove("AWS_ACCESS_KEY_ID");
                env.remove("AWS_SECRET_ACCESS_KEY");
                break;
            case UNTRUSTED_ROLE:
                env.put("FIREHOSE_ROLE_ARN", "arn:aws:iam::111122223333:role/someone-else");
                env.put("FIREHOSE_STS_ENDPOINT", local.endpoint().toString());
                break;
            case NOBODY_LISTENING:
                env.put("FIREHOSE_ENDPOINT", "http://127.0.0.1:" + closedPort());
                break;
            case NO_REGION:
                env.remove("FIREHOSE_ENDPOINT"); // AWS itself, which the appender never reaches without a region
                env.remove("AWS_REGION");
                break;
            default:
                env.remove("FIREHOSE_DELIVERY_STREAM"); // the config names FIREHOSE_STREAM_NAME, unset too
                break;
        }
        return env;
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
