package io.github.firehoseappender.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.firehoseappender.core.FlushResult;
import io.github.firehoseappender.core.stats.DeliveryStats;
import io.github.firehoseappender.core.stats.DropCause;
import io.github.firehoseappender.local.FirehoseLocal;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

/** Issue 5, scenarios 5 and 6: what is wrong at start is reported and healed; shutdown delivers what it holds. */
public abstract class StartupAndShutdownScenarios extends ScenarioFixture {
    private static final String ROLE = "arn:aws:iam::123456789012:role/log-producer";

    protected StartupAndShutdownScenarios(FrameworkUnderTest framework) {
        super(framework);
    }

    /** Options for a scenario that starts broken: a short slow-retry pause so healing shows within the test. */
    private Map<String, String> brokenStartOptions(String... extra) {
        Map<String, String> options = options("nonRetryableBackoff", "300 ms", "initialBackoff", "50 ms",
                "maxBackoff", "300 ms", "maxBatchDelay", "100 ms");
        for (int i = 0; i < extra.length; i += 2) {
            options.put(extra[i], extra[i + 1]);
        }
        return options;
    }

    /**
     * Logs while broken until the appender's last error says {@code expected}, heals, then checks that every event
     * arrives; writes the figures. The application's own logging call never throws and never waits.
     */
    private void brokenThenHealed(String scenario, String title, String stream, List<String> expected,
                                  Runnable heal) {
        for (int i = 0; i < 100; i++) {
            info("app", "while broken {}", i);
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(driver.stats().lastError())
                .as("status says what is wrong").contains(expected));
        String reported = driver.stats().lastError();
        List<String> errors = driver.statusProblems();
        long healedAt = System.nanoTime();
        heal.run();
        assertThat(driver.flush(Duration.ofSeconds(30)).isCompleted()).as("delivery began once fixed").isTrue();
        long recovered = System.nanoTime();
        DeliveryStats stats = driver.stats();
        List<JsonNode> lines = deliveredJson(stream);
        assertThat(lines).hasSize(100);
        assertAccounted(stats, lines, stream);
        figures(5, scenario, title).stats(stats).duplicatesObserved(duplicateEvents(lines))
                .recoveryMillis(TimeUnit.NANOSECONDS.toMillis(recovered - healedAt))
                .note("status", reported.length() > 160 ? reported.substring(0, 160) + "..." : reported)
                .note("statusProblems", errors.size())
                .write();
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void wrongStreamIsReportedAndDeliveryBeginsOnceTheStreamIsCreated() {
        configure(brokenStartOptions("deliveryStream", "late-stream"));
        brokenThenHealed("5a-wrong-stream", "Stream missing at start, created later", "late-stream",
                List.of("late-stream not found", "create the stream or fix deliveryStream=late-stream"), () -> {
                    try (FirehoseClient admin = FirehoseClient.builder().endpointOverride(local.endpoint())
                            .region(Region.US_EAST_1).httpClient(UrlConnectionHttpClient.create())
                            .credentialsProvider(StaticCredentialsProvider.create(
                                    AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY))).build()) {
                        admin.createDeliveryStream(b -> b.deliveryStreamName("late-stream"));
                    }
                });
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void accessDeniedIsReportedWithThePermissionNeededAndDeliveryBeginsOncePolicyAllows() {
        local.faults().failCallRate(1.0, 403);
        configure(brokenStartOptions());
        brokenThenHealed("5b-access-denied", "Access denied (HTTP 403) at start, policy fixed later", STREAM,
                List.of("access denied", "AccessDeniedException", "firehose:PutRecordBatch"),
                () -> local.faults().reset());
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void refusedCredentialsAreReportedAndDeliveryBeginsOnceValidKeysAreProvided() {
        restartLocal(FirehoseLocal.builder().credentials(ACCESS_KEY, SECRET_KEY));
        System.setProperty("aws.accessKeyId", "AKIAREVOKEDKEY");
        configure(brokenStartOptions());
        brokenThenHealed("5c-refused-credentials", "Unknown access key at start, valid key provided later", STREAM,
                List.of("UnrecognizedClientException"), () -> System.setProperty("aws.accessKeyId", ACCESS_KEY));
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void expiredSessionCredentialsAreReportedAndDeliveryBeginsOnceRefreshed() {
        restartLocal(FirehoseLocal.builder().credentials(ACCESS_KEY, SECRET_KEY).role(ROLE)
                .minimumSessionDuration(Duration.ofSeconds(1)));
        Credentials expired = assumeRole(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> Instant.now().isAfter(expired.expiration().plusMillis(500)));
        useSessionCredentials(expired);
        configure(brokenStartOptions());
        brokenThenHealed("5d-expired-credentials", "Expired session token at start, refreshed later", STREAM,
                List.of("ExpiredTokenException"), () -> useSessionCredentials(assumeRole(900)));
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void stsUnreachableAtStartIsReportedAndDeliveryBeginsOnceStsIsBack() {
        restartLocal(FirehoseLocal.builder().credentials(ACCESS_KEY, SECRET_KEY).role(ROLE));
        try (TcpGate sts = new TcpGate(local.port())) {
            configure(brokenStartOptions("roleArn", ROLE, "stsEndpoint", "http://127.0.0.1:" + sts.port()));
            brokenThenHealed("5e-sts-unreachable", "STS unreachable at start, back later", STREAM,
                    List.of("STS", "127.0.0.1:" + sts.port()), sts::open);
            assertThat(local.sessionsIssued()).isPositive();
        }
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void stsUnreachableStatusNamesStsAndItsEndpoint() {
        restartLocal(FirehoseLocal.builder().credentials(ACCESS_KEY, SECRET_KEY).role(ROLE));
        try (TcpGate sts = new TcpGate(local.port())) {
            configure(brokenStartOptions("roleArn", ROLE, "stsEndpoint", "http://127.0.0.1:" + sts.port()));
            info("app", "while STS is unreachable");
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(driver.stats().lastError())
                    .contains("STS").contains("127.0.0.1:" + sts.port()).doesNotContain("connect to Firehose"));
        }
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void stopWithEventsBufferedAndCallsInFlightReturnsWithinItsTimeoutAndCountsWhatItCouldNotSend() {
        local.faults().latency(Duration.ofMillis(200));
        // 30 calls of 100 records at 200 ms each need ~6 s; stop has 2 s: some delivered, the rest counted.
        configure(options("aggregation", "false", "maxBatchRecords", "100", "maxBatchDelay", "1 minute",
                "shutdownTimeout", "2 s"));
        Supplier<DeliveryStats> stats = framework.pinnedStats(driver);
        for (int i = 0; i < 3_000; i++) {
            info("app", "before stop {}", i);
        }
        long start = System.nanoTime();
        driver.stop();
        long stopMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        await().atMost(Duration.ofSeconds(10)).until(() -> appenderThreads().isEmpty());
        DeliveryStats after = stats.get();
        List<JsonNode> lines = deliveredJson();
        assertAccounted(after, lines);
        assertThat(after.delivered()).as("calls in flight and buffered events went out until the deadline")
                .isPositive();
        assertThat(after.dropped()).isEqualTo(after.dropped(DropCause.STOPPED));
        // The sender never abandons a call mid-HTTP: the deadline plus at most one call's latency and the hand-over.
        assertThat(stopMillis).as("stop returns within shutdownTimeout").isLessThan(2_000 + 1_000);
        figures(6, "6a-stop", "stop() with 3,000 events buffered, calls in flight (200 ms latency), "
                + "shutdownTimeout=2 s")
                .stats(after).duplicatesObserved(duplicateEvents(lines))
                .note("stopMillis", stopMillis).write();
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void childJvmEndedWithSigtermDeliversThroughTheShutdownHook() throws Exception {
        local.faults().latency(Duration.ofMillis(100));
        int count = 2_000;
        Path log = Paths.get(System.getProperty("reliability.out", "target/reliability"))
                .resolve("child-" + framework.name() + ".stderr");
        Files.createDirectories(log.getParent());
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        command.addAll(framework.childJvmOptions());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(framework.childMain().getName());
        command.add(local.endpoint().toString());
        command.add(STREAM);
        command.add(String.valueOf(count));
        Process child = new ProcessBuilder(command).redirectError(log.toFile()).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8));
            String ready = CompletableFuture.supplyAsync(() -> readLine(out)).get(60, TimeUnit.SECONDS);
            assertThat(ready).as("child said READY; stderr in %s", log).startsWith("READY");
            long start = System.nanoTime();
            child.destroy(); // SIGTERM on Linux
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("child exited after SIGTERM").isTrue();
            long exitMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            List<JsonNode> lines = deliveredJson();
            assertThat(lines).as("all delivered through the shutdown hook; child stderr in %s", log)
                    .hasSize(count);
            figures(6, "6b-sigterm", "Child JVM, 2,000 events buffered/in flight (100 ms latency), SIGTERM")
                    .note("appended", count).note("deliveredAtFirehose", lines.size())
                    .note("duplicatesObserved", duplicateEvents(lines)).note("readyLine", ready)
                    .note("exitMillis", exitMillis).note("exitCode", child.exitValue()).write();
        } finally {
            child.destroyForcibly();
            child.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void lambdaStyleFlushBeforeReturnDeliversEverythingOfThatInvocation() {
        local.faults().latency(Duration.ofMillis(50));
        configure(options("maxBatchDelay", "1 minute"));
        long maxFlushMillis = 0;
        for (int invocation = 0; invocation < 5; invocation++) {
            for (int i = 0; i < 200; i++) {
                info("handler", "invocation {} event {}", invocation, i);
            }
            long start = System.nanoTime();
            FlushResult result = driver.flush(Duration.ofSeconds(10));
            maxFlushMillis = Math.max(maxFlushMillis, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
            assertThat(result.isCompleted()).isTrue();
            // Right when flush returns (the handler would return now, and the runtime freeze the JVM).
            assertThat(local.lines(STREAM)).hasSize((invocation + 1) * 200);
        }
        DeliveryStats stats = driver.stats();
        List<JsonNode> lines = deliveredJson();
        assertAccounted(stats, lines);
        figures(6, "6c-lambda-flush", "Lambda style: 5 invocations x 200 events, flush before return "
                + "(50 ms latency)")
                .stats(stats).duplicatesObserved(duplicateEvents(lines))
                .note("maxFlushMillis", maxFlushMillis).write();
    }

    /** The child's READY (or FAILED) line, skipping whatever the framework printed before it. */
    private static String readLine(BufferedReader reader) {
        try {
            for (String line; (line = reader.readLine()) != null; ) {
                if (line.startsWith("READY") || line.startsWith("FAILED")) {
                    return line;
                }
            }
            return "child closed its output";
        } catch (IOException e) {
            return "read failed: " + e;
        }
    }

    private void restartLocal(FirehoseLocal.Builder builder) {
        local.close();
        local = builder.port(0).stream(STREAM).start();
    }

    private Credentials assumeRole(int seconds) {
        try (StsClient sts = StsClient.builder().endpointOverride(local.stsEndpoint()).region(Region.US_EAST_1)
                .httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY,
                        SECRET_KEY))).build()) {
            return sts.assumeRole(b -> b.roleArn(ROLE).roleSessionName("reliability").durationSeconds(seconds))
                    .credentials();
        }
    }

    private static void useSessionCredentials(Credentials session) {
        System.setProperty("aws.accessKeyId", session.accessKeyId());
        System.setProperty("aws.secretAccessKey", session.secretAccessKey());
        System.setProperty("aws.sessionToken", session.sessionToken());
    }
}
