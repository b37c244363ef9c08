package io.github.firehoseappender.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The AWS CLI (v1 or v2), a second independent client, where it is on PATH; skipped elsewhere. */
class AwsCliTest {
    private static final String CLI_ACCESS_KEY_ID = "AKIDAWSCLI";
    private static Path aws;
    private static boolean cliV2;

    @TempDir
    Path home;

    @BeforeAll
    static void findAwsCli() throws Exception {
        aws = onPath("aws");
        assumeTrue(aws != null, "aws CLI not on PATH");
        // v1 prints its version on stderr, v2 on stdout: read both.
        Result version = run(null, aws.toString(), "--version");
        assumeTrue(version.exitCode == 0 && version.output.startsWith("aws-cli/"), "aws --version: " + version.output);
        cliV2 = version.output.startsWith("aws-cli/2");
    }

    @Test
    void putRecordBatchFromTheCliLandsInTheStream() throws Exception {
        try (FirehoseLocal local = FirehoseLocal.builder().stream("logs").start()) {
            List<String> args = cli(local, "firehose", "put-record-batch", "--delivery-stream-name", "logs",
                    "--records", "[{\"Data\":\"{\\\"a\\\":1}\\n\"},{\"Data\":\"{\\\"a\\\":2}\\n\"}]");
            if (cliV2) {
                args.addAll(Arrays.asList("--cli-binary-format", "raw-in-base64-out"));   // v2 otherwise expects base64
            }

            Result result = run(home, args.toArray(new String[0]));

            assertEquals(0, result.exitCode, result.output);
            JsonNode answer = new ObjectMapper().readTree(result.output);
            assertEquals(0, answer.get("FailedPutCount").asInt());
            assertEquals(2, answer.get("RequestResponses").size());
            assertEquals(List.of("{\"a\":1}", "{\"a\":2}"), local.lines("logs"));
            assertEquals(CLI_ACCESS_KEY_ID, local.calls("logs").get(0).accessKeyId());
        }
    }

    @Test
    void putRecordBatchOverHttpsFromTheCliTrustingTheCertificate() throws Exception {
        LoopbackCertificate certificate = LoopbackCertificate.create(home.resolve("tls"));
        try (FirehoseLocal local = FirehoseLocal.builder().stream("logs")
                .tlsKeystore(certificate.keystore(), certificate.password()).start()) {
            List<String> args = cli(local, "--ca-bundle", certificate.certificatePem().toString(), "firehose", "put-record-batch",
                    "--delivery-stream-name", "logs", "--records", "[{\"Data\":\"{\\\"tls\\\":1}\\n\"}]");
            if (cliV2) {
                args.addAll(Arrays.asList("--cli-binary-format", "raw-in-base64-out"));
            }

            Result result = run(home, args.toArray(new String[0]));

            assertEquals(0, result.exitCode, result.output);
            assertEquals(0, new ObjectMapper().readTree(result.output).get("FailedPutCount").asInt());
            assertEquals(List.of("{\"tls\":1}"), local.lines("logs"));
        }
    }

    @Test
    void unknownStreamFailsTheCliWithResourceNotFound() throws Exception {
        try (FirehoseLocal local = FirehoseLocal.builder().stream("logs").start()) {
            Result result = run(home, cli(local, "firehose", "describe-delivery-stream",
                    "--delivery-stream-name", "missing").toArray(new String[0]));

            assertNotEquals(0, result.exitCode);
            assertTrue(result.output.contains("ResourceNotFoundException"), result.output);
            assertTrue(result.output.contains("Firehose missing under account 123456789012 not found."), result.output);
        }
    }

    @Test
    void createDescribeListAndPutRecordFromTheCli() throws Exception {
        try (FirehoseLocal local = FirehoseLocal.builder().start()) {
            Result created = run(home, cli(local, "firehose", "create-delivery-stream", "--delivery-stream-name", "audit",
                    "--extended-s3-destination-configuration",
                    "RoleARN=arn:aws:iam::123456789012:role/firehose,BucketARN=arn:aws:s3:::logs,Prefix=audit/,"
                            + "BufferingHints={SizeInMBs=1,IntervalInSeconds=60},CompressionFormat=GZIP").toArray(new String[0]));
            Result described = run(home, cli(local, "firehose", "describe-delivery-stream", "--delivery-stream-name", "audit")
                    .toArray(new String[0]));
            Result listed = run(home, cli(local, "firehose", "list-delivery-streams").toArray(new String[0]));
            List<String> put = cli(local, "firehose", "put-record", "--delivery-stream-name", "audit", "--record",
                    "{\"Data\":\"{\\\"b\\\":1}\\n\"}");
            if (cliV2) {
                put.addAll(Arrays.asList("--cli-binary-format", "raw-in-base64-out"));
            }
            Result putRecord = run(home, put.toArray(new String[0]));

            assertEquals(0, created.exitCode, created.output);
            ObjectMapper json = new ObjectMapper();
            assertEquals("arn:aws:firehose:us-east-1:123456789012:deliverystream/audit",
                    json.readTree(created.output).get("DeliveryStreamARN").asText());
            JsonNode description = json.readTree(described.output).get("DeliveryStreamDescription");
            assertEquals("ACTIVE", description.get("DeliveryStreamStatus").asText());
            assertEquals("GZIP", description.get("Destinations").get(0).get("ExtendedS3DestinationDescription")
                    .get("CompressionFormat").asText());
            assertEquals("audit", json.readTree(listed.output).get("DeliveryStreamNames").get(0).asText());
            assertEquals(0, putRecord.exitCode, putRecord.output);
            assertTrue(json.readTree(putRecord.output).has("RecordId"), putRecord.output);
            assertEquals(List.of("{\"b\":1}"), local.lines("audit"));
        }
    }

