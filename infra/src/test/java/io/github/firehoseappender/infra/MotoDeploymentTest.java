package io.github.firehoseappender.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Deploys the logging-account template into moto's CloudFormation, twice in one account (two stack names), and
 * checks what moto can model: the stack completes, the outputs resolve, the IAM roles carry the evaluated trust and
 * inline policies, the bucket and log group exist with their settings.
 *
 * <p>moto 5.2.1's CloudFormation has no model for the types in {@link #MOTO_UNMODELLED}. Each such resource is
 * replaced by an SQS queue stand-in (moto models it, with a {@code Ref} and an {@code Arn}), so references to it
 * still resolve through the real template's intrinsics; cfn-lint and {@link LoggingAccountRulesTest} check those
 * resources instead. infra/README.md lists them.
 */
class MotoDeploymentTest {
    static final Set<String> MOTO_UNMODELLED = Set.of(
            "AWS::KinesisFirehose::DeliveryStream", "AWS::Glue::Database", "AWS::Glue::Table", "AWS::Glue::Crawler",
            "AWS::Athena::WorkGroup", "AWS::Athena::NamedQuery", "AWS::CloudWatch::Alarm", "AWS::SNS::Subscription",
            "AWS::Logs::LogStream", "AWS::S3::BucketPolicy");
    private static final Duration START_DEADLINE = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path work;

    private static Process moto;
    private static final StringBuffer motoOutput = new StringBuffer();
    private static String endpoint;
    private static JsonNode crossAccount;
    private static JsonNode sameAccount;

    @BeforeAll
    static void deployTwoStacks() throws Exception {
        Path motoServer = ExternalCommand.onPath("moto_server").orElse(null);
        Assumptions.assumeTrue(motoServer != null,
                "moto_server not on PATH: skipping the moto deployment (python3 -m pip install 'moto[server]==5.2.1')");
        Path python = ExternalCommand.onPath("python3").orElse(null);
        Assumptions.assumeTrue(python != null
                        && ExternalCommand.run(List.of(python.toString(), "-c", "import boto3"), Duration.ofSeconds(30), Map.of()).exitCode == 0,
                "python3 with boto3 not found: skipping the moto deployment (python3 -m pip install boto3)");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        endpoint = "http://127.0.0.1:" + port;
        moto = new ProcessBuilder(motoServer.toString(), "-H", "127.0.0.1", "-p", String.valueOf(port))
                .redirectErrorStream(true).start();
        awaitListening(moto.getInputStream());

        Path template = work.resolve("logging-account-for-moto.json");
        Files.writeString(template, JSON.writeValueAsString(withStandIns(CloudFormationTemplate.loggingAccount().root())));
        Path script = work.resolve("moto_deploy.py");
        try (InputStream in = MotoDeploymentTest.class.getResourceAsStream("/moto_deploy.py")) {
            Files.copy(in, script);
        }
        crossAccount = deploy(python, script, template, "logs-a", Map.of(
                "ApplicationAccounts", "111111111111,222222222222", "ExternalId", "ext-42",
                "EnableCrawler", "true", "AlarmEmail", "ops@example.com", "LogsLifeCycle", "90",
                "PromotedMdcKeys", "request_id,tenant"));
        sameAccount = deploy(python, script, template, "logs-b", Map.of());
    }

    @AfterAll
    static void stopMoto() throws InterruptedException {
        if (moto != null) {
            moto.descendants().forEach(ProcessHandle::destroy);
            moto.destroy();
            if (!moto.waitFor(10, TimeUnit.SECONDS)) {
                moto.destroyForcibly();
            }
        }
    }

    @Test
    void bothStacksCompleteInOneAccount() {
        for (JsonNode stack : List.of(crossAccount, sameAccount)) {
            assertEquals("CREATE_COMPLETE", stack.path("status").asText(), stack.toString());
        }
    }

    @Test
    void everyResourceIsCreatedWithARealOrStandInType() {
        CloudFormationTemplate template = CloudFormationTemplate.loggingAccount();
        Iterator<Map.Entry<String, JsonNode>> resources = template.root().path("Resources").fields();
        while (resources.hasNext()) {
            Map.Entry<String, JsonNode> resource = resources.next();
            JsonNode created = crossAccount.path("resources").path(resource.getKey());
            assertEquals("CREATE_COMPLETE", created.path("status").asText(), resource.getKey() + ": " + created);
            assertFalse(created.path("physical").asText().isEmpty(), resource.getKey());
            String type = resource.getValue().path("Type").asText();
            assertEquals(MOTO_UNMODELLED.contains(type) ? "AWS::SQS::Queue" : type, created.path("type").asText(), resource.getKey());
        }
    }

