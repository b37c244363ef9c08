package io.github.firehoseappender.core.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.firehoseappender.core.RecordingStatus;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class RuntimeContextResolverTest {
    private static final String TASK_ARN = "arn:aws:ecs:eu-west-1:111122223333:task/orders/0123456789abcdef";
    private static final Map<String, String> IMDS = Map.of(
            "instance-id", "i-0abc1234def567890",
            "instance-type", "t3.small",
            "placement/availability-zone", "eu-west-1b",
            "placement/region", "eu-west-1");

    @TempDir
    Path dir;
    private final RecordingStatus status = new RecordingStatus();

    private RuntimeContextResolver.Builder resolver(String sources, Map<String, String> env) {
        return RuntimeContextResolver.builder().sources(sources).environment(env).status(status)
                .vendorFiles(List.of(dir.resolve("sys_vendor"), dir.resolve("uuid")));
    }

    @Test
    void autoOffAwsAddsNothingAndCallsNoEndpoint() {
        try (MetadataStub imds = MetadataStub.imdsV2(IMDS)) {
            Map<String, String> env = Map.of(Ec2InstanceMetadata.ENDPOINT_VARIABLE, imds.endpoint());

            RuntimeContext context = resolver("auto", env).build().resolve();

            assertThat(context.isEmpty()).isTrue();
            assertThat(imds.requests()).as("no vendor file says EC2: IMDS is not even tried").isEmpty();
            assertThat(status.messages()).isEmpty();
        }
    }

    @Test
    void offAddsNothingEvenOnEcs() {
        try (MetadataStub ecs = MetadataStub.fargateTask("orders", TASK_ARN, "orders-api", "7", "eu-west-1a", "app")) {
            RuntimeContext context = resolver("off", Map.of(EcsTaskMetadata.URI_VARIABLE, ecs.ecsUri())).build()
                    .resolve();

            assertThat(context).isSameAs(RuntimeContext.EMPTY);
            assertThat(ecs.requests()).isEmpty();
        }
    }

    @Test
    void ecsTaskAndContainerComeFromTheTaskMetadataEndpointV4() {
        String cluster = "arn:aws:ecs:eu-west-1:111122223333:cluster/orders";
        try (MetadataStub ecs = MetadataStub.fargateTask(cluster, TASK_ARN, "orders-api", "7", "eu-west-1a", "app")) {
            RuntimeContext context = resolver("auto", Map.of(EcsTaskMetadata.URI_VARIABLE, ecs.ecsUri())).build()
                    .resolve();

            assertThat(context.value(RuntimeContext.ECS_CLUSTER)).isEqualTo(cluster);
            assertThat(context.value(RuntimeContext.ECS_TASK_ARN)).isEqualTo(TASK_ARN);
            assertThat(context.value(RuntimeContext.ECS_TASK_FAMILY)).isEqualTo("orders-api");
            assertThat(context.value(RuntimeContext.ECS_TASK_REVISION)).isEqualTo("7");
            assertThat(context.value(RuntimeContext.ECS_CONTAINER_NAME)).isEqualTo("app");
            assertThat(context.value(RuntimeContext.AVAILABILITY_ZONE)).isEqualTo("eu-west-1a");
            assertThat(context.value(RuntimeContext.AWS_REGION)).as("from the task ARN").isEqualTo("eu-west-1");
            assertThat(context.requestIdMdcKey()).isNull();
            assertThat(ecs.requests()).containsExactly("GET /v4/stub-task/task", "GET /v4/stub-task");
            assertThat(status.all()).contains("INFO runtime context: aws_region=eu-west-1");
        }
    }

    @Test
    void ecsOnTheEc2LaunchTypeHasNoAvailabilityZoneAndANumericRevision() {
        String task = "{\"Cluster\":\"default\",\"TaskARN\":\"" + TASK_ARN + "\",\"Family\":\"f\",\"Revision\":12}";
        try (MetadataStub ecs = MetadataStub.ecs(task, "{\"Name\":\"web\"}")) {
            RuntimeContext context = resolver("ecs", Map.of(EcsTaskMetadata.URI_VARIABLE, ecs.ecsUri() + "/"))
                    .build().resolve();

            assertThat(context.value(RuntimeContext.ECS_CLUSTER)).isEqualTo("default");
            assertThat(context.value(RuntimeContext.ECS_TASK_REVISION)).isEqualTo("12");
            assertThat(context.value(RuntimeContext.ECS_CONTAINER_NAME)).isEqualTo("web");
            assertThat(context.value(RuntimeContext.AVAILABILITY_ZONE)).isNull();
        }
    }

    @Test
    void ec2ReadsImdsV2WithASessionToken() {
        try (MetadataStub imds = MetadataStub.imdsV2(IMDS)) {
            RuntimeContext context = resolver("ec2", Map.of(Ec2InstanceMetadata.ENDPOINT_VARIABLE, imds.endpoint()))
                    .build().resolve();

            assertThat(context.value(RuntimeContext.EC2_INSTANCE_ID)).isEqualTo("i-0abc1234def567890");
            assertThat(context.value(RuntimeContext.EC2_INSTANCE_TYPE)).isEqualTo("t3.small");
            assertThat(context.value(RuntimeContext.AVAILABILITY_ZONE)).isEqualTo("eu-west-1b");
            assertThat(context.value(RuntimeContext.AWS_REGION)).isEqualTo("eu-west-1");
            assertThat(imds.requests()).first().isEqualTo("PUT /latest/api/token");
            assertThat(imds.requests()).hasSize(5);
        }
    }

    @Test
    void autoDetectsEc2FromTheDmiVendorFile() throws IOException {
        Files.writeString(dir.resolve("sys_vendor"), "Amazon EC2\n");
        try (MetadataStub imds = MetadataStub.imdsV2(IMDS)) {
            RuntimeContext context = resolver("auto", Map.of(Ec2InstanceMetadata.ENDPOINT_VARIABLE, imds.endpoint()))
                    .build().resolve();

            assertThat(context.value(RuntimeContext.EC2_INSTANCE_ID)).isEqualTo("i-0abc1234def567890");
        }
    }

    @Test
    void autoLeavesEc2AloneInsideAnEcsTaskAndWhenImdsIsDisabled() throws IOException {
        Files.writeString(dir.resolve("uuid"), "ec2e1916-9099-7caf-fd21-012345abcdef\n");
        try (MetadataStub imds = MetadataStub.imdsV2(IMDS);
             MetadataStub ecs = MetadataStub.fargateTask("c", TASK_ARN, "f", "1", "eu-west-1a", "app")) {
            resolver("auto", Map.of(Ec2InstanceMetadata.ENDPOINT_VARIABLE, imds.endpoint(),
                    EcsTaskMetadata.URI_VARIABLE, ecs.ecsUri())).build().resolve();
            resolver("auto", Map.of(Ec2InstanceMetadata.ENDPOINT_VARIABLE, imds.endpoint(),
                    Ec2InstanceMetadata.DISABLED_VARIABLE, "true")).build().resolve();

            assertThat(imds.requests()).isEmpty();
            assertThat(ecs.requests()).hasSize(2);
        }
    }

    @Test
    void lambdaComesFromTheEnvironmentAndCopiesTheRequestIdPerEvent() {
        Map<String, String> env = lambdaEnvironment();

        RuntimeContext context = resolver("auto", env).build().resolve();

        assertThat(context.value(RuntimeContext.LAMBDA_FUNCTION_NAME)).isEqualTo("orders-api");
        assertThat(context.value(RuntimeContext.LAMBDA_FUNCTION_VERSION)).isEqualTo("$LATEST");
        assertThat(context.value(RuntimeContext.LAMBDA_MEMORY_MB)).isEqualTo("512");
        assertThat(context.value(RuntimeContext.LAMBDA_LOG_STREAM)).isEqualTo("2025/01/01/[$LATEST]abcdef");
        assertThat(context.value(RuntimeContext.AWS_REGION)).isEqualTo("sa-east-1");
        assertThat(context.requestIdMdcKey()).isEqualTo("AWSRequestId");
        assertThat(context.fields()).filteredOn(RuntimeContext.Field::isNumber)
                .extracting(RuntimeContext.Field::name).containsExactly("lambda_memory_mb");
        assertThat(context.fields()).extracting(RuntimeContext.Field::name).containsExactly("aws_region",
                "lambda_function_name", "lambda_function_version", "lambda_memory_mb", "lambda_log_stream");
    }

    @Test
    void anUnreachableEndpointIsReportedAndAddsNothing() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        Map<String, String> env = new HashMap<>();
        env.put(EcsTaskMetadata.URI_VARIABLE, "http://127.0.0.1:" + closedPort + "/v4/x");
        env.put(Ec2InstanceMetadata.ENDPOINT_VARIABLE, "http://127.0.0.1:" + closedPort);

        RuntimeContext context = resolver("ecs,ec2", env).timeout(Duration.ofMillis(500)).build().resolve();

        assertThat(context.isEmpty()).isTrue();
        assertThat(status.messages()).hasSize(2);
        assertThat(status.messages().get(0)).startsWith("WARN could not read the ECS task metadata at http://127.0.0.1:");
        assertThat(status.messages().get(1)).startsWith("WARN could not read EC2 instance metadata (IMDSv2)");
    }

    @Test
    void aTaskAnswerWithoutTaskArnIsAFailureNotHalfAContext() {
        try (MetadataStub ecs = MetadataStub.ecs("{\"Cluster\":\"c\"}", "{\"Name\":\"web\"}")) {
            RuntimeContext context = resolver("ecs", Map.of(EcsTaskMetadata.URI_VARIABLE, ecs.ecsUri())).build()
                    .resolve();

            assertThat(context.isEmpty()).isTrue();
            assertThat(status.all()).contains("WARN could not read the ECS task metadata");
        }
    }

    @Test
    void explicitSourcesWithoutTheirVariablesSayWhatIsMissing() {
        RuntimeContext context = resolver("lambda, ECS", Map.of()).build().resolve();

        assertThat(context.fields()).isEmpty();
        assertThat(context.requestIdMdcKey()).as("lambda listed: request ids are still copied").isEqualTo("AWSRequestId");
        assertThat(status.all()).contains("runtimeContext lists lambda but AWS_LAMBDA_FUNCTION_NAME is not set")
                .contains("runtimeContext lists ecs but ECS_CONTAINER_METADATA_URI_V4 is not set");
    }

    @Test
    void anUnknownSourceNamesTheOptionAndTheAcceptedValues() {
        assertThatThrownBy(() -> RuntimeContextResolver.builder().sources("ecs,k8s"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("runtimeContext=ecs,k8s is not valid: use auto, off, or a comma-separated list of ecs,"
                        + " ec2, lambda");
    }

    static Map<String, String> lambdaEnvironment() {
        return Map.of("AWS_LAMBDA_FUNCTION_NAME", "orders-api", "AWS_LAMBDA_FUNCTION_VERSION", "$LATEST",
                "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "512", "AWS_LAMBDA_LOG_STREAM_NAME", "2025/01/01/[$LATEST]abcdef",
                "AWS_REGION", "sa-east-1");
    }
}
