package io.github.firehoseappender.examples.springboot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.firehoseappender.testkit.LocalFirehoseServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The repackaged example jar as a user runs it ({@code java -jar}, settings from the environment only) against
 * firehose-local on loopback: requests are logged and delivered, the meters and the health say so, and after SIGTERM
 * every line is in firehose-local, the one a bean logs while the application shuts down included.
 */
class OrdersApplicationJarTest {
    private static final String STREAM = "orders-logs";
    private static final Pattern PORT = Pattern.compile("Tomcat started on port (\\d+)");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final int REQUESTS = 25;

    @RegisterExtension
    final LocalFirehoseServer local = new LocalFirehoseServer(STREAM);
    @TempDir
    Path workDir;
    private Process app;

    @AfterEach
    void killIfStillRunning() throws InterruptedException {
        if (app != null && app.isAlive()) {
            app.destroyForcibly();
            app.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void everyRequestLineAndTheShutdownLineAreDeliveredAndMeteredThroughSigterm() throws Exception {
        app = start(Map.of("FIREHOSE_DELIVERY_STREAM", STREAM, "FIREHOSE_ENDPOINT", local.endpoint().toString(),
                "AWS_REGION", "us-east-1", "AWS_ACCESS_KEY_ID", "test-key", "AWS_SECRET_ACCESS_KEY", "test-secret"));
        String base = "http://127.0.0.1:" + awaitPort() + "";

        for (int i = 1; i <= REQUESTS; i++) {
            HttpResponse<String> response = get(base + "/orders/" + i);
            assertThat(response.statusCode()).isEqualTo(200);
        }
        await().atMost(Duration.ofSeconds(30)).until(() ->
                metric(base, "firehose.appender.events.delivered") >= REQUESTS);
        JsonNode health = JSON.readTree(get(base + "/actuator/health").body());
        assertThat(health.path("status").asText()).isEqualTo("UP");
        assertThat(health.path("components").path("firehose").path("status").asText()).isEqualTo("UP");
        assertThat(health.path("components").path("firehose").path("details").path("FIREHOSE").has("delivered"))
                .isTrue();
        assertThat(metric(base, "firehose.appender.events.dropped")).isZero();

        app.destroy(); // SIGTERM: Spring Boot's shutdown hook closes the context, then stops logging
        assertThat(app.waitFor(60, TimeUnit.SECONDS)).as("exited after SIGTERM" + transcript()).isTrue();

        List<String> messages = new ArrayList<>();
        for (JsonNode event : local.events(STREAM)) {
            assertThat(event.path("service").asText()).isEqualTo("orders");
            messages.add(event.path("message").asText());
        }
        for (int i = 1; i <= REQUESTS; i++) {
            assertThat(messages).as(transcript()).containsOnlyOnce("served order " + i);
        }
        assertThat(messages).anyMatch(m -> m.startsWith("Started OrdersApplication"))
                .contains("order queue drained at shutdown");
        assertThat(stderr()).noneMatch(line -> line.contains("[firehose-appender]"));
    }

    private Process start(Map<String, String> environment) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m", "-jar", System.getProperty("example.jar"),
                "--server.port=0", "--server.address=127.0.0.1")
                .directory(workDir.toFile())
                .redirectOutput(workDir.resolve("stdout.txt").toFile())
                .redirectError(workDir.resolve("stderr.txt").toFile());
        Map<String, String> env = builder.environment();
        String path = env.get("PATH");
        env.clear(); // nothing of the build machine's AWS_* or FIREHOSE_* leaks in
        if (path != null) {
            env.put("PATH", path);
        }
        env.putAll(environment);
        return builder.start();
    }

    private int awaitPort() {
        Matcher[] found = new Matcher[1];
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            assertThat(app.isAlive()).as("the application exited" + transcript()).isTrue();
            Matcher m = PORT.matcher(Files.readString(workDir.resolve("stdout.txt"), StandardCharsets.ISO_8859_1));
            found[0] = m;
            return m.find();
        });
        return Integer.parseInt(found[0].group(1));
    }

    private static double metric(String base, String name) throws IOException, InterruptedException {
        JsonNode body = JSON.readTree(get(base + "/actuator/metrics/" + name).body());
        return body.path("measurements").path(0).path("value").asDouble();
    }

    private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private List<String> stderr() {
        try {
            return Files.readAllLines(workDir.resolve("stderr.txt"), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String transcript() {
        try {
            return "\n--- stdout ---\n" + Files.readString(workDir.resolve("stdout.txt"), StandardCharsets.ISO_8859_1)
                    + "\n--- stderr ---\n" + String.join("\n", stderr());
        } catch (IOException e) {
            return "\n(no transcript: " + e + ")";
        }
    }
}