    @Test
    void outputsResolveToConcreteValues() {
        Set<String> declared = new HashSet<>();
        CloudFormationTemplate.loggingAccount().root().path("Outputs").fieldNames().forEachRemaining(declared::add);
        for (JsonNode stack : List.of(crossAccount, sameAccount)) {
            JsonNode outputs = stack.path("outputs");
            Set<String> resolved = new HashSet<>();
            outputs.fieldNames().forEachRemaining(resolved::add);
            assertEquals(declared, resolved);
            outputs.fields().forEachRemaining(o -> {
                String value = o.getValue().asText();
                assertFalse(value.isEmpty() || value.contains("${") || value.contains("Fn::") || value.equals("None"), o.toString());
            });
        }
        assertTrue(crossAccount.at("/outputs/ApplicationAccountRoleArn").asText().matches("arn:aws:iam::123456789012:role/logs-a-.+"));
        assertEquals("us-east-1", crossAccount.at("/outputs/Region").asText());
        assertEquals(crossAccount.at("/resources/LogBucket/physical").asText(), crossAccount.at("/outputs/BucketName").asText());
    }

    @Test
    void twoStacksShareNoPhysicalName() {
        Set<String> first = new HashSet<>();
        crossAccount.path("resources").forEach(r -> first.add(r.path("physical").asText()));
        List<String> shared = new ArrayList<>();
        sameAccount.path("resources").forEach(r -> {
            if (first.contains(r.path("physical").asText())) {
                shared.add(r.path("physical").asText());
            }
        });
        assertEquals(List.of(), shared);
    }

    @Test
    void producerRoleTrustAndPolicyAreEvaluatedAsWritten() {
        JsonNode producer = crossAccount.at("/details/ProducerRole");
        List<JsonNode> trust = nonNull(producer.at("/trust/Statement"));
        assertEquals(1, trust.size(), producer.toString());
        assertEquals("[\"111111111111\",\"222222222222\"]", trust.get(0).at("/Principal/AWS").toString());
        assertEquals("ext-42", trust.get(0).at("/Condition/StringEquals/sts:ExternalId").asText());
        JsonNode put = producer.at("/policies/put-records/Statement/0");
        assertEquals("[\"firehose:PutRecord\",\"firehose:PutRecordBatch\"]", put.path("Action").toString());
        assertEquals(crossAccount.at("/outputs/DeliveryStreamArn").asText(), put.path("Resource").asText());
        assertEquals(0, producer.path("attached").size());

        List<JsonNode> defaultTrust = nonNull(sameAccount.at("/details/ProducerRole/trust/Statement"));
        assertEquals(1, defaultTrust.size());
        assertEquals("arn:aws:iam::123456789012:root", defaultTrust.get(0).at("/Principal/AWS").asText());
    }

    @Test
    void deliveryRoleIsScopedToThisStacksBucketAndLogStream() {
        String bucket = crossAccount.at("/outputs/BucketName").asText();
        String policy = crossAccount.at("/details/DeliveryRole/policies/deliver-to-s3").toString();
        assertTrue(policy.contains("arn:aws:s3:::" + bucket + "/logging/*"), policy);
        assertTrue(policy.contains("log-group:/aws/kinesisfirehose/logs-a:log-stream:"), policy);
        assertEquals("firehose.amazonaws.com", crossAccount.at("/details/DeliveryRole/trust/Statement/0/Principal/Service").asText());
    }

