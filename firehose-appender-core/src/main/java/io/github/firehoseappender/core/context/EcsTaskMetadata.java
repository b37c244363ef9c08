package io.github.firehoseappender.core.context;

import java.io.IOException;
import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the ECS task metadata endpoint v4: {@code ${ECS_CONTAINER_METADATA_URI_V4}/task} for the task (ARN, cluster,
 * family, revision, availability zone) and {@code ${ECS_CONTAINER_METADATA_URI_V4}} for this container's name.
 * Fargate (platform 1.4+) and the EC2 launch type both serve it; the availability zone is Fargate-only.
 */
final class EcsTaskMetadata {
    static final String URI_VARIABLE = "ECS_CONTAINER_METADATA_URI_V4";

    private EcsTaskMetadata() {
    }

    static Map<String, String> read(String baseUri, MetadataHttp http) throws IOException {
        String base = baseUri.trim().replaceAll("/+$", "");
        Map<String, String> task = TopLevelJson.scalars(http.get(URI.create(base + "/task"), Collections.emptyMap()));
        Map<String, String> fields = new LinkedHashMap<>();
        String taskArn = task.get("TaskARN");
        if (taskArn == null) {
            throw new IOException(base + "/task answered without a TaskARN");
        }
        put(fields, RuntimeContext.ECS_TASK_ARN, taskArn);
        put(fields, RuntimeContext.ECS_CLUSTER, task.get("Cluster"));
        put(fields, RuntimeContext.ECS_TASK_FAMILY, task.get("Family"));
        put(fields, RuntimeContext.ECS_TASK_REVISION, task.get("Revision"));
        put(fields, RuntimeContext.AVAILABILITY_ZONE, task.get("AvailabilityZone"));
        put(fields, RuntimeContext.AWS_REGION, regionOf(taskArn));
        Map<String, String> container = TopLevelJson.scalars(http.get(URI.create(base), Collections.emptyMap()));
        put(fields, RuntimeContext.ECS_CONTAINER_NAME, container.get("Name"));
        return fields;
    }

    /** {@code arn:aws:ecs:eu-west-1:123456789012:task/...} has the region as its fourth part. */
    static String regionOf(String arn) {
        String[] parts = arn.split(":", 6);
        return parts.length >= 5 && parts[0].equals("arn") && !parts[3].isEmpty() ? parts[3] : null;
    }

    private static void put(Map<String, String> fields, String name, String value) {
        if (value != null && !value.trim().isEmpty()) {
            fields.put(name, value.trim());
        }
    }
}
