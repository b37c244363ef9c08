package io.github.firehoseappender.examples.ec2;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.firehoseappender.core.context.MetadataStub;
import io.github.firehoseappender.examples.service.ServiceFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The service as the instance runs it: IMDSv2 is a stub that refuses reads without a token. */
@Timeout(60)
class Ec2ProducerTest {
    private static final Map<String, String> INSTANCE = Map.of(
            "instance-id", "i-0123456789abcdef0",
            "instance-type", "t3.micro",
            "placement/availability-zone", "us-east-2c",
            "placement/region", "us-east-2");

    @Test
    void everyEventCarriesTheInstanceReadThroughImdsV2() {
        try (MetadataStub imds = MetadataStub.imdsV2(INSTANCE);
             ServiceFixture service = ServiceFixture.start("ec2",
                     Map.of("AWS_EC2_METADATA_SERVICE_ENDPOINT", imds.endpoint()))) {
            assertThat(service.get("/", "r-1")).isEqualTo(200);
            assertThat(service.get("/fail", "r-2")).isEqualTo(500);

            List<JsonNode> events = service.deliveredEvents();
            assertThat(events).hasSizeGreaterThanOrEqualTo(4);
            for (JsonNode event : events) {
                assertThat(event.path("ec2_instance_id").asText()).as(event.toString()).isEqualTo("i-0123456789abcdef0");
                assertThat(event.path("ec2_instance_type").asText()).isEqualTo("t3.micro");
                assertThat(event.path("availability_zone").asText()).isEqualTo("us-east-2c");
                assertThat(event.path("aws_region").asText()).isEqualTo("us-east-2");
                assertThat(event.has("ecs_task_arn")).isFalse();
            }
            assertThat(imds.requests()).as("a token first, then four reads, once").containsExactly(
                    "PUT /latest/api/token", "GET /latest/meta-data/instance-id", "GET /latest/meta-data/instance-type",
                    "GET /latest/meta-data/placement/availability-zone", "GET /latest/meta-data/placement/region");
        }
    }

    @Test
    void theSystemdUnitRunsTheJarWithTheContractsVariables() throws Exception {
        String unit = Files.readString(Path.of("http-service.service"));

        assertThat(unit).contains("Environment=FIREHOSE_DELIVERY_STREAM=", "Environment=FIREHOSE_ROLE_ARN=",
                "Environment=FIREHOSE_REGION=", "Environment=FIREHOSE_RUNTIME_CONTEXT=ec2",
                "ExecStart=/usr/bin/java", "/opt/http-service/http-service.jar", "KillSignal=SIGTERM",
                "StateDirectory=http-service",
                "Environment=FIREHOSE_SPOOL_DIRECTORY=/var/lib/http-service/firehose-spool");
    }

    @Test
    void theTemplatesUserDataInstallsTheSameUnit() throws Exception {
        String template = Files.readString(Path.of("app-account-ec2.yaml"));
        List<String> unitLines = Files.readAllLines(Path.of("http-service.service"));

        for (String line : unitLines) {
            boolean placeholder = line.matches(".*=(DELIVERY_STREAM_NAME|APPLICATION_ACCOUNT_ROLE_ARN|LOGGING_REGION)$") || line.startsWith("Environment=DEPLOY_ENVIRONMENT=");
            if (!line.isBlank() && !line.startsWith("#") && !placeholder) {
                assertThat(template).as("the user data's unit has: " + line).contains("              " + line + "\n");
            }
        }
    }
}
