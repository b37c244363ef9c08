package io.github.firehoseappender.local;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.firehose.FirehoseClient;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FirehoseLocalMainTest {
    @TempDir
    Path dataDir;

    @Test
    void defaultsListenOn4573WithStreamLogsIntoData() throws Exception {
        FirehoseLocalMain.Options options = FirehoseLocalMain.parse(new String[0]);

        assertFalse(options.help);
        assertEquals(4573, options.port);
        assertEquals(Paths.get("data"), options.dataDir);
        assertEquals(List.of("logs"), options.streams());
        assertEquals(FirehoseLocal.DEFAULT_PREFIX, options.prefix);
        assertEquals(Duration.ofSeconds(300), options.bufferInterval);
        assertEquals(5L * 1024 * 1024, options.bufferSizeBytes);
        assertEquals("us-east-1", options.region);
        assertEquals("123456789012", options.accountId);
    }

    @Test
    void readsEveryFlagInBothForms() throws Exception {
        FirehoseLocalMain.Options options = FirehoseLocalMain.parse(new String[] {
            "--port", "0", "--data-dir=/tmp/x", "--stream", "logs", "--stream=audit", "--prefix", "p/!{timestamp:yyyy}/",
            "--buffer-interval", "0", "--buffer-size=64", "--region", "eu-west-1", "--account-id", "210987654321"});

        assertEquals(0, options.port);
        assertEquals(Paths.get("/tmp/x"), options.dataDir);
        assertEquals(List.of("logs", "audit"), options.streams());
        assertEquals("p/!{timestamp:yyyy}/", options.prefix);
        assertEquals(Duration.ZERO, options.bufferInterval);
        assertEquals(64L * 1024 * 1024, options.bufferSizeBytes);
        assertEquals("eu-west-1", options.region);
        assertEquals("210987654321", options.accountId);
    }

    @Test
    void readsTheIdentityDeliveryAndFaultFlags() throws Exception {
        FirehoseLocalMain.Options options = FirehoseLocalMain.parse(new String[] {
            "--role", StsClients.ROLE_ARN, "--role=arn:aws:iam::123456789012:role/other", "--external-id", "ext-1",
            "--user", "AKIDUSER:sec:ret", "--session-duration", "5", "--max-session-duration", "7200",
            "--error-prefix", "errors/!{firehose:error-output-type}/", "--compression", "GZIP", "--append-delimiter",
            "--fail-entry-rate", "0.1", "--fail-call-rate=0.05", "--fail-call-status", "500", "--drop-connection-rate", "0.01",
            "--latency", "250", "--outage-after", "60", "--outage-for", "120", "--byte-quota", "1MiB", "--fault-seed", "9"});

        assertEquals(List.of(StsClients.ROLE_ARN, "arn:aws:iam::123456789012:role/other"), options.roles);
        assertEquals("ext-1", options.externalId);
        assertEquals("sec:ret", options.users.get("AKIDUSER"));
        assertEquals(Duration.ofSeconds(5), options.sessionDuration);
        assertEquals(Duration.ofSeconds(7200), options.maxSessionDuration);
        assertEquals("errors/!{firehose:error-output-type}/", options.errorPrefix);
        assertEquals("GZIP", options.compression);
        assertTrue(options.appendDelimiter);
        assertEquals(0.1, options.failEntryRate);
        assertEquals(0.05, options.failCallRate);
        assertEquals(500, options.failCallStatus);
        assertEquals(0.01, options.dropConnectionRate);
        assertEquals(Duration.ofMillis(250), options.latency);
        assertEquals(Duration.ofSeconds(60), options.outageAfter);
        assertEquals(Duration.ofSeconds(120), options.outageFor);
        assertEquals(1024L * 1024, options.byteQuota);
        assertEquals(9L, options.faultSeed);

        FaultInjector faults = new FaultInjector();
        options.applyFaults(faults);
        assertEquals(0.1, faults.settings().get("failEntryRate"));
        assertEquals(1024L * 1024, faults.settings().get("byteQuotaPerSecond"));
        assertEquals(false, faults.settings().get("inOutageNow"));
        try (FirehoseLocal local = options.toBuilder().port(0).dataDir(null).start()) {
            assertEquals(2, local.roles().size());
            assertTrue(local.verifiesSignatures());
        }
    }

    @Test
    void badIdentityAndFaultFlagsAreNamed() {
        assertMessage("--role 'admin' is not an IAM role ARN (arn:aws:iam::ACCOUNT:role/NAME)", "--role", "admin");
        assertMessage("--user 'nosecret' must be ACCESS_KEY_ID:SECRET_ACCESS_KEY", "--user", "nosecret");
        assertMessage("--fail-entry-rate 1.5 is outside 0..1", "--fail-entry-rate", "1.5");
        assertMessage("--byte-quota '5MB' is not bytes per second (e.g. 1048576, 512KiB, 1MiB, 5MiB)", "--byte-quota", "5MB");
        assertMessage("--outage-after needs --outage-for SECONDS", "--outage-after", "5");
        assertMessage("--compression 'ZIP' is not UNCOMPRESSED or GZIP", "--compression", "ZIP");
        assertMessage("--append-delimiter takes no value", "--append-delimiter=yes");
        assertMessage("--tls-keystore needs --tls-keystore-password PASSWORD", "--tls-keystore", "server.p12");
        assertMessage("--tls-keystore-password needs --tls-keystore PATH", "--tls-keystore-password", "pw");
    }

    @Test
    void servesHttpsWithTheKeystoreItIsGiven(@TempDir Path certificateDir) throws Exception {
        LoopbackCertificate certificate = LoopbackCertificate.create(certificateDir);
        Process process = startMain("--port", "0", "--data-dir", dataDir.toString(), "--stream", "logs",
                "--tls-keystore", certificate.keystore().toString(), "--tls-keystore-password", certificate.password());
        try {
            URI endpoint = readEndpoint(process);
            assertEquals("https", endpoint.getScheme());
            try (FirehoseClient client = SdkClients.trusting(endpoint, certificate)) {
                client.putRecordBatch(b -> b.deliveryStreamName("logs").records(SdkClients.record("{\"tls\":true}\n")));
            }

            process.destroy();   // SIGTERM
            assertTrue(process.waitFor(30, TimeUnit.SECONDS), "main did not stop on SIGTERM");
        } finally {
            process.destroyForcibly();
        }
        try (Stream<Path> files = Files.walk(dataDir.resolve("logging"))) {
            List<Path> objects = files.filter(Files::isRegularFile).collect(Collectors.toList());
            assertEquals(1, objects.size(), objects.toString());
            assertEquals("{\"tls\":true}\n", Files.readString(objects.get(0)));
        }
    }

    @Test
    void runsWithARoleSoOnlyAssumedRoleSessionsMayPut() throws Exception {
        Process process = startMain("--port", "0", "--data-dir", dataDir.toString(), "--stream", "logs",
                "--role", StsClients.ROLE_ARN, "--external-id", "ext-1");
        try {
            URI endpoint = readEndpoint(process);
            try (software.amazon.awssdk.services.sts.StsClient sts = software.amazon.awssdk.services.sts.StsClient.builder()
                         .endpointOverride(endpoint).region(software.amazon.awssdk.regions.Region.US_EAST_1)
                         .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                                 software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("AKIDAPP", "app")))
                         .httpClientBuilder(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.builder()).build();
                 software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider role =
                         software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider.builder().stsClient(sts)
                                 .refreshRequest(b -> b.roleArn(StsClients.ROLE_ARN).roleSessionName("main-test").externalId("ext-1")).build();
                 FirehoseClient asRole = FirehoseClient.builder().endpointOverride(endpoint)
                         .region(software.amazon.awssdk.regions.Region.US_EAST_1).credentialsProvider(role)
                         .httpClientBuilder(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.builder()).build();
                 FirehoseClient asUser = SdkClients.client(endpoint, "AKIDAPP")) {
                asRole.putRecord(b -> b.deliveryStreamName("logs").record(SdkClients.record("{\"via\":\"role\"}\n")));
                software.amazon.awssdk.services.firehose.model.FirehoseException denied = assertThrows(
                        software.amazon.awssdk.services.firehose.model.FirehoseException.class,
                        () -> asUser.putRecord(b -> b.deliveryStreamName("logs").record(SdkClients.record("x\n"))));
                assertEquals("UnrecognizedClientException", denied.awsErrorDetails().errorCode());
            }
            process.destroy();
            assertTrue(process.waitFor(30, TimeUnit.SECONDS), "main did not stop on SIGTERM");
        } finally {
            process.destroyForcibly();
        }
        try (Stream<Path> files = Files.walk(dataDir.resolve("logging"))) {
            List<Path> objects = files.filter(Files::isRegularFile).collect(Collectors.toList());
            assertEquals(1, objects.size());
            assertEquals("{\"via\":\"role\"}\n", Files.readString(objects.get(0)));
        }
    }

    @Test
    void helpDocumentsEveryFlag() throws Exception {
        assertTrue(FirehoseLocalMain.parse(new String[] {"--help"}).help);
        assertTrue(FirehoseLocalMain.parse(new String[] {"-h"}).help);
        for (String flag : List.of("--port", "--data-dir", "--stream", "--prefix", "--buffer-interval", "--buffer-size",
                "--region", "--account-id", "--error-prefix", "--compression", "--append-delimiter", "--role", "--external-id",
                "--session-duration", "--max-session-duration", "--user", "--verify-signatures", "--fail-entry-rate",
                "--fail-call-rate", "--fail-call-status", "--drop-connection-rate", "--latency", "--outage-for", "--outage-after",
                "--byte-quota", "--quota-bytes-per-second", "--quota-records-per-second", "--quota-requests-per-second",
                "--quota-preset", "--fault-seed", "--tls-keystore", "--tls-keystore-password", "/_admin/faults", "--help")) {
            assertTrue(FirehoseLocalMain.usage().contains(flag), flag);
        }
    }

    @Test
    void badFlagsAreNamedInTheMessage() {
        assertMessage("unknown flag '--nope'", "--nope");
        assertMessage("--port needs a value", "--port");
        assertMessage("--port needs a value", "--port", "--stream", "logs");
        assertMessage("--port 'abc' is not a whole number", "--port", "abc");
        assertMessage("--port 70000 is outside 0..65535", "--port", "70000");
        assertMessage("--buffer-size 0 is outside 1..128", "--buffer-size", "0");
        assertMessage("--buffer-interval -1 is outside 0..900", "--buffer-interval", "-1");
        assertMessage("--account-id '42' must be 12 digits", "--account-id", "42");
        assertMessage("--stream 'a b' is not a Firehose stream name; use 1..64 of [a-zA-Z0-9_.-]", "--stream", "a b");
        assertTrue(assertThrows(FirehoseLocalMain.UsageException.class,
                () -> FirehoseLocalMain.parse(new String[] {"--prefix", "x/!{nope}/"})).getMessage().startsWith("--prefix: "));
    }

    @Test
    void badFlagExitsWithStatus2() throws Exception {
        Process process = startMain("--port", "nope");

        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "main did not exit");
        assertEquals(2, process.exitValue());
        String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(stderr.contains("--port 'nope' is not a whole number"), stderr);
    }

    @Test
    void sigtermDeliversBufferedDataThenExits() throws Exception {
        Process process = startMain("--port", "0", "--data-dir", dataDir.toString(), "--stream", "logs");
        try {
            URI endpoint = readEndpoint(process);
            try (FirehoseClient client = SdkClients.client(endpoint, SdkClients.ACCESS_KEY_ID)) {
                client.putRecord(b -> b.deliveryStreamName("logs").record(SdkClients.record("{\"bye\":true}\n")));
            }

            process.destroy();   // SIGTERM
            assertTrue(process.waitFor(30, TimeUnit.SECONDS), "main did not stop on SIGTERM");
        } finally {
            process.destroyForcibly();
        }
        List<Path> objects;
        try (Stream<Path> files = Files.walk(dataDir.resolve("logging"))) {
            objects = files.filter(Files::isRegularFile).collect(Collectors.toList());
        }
        assertEquals(1, objects.size(), objects.toString());
        assertEquals("{\"bye\":true}\n", Files.readString(objects.get(0)));
    }

    @Test
    void quotaFlagsSetEveryStreamsQuotaAndEachStreamsOwn() throws Exception {
        FirehoseLocalMain.Options options = FirehoseLocalMain.parse(new String[] {"--stream", "logs", "--stream", "audit",
                "--quota-requests-per-second", "10", "--quota-preset", "small", "--quota-bytes-per-second=audit=512KiB",
                "--quota-preset", "audit=large", "--quota-records-per-second", "audit=7"});

        FaultInjector faults = new FaultInjector();
        options.applyFaults(faults);

        assertEquals(Quota.of(1024L * 1024, 100_000, 10), faults.quotaOf("logs"));   // the preset, then the flag over it
        assertEquals(Quota.of(512L * 1024, 7, 2_000), faults.quotaOf("audit"));
    }

    @Test
    void badQuotaFlagsAreNamed() {
        assertMessage("--quota-records-per-second 'many' is not a whole number", "--quota-records-per-second", "many");
        assertMessage("--quota-bytes-per-second '5MB' is not bytes per second (e.g. 1048576, 512KiB, 1MiB, 5MiB)",
                "--quota-bytes-per-second", "5MB");
        assertMessage("--quota-requests-per-second -1 is outside 0..9223372036854775807", "--quota-requests-per-second", "-1");
        assertMessage("--quota-preset 'medium' is not large (5 MiB/s, 500000 records/s, 2000 requests/s) "
                + "or small (1 MiB/s, 100000 records/s, 1000 requests/s), optionally after STREAM=", "--quota-preset", "medium");
        assertMessage("--quota-requests-per-second: 'a b' is not a Firehose stream name; use 1..64 of [a-zA-Z0-9_.-]",
                "--quota-requests-per-second", "a b=3");
        assertMessage("a quota names stream 'audit', which no --stream creates; streams: [logs]",
                "--quota-preset", "audit=small");
    }

    private static void assertMessage(String expected, String... args) {
        FirehoseLocalMain.UsageException e = assertThrows(FirehoseLocalMain.UsageException.class,
                () -> FirehoseLocalMain.parse(args));
        assertEquals(expected, e.getMessage());
    }

    private static Process startMain(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), FirehoseLocalMain.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).start();
    }

    /** Reads the banner's first line, time-boxed, for the port the main bound. */
    private static URI readEndpoint(Process process) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line = CompletableFuture.supplyAsync(() -> {
            try {
                return out.readLine();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }).get(30, TimeUnit.SECONDS);
        Matcher matcher = Pattern.compile("listening on (https?://127\\.0\\.0\\.1:\\d+)").matcher(String.valueOf(line));
        assertTrue(matcher.find(), "banner: " + line);
        return URI.create(matcher.group(1));
    }
}
