package io.github.firehoseappender.core.context;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The AWS runtime context written into every event: a few fixed fields (task, instance or function) resolved once,
 * plus whether the Lambda request id is copied per event from the MDC. Immutable.
 */
public final class RuntimeContext {
    // Field names (LogSchema lists them with their Hive types, in this order). Flat snake_case columns, not a struct:
    // Athena filters them as plain columns, and a new one is one more Glue column, not a changed struct type.
    public static final String AWS_REGION = "aws_region";
    public static final String AVAILABILITY_ZONE = "availability_zone";
    public static final String ECS_CLUSTER = "ecs_cluster";
    public static final String ECS_TASK_ARN = "ecs_task_arn";
    public static final String ECS_TASK_FAMILY = "ecs_task_family";
    public static final String ECS_TASK_REVISION = "ecs_task_revision";
    public static final String ECS_CONTAINER_NAME = "ecs_container_name";
    public static final String EC2_INSTANCE_ID = "ec2_instance_id";
    public static final String EC2_INSTANCE_TYPE = "ec2_instance_type";
    public static final String LAMBDA_FUNCTION_NAME = "lambda_function_name";
    public static final String LAMBDA_FUNCTION_VERSION = "lambda_function_version";
    public static final String LAMBDA_MEMORY_MB = "lambda_memory_mb";
    public static final String LAMBDA_LOG_STREAM = "lambda_log_stream";
    /** Per event, from the MDC: the Lambda invocation's request id. */
    public static final String AWS_REQUEST_ID = "aws_request_id";

    /** The fixed fields in the order they are written. */
    static final List<String> FIXED_FIELD_ORDER = Collections.unmodifiableList(Arrays.asList(
            AWS_REGION, AVAILABILITY_ZONE, ECS_CLUSTER, ECS_TASK_ARN, ECS_TASK_FAMILY, ECS_TASK_REVISION,
            ECS_CONTAINER_NAME, EC2_INSTANCE_ID, EC2_INSTANCE_TYPE, LAMBDA_FUNCTION_NAME, LAMBDA_FUNCTION_VERSION,
            LAMBDA_MEMORY_MB, LAMBDA_LOG_STREAM));

    /** The MDC key the Lambda handler sets, as AWS's own Lambda logging integrations name it. */
    public static final String LAMBDA_REQUEST_ID_MDC_KEY = "AWSRequestId";

    /** Nothing added: off-AWS, or switched off. */
    public static final RuntimeContext EMPTY = new RuntimeContext(Collections.emptyList(), null);

    private final List<Field> fields;
    private final String requestIdMdcKey;

    private RuntimeContext(List<Field> fields, String requestIdMdcKey) {
        this.fields = Collections.unmodifiableList(new ArrayList<>(fields));
        this.requestIdMdcKey = requestIdMdcKey;
    }

    static RuntimeContext of(List<Field> fields, boolean lambdaRequestIds) {
        if (fields.isEmpty() && !lambdaRequestIds) {
            return EMPTY;
        }
        return new RuntimeContext(fields, lambdaRequestIds ? LAMBDA_REQUEST_ID_MDC_KEY : null);
    }

    /** The fixed fields, in {@code LogSchema} order; values never null. */
    public List<Field> fields() {
        return fields;
    }

    /** The MDC key whose value becomes {@code aws_request_id}, or null when no request id is copied. */
    public String requestIdMdcKey() {
        return requestIdMdcKey;
    }

    /** The value of one fixed field, or null when absent. */
    public String value(String name) {
        for (Field f : fields) {
            if (f.name.equals(name)) {
                return f.value;
            }
        }
        return null;
    }

    public boolean isEmpty() {
        return fields.isEmpty() && requestIdMdcKey == null;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        for (Field f : fields) {
            s.append(s.length() == 0 ? "" : ", ").append(f.name).append('=').append(f.value);
        }
        if (requestIdMdcKey != null) {
            s.append(s.length() == 0 ? "" : ", ").append("aws_request_id from MDC ").append(requestIdMdcKey);
        }
        return s.length() == 0 ? "none" : s.toString();
    }

    /** One fixed field: a top-level JSON name, its text, and whether it is written as a JSON number. */
    public static final class Field {
        private final String name;
        private final String value;
        private final boolean number;

        Field(String name, String value, boolean number) {
            this.name = name;
            this.value = value;
            this.number = number;
        }

        public String name() {
            return name;
        }

        public String value() {
            return value;
        }

        /** True when {@link #value} is an integer written unquoted (a Hive {@code int} column). */
        public boolean isNumber() {
            return number;
        }
    }
}