    @Test
    void stsAssumeRoleFromTheCliGivesCredentialsTheRoleRestrictedStreamAccepts() throws Exception {
        String role = "arn:aws:iam::123456789012:role/log-producer";
        try (FirehoseLocal local = FirehoseLocal.builder().stream("logs").role(role).externalId("ext-1").start()) {
            Result assumed = run(home, cli(local, "sts", "assume-role", "--role-arn", role, "--role-session-name", "cli",
                    "--external-id", "ext-1").toArray(new String[0]));
            Result denied = run(home, cli(local, "sts", "assume-role", "--role-arn", role, "--role-session-name", "cli")
                    .toArray(new String[0]));

            assertEquals(0, assumed.exitCode, assumed.output);
            JsonNode credentials = new ObjectMapper().readTree(assumed.output).get("Credentials");
            assertTrue(credentials.get("AccessKeyId").asText().startsWith("ASIA"));
            assertNotEquals(0, denied.exitCode);
            assertTrue(denied.output.contains("AccessDenied"), denied.output);

            List<String> put = cli(local, "firehose", "put-record-batch", "--delivery-stream-name", "logs",
                    "--records", "[{\"Data\":\"{\\\"via\\\":\\\"cli-role\\\"}\\n\"}]");
            if (cliV2) {
                put.addAll(Arrays.asList("--cli-binary-format", "raw-in-base64-out"));
            }
            Result asUser = run(home, put.toArray(new String[0]));
            Result asRole = run(home, Map.of("AWS_ACCESS_KEY_ID", credentials.get("AccessKeyId").asText(),
                    "AWS_SECRET_ACCESS_KEY", credentials.get("SecretAccessKey").asText(),
                    "AWS_SESSION_TOKEN", credentials.get("SessionToken").asText()), put.toArray(new String[0]));

            assertNotEquals(0, asUser.exitCode);
            assertTrue(asUser.output.contains("UnrecognizedClientException"), asUser.output);
            assertEquals(0, asRole.exitCode, asRole.output);
            assertEquals(List.of("{\"via\":\"cli-role\"}"), local.lines("logs"));
            assertEquals("cli", local.calls("logs").get(0).roleSessionName());
        }
    }

    private static List<String> cli(FirehoseLocal local, String... args) {
        List<String> command = new ArrayList<>(List.of(aws.toString(), "--endpoint-url", local.endpoint().toString(),
                "--output", "json"));
        command.addAll(Arrays.asList(args));
        return command;
    }

    private static Path onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Paths.get(dir, name);
            if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    /** Runs a command time-boxed, stdout and stderr merged, with test credentials and no user config. */
    private static Result run(Path home, String... command) throws IOException, InterruptedException {
        return run(home, Map.of(), command);
    }

    private static Result run(Path home, Map<String, String> credentials, String... command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.put("AWS_ACCESS_KEY_ID", CLI_ACCESS_KEY_ID);
        env.put("AWS_SECRET_ACCESS_KEY", "local-test-secret");
        env.put("AWS_DEFAULT_REGION", "us-east-1");
        env.put("AWS_PAGER", "");
        if (home != null) {
            env.put("AWS_CONFIG_FILE", home.resolve("config").toString());
            env.put("AWS_SHARED_CREDENTIALS_FILE", home.resolve("credentials").toString());
        }
        env.remove("AWS_PROFILE");
        env.remove("AWS_SESSION_TOKEN");
        env.putAll(credentials);
        Path output = Files.createTempFile("aws-cli-", ".out");
        try {
            builder.redirectOutput(output.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            Process process = builder.start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("timed out: " + String.join(" ", command));
            }
            return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8).trim());
        } finally {
            Files.delete(output);
        }
    }

    private static final class Result {
        final int exitCode;
        final String output;

        Result(int exitCode, String output) {
            this.exitCode = exitCode;
            this.output = output;
        }
    }
}