    @Test
    void bucketAndLogGroupCarryTheirSettingsAsFarAsMotoModelsThem() {
        JsonNode bucket = crossAccount.at("/details/LogBucket");
        assertEquals("AES256", bucket.at("/encryption/ServerSideEncryptionConfiguration/Rules/0/ApplyServerSideEncryptionByDefault/SSEAlgorithm").asText());
        // moto 5.2.1 drops these three bucket properties in CloudFormation (README): check them once it keeps them.
        if (!bucket.path("publicAccessBlock").has("error")) {
            assertTrue(bucket.at("/publicAccessBlock/PublicAccessBlockConfiguration/RestrictPublicBuckets").asBoolean());
        }
        if (!bucket.path("ownership").has("error")) {
            assertEquals("BucketOwnerEnforced", bucket.at("/ownership/OwnershipControls/Rules/0/ObjectOwnership").asText());
        }
        if (!bucket.path("lifecycle").has("error")) {
            assertEquals(90, bucket.at("/lifecycle/Rules/0/Expiration/Days").asInt());
        }
        assertEquals("[\"/aws/kinesisfirehose/logs-a\"]", crossAccount.at("/details/DeliveryLogGroup/names").toString());
        assertEquals("[\"/aws/kinesisfirehose/logs-b\"]", sameAccount.at("/details/DeliveryLogGroup/names").toString());
    }

    @Test
    void crawlerExistsOnlyWhenEnabled() {
        assertEquals("CREATE_COMPLETE", crossAccount.at("/resources/CrawlerRole/status").asText());
        assertTrue(sameAccount.at("/resources/CrawlerRole").isMissingNode());
        assertTrue(sameAccount.at("/resources/Crawler").isMissingNode());
    }

    /** moto keeps the null an {@code Fn::If} to {@code AWS::NoValue} leaves in a list; CloudFormation drops it. */
    private static List<JsonNode> nonNull(JsonNode statements) {
        List<JsonNode> out = new ArrayList<>();
        statements.forEach(s -> {
            if (!s.isNull()) {
                out.add(s);
            }
        });
        return out;
    }

    private static JsonNode deploy(Path python, Path script, Path template, String stack, Map<String, String> parameters)
            throws IOException {
        ExternalCommand.Result result = ExternalCommand.run(List.of(python.toString(), script.toString(), endpoint,
                        template.toString(), stack, JSON.writeValueAsString(parameters)), Duration.ofSeconds(90),
                Map.of("AWS_EC2_METADATA_DISABLED", "true"));
        assertEquals(0, result.exitCode, () -> result + "\nmoto_server:\n" + motoOutput);
        String output = result.output.strip();
        return JSON.readTree(output.substring(output.lastIndexOf("\n{") + 1));
    }

    static JsonNode withStandIns(JsonNode template) {
        ObjectNode copy = template.deepCopy();
        ObjectNode resources = (ObjectNode) copy.get("Resources");
        List<String> ids = new ArrayList<>();
        resources.fieldNames().forEachRemaining(ids::add);
        for (String id : ids) {
            JsonNode resource = resources.get(id);
            if (MOTO_UNMODELLED.contains(resource.path("Type").asText())) {
                ObjectNode standIn = JSON.createObjectNode().put("Type", "AWS::SQS::Queue");
                for (String kept : List.of("Condition", "DependsOn")) {
                    if (resource.has(kept)) {
                        standIn.set(kept, resource.get(kept));
                    }
                }
                resources.set(id, standIn);
            }
        }
        return copy;
    }

    /** Drains moto's output on a daemon thread; returns once it says it is listening (Werkzeug's banner). */
    private static void awaitListening(InputStream output) throws InterruptedException {
        CountDownLatch listening = new CountDownLatch(1);
        Thread drain = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(output, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    motoOutput.append(line).append('\n');
                    if (line.contains("Running on")) {
                        listening.countDown();
                    }
                }
            } catch (IOException e) {
                motoOutput.append("output closed: ").append(e).append('\n');
            }
        }, "moto-server-output");
        drain.setDaemon(true);
        drain.start();
        if (!listening.await(START_DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
            throw new AssertionError("moto_server did not start within " + START_DEADLINE + ":\n" + motoOutput);
        }
    }

    @Test
    void standInsReplaceOnlyTheUnmodelledTypes() {
        JsonNode replaced = withStandIns(CloudFormationTemplate.loggingAccount().root());
        assertNotEquals("AWS::SQS::Queue", replaced.at("/Resources/ProducerRole/Type").asText());
        assertEquals("AWS::SQS::Queue", replaced.at("/Resources/DeliveryStream/Type").asText());
        assertEquals("CreateCrawler", replaced.at("/Resources/Crawler/Condition").asText());
    }
}
