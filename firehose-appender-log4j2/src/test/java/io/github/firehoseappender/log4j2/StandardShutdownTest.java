package io.github.firehoseappender.log4j2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.firehoseappender.testkit.LocalFirehoseServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Log4j2's standard ways to stop logging hand the appender a small timeout (or none); the appender's own
 * {@code shutdownTimeout} bounds the wait, so what is buffered is delivered. In a child JVM: the context selector and
 * the shutdown hook are JVM-global, and only a fresh JVM shows what a user's application does.
 */
@Timeout(180)
class StandardShutdownTest {
    private static final String STREAM = "app-logs";
    private static final int EVENTS = 20_000;
    private static final int THREADS = 4;
    private static final Pattern ORDER = Pattern.compile("\"message\":\"order (\\d+) placed\"");

    @RegisterExtension
    final LocalFirehoseServer local = new LocalFirehoseServer(STREAM);
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"LogManager.shutdown", "Configurator.shutdown", "LoggerContext.stop", "exit"})
    void everyStandardShutdownDeliversEveryBufferedEvent(String stopBy) throws Exception {
        Path stderr = runChild(stopBy, "", () -> { }, () -> { });
        assertEveryEventDelivered(stderr);
    }

    @Test
    void logManagerShutdownDeliversEverythingThroughAnOutageAndFailedEntries() throws Exception {
        // The retries' backoff capped at 1 s (default 20 s) and shutdownTimeout raised to 30 s (default 10 s): the
        // core's backoff keeps growing through partial successes, so with defaults the outage alone can use up 10 s.
        // What is tested: LogManager.shutdown() waits as long as the appender's shutdownTimeout says, not 50 ms.
        Path stderr = runChild("LogManager.shutdown", " maxBackoff=\"1 second\" shutdownTimeout=\"30 seconds\"",
                () -> local.faults().seed(11).failEntryRate(0.3).outage(true),
                () -> {
                    // The outage lasts 4 s from the first call it refuses, however long the child's SDK takes to
                    // start on a busy machine.
                    await().atMost(Duration.ofSeconds(60)).until(() -> local.faults().injected()
                            .get("outageAnswers") > 0);
                    local.faults().outageFor(Duration.ofSeconds(4)).outage(false);
                });
        assertEveryEventDelivered(stderr);
        Map<String, Long> injected = local.faults().injected();
        assertThat(injected.get("outageAnswers")).as("calls refused by the outage: %s", injected).isPositive();
        assertThat(injected.get("failedEntries")).as("entries failed: %s", injected).isPositive();
    }

    private void assertEveryEventDelivered(Path stderr) throws Exception {
        Set<Integer> orders = new HashSet<>();
        for (String line : local.lines(STREAM)) {
            Matcher m = ORDER.matcher(line);
            assertThat(m.find()).as("an application event: %s", line).isTrue();
            orders.add(Integer.parseInt(m.group(1)));
        }
        assertThat(orders).as("distinct events delivered; child stderr:%n%s", Files.readString(stderr))
                .hasSize(EVENTS);
        assertThat(Files.readString(stderr)).doesNotContain("timed out").doesNotContain("undelivered");
    }

    /**
     * Starts the child, injects faults once it is configured, lets it log and stop (running {@code whileLogging}
     * meanwhile); returns its stderr file.
     */
    private Path runChild(String stopBy, String attributes, Runnable beforeLogging, Runnable whileLogging)
            throws Exception {
        Path config = dir.resolve("log4j2.xml");
        // A buffer the 20,000-event burst fits in whatever each event's estimate: what is tested is the stop.
        Files.writeString(config, "<Configuration status=\"WARN\">\n"
                + "  <Appenders><Firehose name=\"FIREHOSE\" jmx=\"false\" bufferSize=\"64MiB\"" + attributes
                + "/></Appenders>\n"
                + "  <Loggers><Root level=\"INFO\"><AppenderRef ref=\"FIREHOSE\"/></Root></Loggers>\n"
                + "</Configuration>\n");
        Path stderr = dir.resolve("child.stderr");
        List<String> command = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx256m", "-Dlog4j2.configurationFile=" + config,
                "-Dslf4j.provider=org.apache.logging.slf4j.SLF4JServiceProvider",
                "-cp", System.getProperty("java.class.path"), StandardShutdownChild.class.getName(),
                String.valueOf(EVENTS), String.valueOf(THREADS), stopBy));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(stderr.toFile());
        Map<String, String> env = builder.environment();
        env.put("FIREHOSE_DELIVERY_STREAM", STREAM);
        env.put("FIREHOSE_ENDPOINT", local.endpoint().toString());
        env.put("FIREHOSE_REGION", "us-east-1");
        env.put("FIREHOSE_ROLE_ARN", "");
        env.put("AWS_ACCESS_KEY_ID", "test-key");
        env.put("AWS_SECRET_ACCESS_KEY", "test-secret");
        Process child = builder.start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8)); Writer in = new OutputStreamWriter(child.getOutputStream(),
                StandardCharsets.UTF_8)) {
            assertThat(out.readLine()).as("child configured; stderr in %s", stderr).isEqualTo("READY");
            beforeLogging.run();
            in.write("GO\n");
            in.flush();
            whileLogging.run();
            assertThat(child.waitFor(120, TimeUnit.SECONDS)).as("child exited").isTrue();
            assertThat(out.readLine()).isEqualTo("LOGGED " + EVENTS);
            assertThat(child.exitValue()).as("exit code; stderr:%n%s", Files.readString(stderr)).isZero();
        } finally {
            child.destroyForcibly();
        }
        return stderr;
    }
}
