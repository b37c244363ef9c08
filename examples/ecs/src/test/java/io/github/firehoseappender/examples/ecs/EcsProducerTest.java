package io.github.firehoseappender.examples.ecs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.firehoseappender.core.context.MetadataStub;
import io.github.firehoseappender.examples.service.ServiceFixture;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The service as the Fargate task runs it: the task metadata endpoint v4 is a stub, Firehose is firehose-local. */
@Timeout(60)
class EcsProducerTest {
    private static final String CLUSTER = "arn:aws:ecs:sa-east-1:111122223333:cluster/http-service";
    private static final String TASK = "arn:aws:ecs:sa-east-1:111122223333:task/http-service/5b2f0c1e9d8a4c7b";

    @Test
    void everyEventCarriesTheTaskItRanIn() {
        try (MetadataStub ecs = MetadataStub.fargateTask(CLUSTER, TASK, "http-service", "3", "sa-east-1b", "app");
             ServiceFixture service = ServiceFixture.start("auto", Map.of("ECS_CONTAINER_METADATA_URI_V4", ecs.ecsUri()))) {
            assertThat(service.get("/orders/7", "r-1")).isEqualTo(200);
            assertThat(service.get("/missing", "r-2")).isEqualTo(404);
            assertThat(service.get("/fail", "r-3")).isEqualTo(500);

            List<JsonNode> events = service.deliveredEvents();
            assertThat(events).hasSizeGreaterThanOrEqualTo(6); // listening, order loaded, 3 access lines, the error
            for (JsonNode event : events) {
                assertThat(event.path("ecs_cluster").asText()).as(event.toString()).isEqualTo(CLUSTER);
                assertThat(event.path("ecs_task_arn").asText()).isEqualTo(TASK);
                assertThat(event.path("ecs_task_family").asText()).isEqualTo("http-service");
                assertThat(event.path("ecs_task_revision").asText()).isEqualTo("3");
                assertThat(event.path("ecs_container_name").asText()).isEqualTo("app");
                assertThat(event.path("availability_zone").asText()).isEqualTo("sa-east-1b");
                assertThat(event.path("aws_region").asText()).isEqualTo("sa-east-1");
                assertThat(event.has("ec2_instance_id")).isFalse();
            }
            assertThat(service.accessLog()).extracting(e -> e.get("mdc").get("request_id").asText())
                    .containsExactly("r-1", "r-2", "r-3");
            assertThat(ecs.requests()).as("read once, cached").hasSize(2);
        }
    }

    @Test
    void theTaskDefinitionSetsTheContractsVariablesAndNoFireLensRouter() throws Exception {
        JsonNode taskDefinition = new ObjectMapper().readTree(new File("task-definition.json"));
        JsonNode container = taskDefinition.get("containerDefinitions").get(0);
        List<String> names = new ArrayList<>();
        container.get("environment").forEach(v -> names.add(v.get("name").asText()));

        assertThat(names).contains("FIREHOSE_DELIVERY_STREAM", "FIREHOSE_ROLE_ARN", "FIREHOSE_REGION");
        assertThat(taskDefinition.get("containerDefinitions")).hasSize(1);
        assertThat(taskDefinition.get("requiresCompatibilities").get(0).asText()).isEqualTo("FARGATE");
        assertThat(container.get("portMappings").get(0).get("containerPort").asInt()).isEqualTo(8080);
    }

    @Test
    void theSpoolLivesOnATaskVolumeThatARestartedContainerFindsAgain() throws Exception {
        JsonNode taskDefinition = new ObjectMapper().readTree(new File("task-definition.json"));
        JsonNode container = taskDefinition.get("containerDefinitions").get(0);
        String spool = null;
        for (JsonNode v : container.get("environment")) {
            if (v.get("name").asText().equals("FIREHOSE_SPOOL_DIRECTORY")) {
                spool = v.get("value").asText();
            }
        }
        JsonNode mount = container.get("mountPoints").get(0);
        assertThat(mount.get("containerPath").asText()).isEqualTo(spool);
        assertThat(taskDefinition.get("volumes").get(0).get("name").asText())
                .isEqualTo(mount.get("sourceVolume").asText());
        assertThat(container.get("restartPolicy").get("enabled").asBoolean())
                .as("a crashed container restarts in the same task, on the same volume").isTrue();
    }
}
