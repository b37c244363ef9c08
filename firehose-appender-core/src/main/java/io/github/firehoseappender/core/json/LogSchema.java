package io.github.firehoseappender.core.json;

import io.github.firehoseappender.core.context.RuntimeContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The one source of truth for the JSON schema both adapters write and the Glue table in {@code infra/} declares:
 * top-level fields in the order they are written, with their Hive types. Names are snake_case and usable unquoted
 * in Athena (no {@code timestamp}, {@code time}, {@code user}).
 */
public final class LogSchema {
    public static final String EVENT_TIME = "event_time";
    public static final String LEVEL = "level";
    public static final String LOGGER = "logger";
    public static final String THREAD = "thread";
    public static final String MESSAGE = "message";
    public static final String MDC = "mdc";
    public static final String MARKERS = "markers";
    public static final String EXCEPTION = "exception";
    public static final String EXCEPTION_CLASS = "class";
    public static final String EXCEPTION_MESSAGE = "message";
    public static final String EXCEPTION_STACK_TRACE = "stack_trace";
    public static final String EVENT_ID = "event_id";
    public static final String SERVICE = "service";
    public static final String ENVIRONMENT = "environment";
    public static final String HOST = "host";
    public static final String TRUNCATED = "truncated";

    // AWS runtime context (optional, see core.context.RuntimeContextResolver): flat columns, so Athena filters them
    // like any other column and a new one is one more Glue column rather than a changed struct type.
    public static final String AWS_REGION = RuntimeContext.AWS_REGION;
    public static final String AVAILABILITY_ZONE = RuntimeContext.AVAILABILITY_ZONE;
    public static final String ECS_CLUSTER = RuntimeContext.ECS_CLUSTER;
    public static final String ECS_TASK_ARN = RuntimeContext.ECS_TASK_ARN;
    public static final String ECS_TASK_FAMILY = RuntimeContext.ECS_TASK_FAMILY;
    public static final String ECS_TASK_REVISION = RuntimeContext.ECS_TASK_REVISION;
    public static final String ECS_CONTAINER_NAME = RuntimeContext.ECS_CONTAINER_NAME;
    public static final String EC2_INSTANCE_ID = RuntimeContext.EC2_INSTANCE_ID;
    public static final String EC2_INSTANCE_TYPE = RuntimeContext.EC2_INSTANCE_TYPE;
    public static final String LAMBDA_FUNCTION_NAME = RuntimeContext.LAMBDA_FUNCTION_NAME;
    public static final String LAMBDA_FUNCTION_VERSION = RuntimeContext.LAMBDA_FUNCTION_VERSION;
    public static final String LAMBDA_MEMORY_MB = RuntimeContext.LAMBDA_MEMORY_MB;
    public static final String LAMBDA_LOG_STREAM = RuntimeContext.LAMBDA_LOG_STREAM;
    public static final String AWS_REQUEST_ID = RuntimeContext.AWS_REQUEST_ID;

    // Powertools for AWS Lambda's MDC fields that have no column above (function_name, function_version,
    // function_memory_size, function_request_id and service fill the lambda_*, aws_request_id and service columns).
    public static final String LAMBDA_FUNCTION_ARN = "lambda_function_arn";
    public static final String LAMBDA_COLD_START = "lambda_cold_start";
    public static final String CORRELATION_ID = "correlation_id";
    public static final String SAMPLING_RATE = "sampling_rate";

    // Trace context, per event: OpenTelemetry's names for trace ids in JSON logs (lowercase hex), and the X-Ray root id.
    public static final String TRACE_ID = "trace_id";
    public static final String SPAN_ID = "span_id";
    public static final String TRACE_FLAGS = "trace_flags";
    public static final String XRAY_TRACE_ID = "xray_trace_id";

    /** A top-level field and its Hive/Glue column type. */
    public static final class Field {
        private final String name;
        private final String hiveType;

        Field(String name, String hiveType) {
            this.name = name;
            this.hiveType = hiveType;
        }

        public String name() {
            return name;
        }

        public String hiveType() {
            return hiveType;
        }

        @Override
        public String toString() {
            return name + " " + hiveType;
        }
    }

    /** Every top-level field, in the order the encoder writes them. Optional ones are absent from some lines. */
    public static final List<Field> FIELDS = Collections.unmodifiableList(Arrays.asList(
            new Field(EVENT_TIME, "string"),
            new Field(LEVEL, "string"),
            new Field(LOGGER, "string"),
            new Field(THREAD, "string"),
            new Field(MESSAGE, "string"),
            new Field(MDC, "map<string,string>"),
            new Field(MARKERS, "array<string>"),
            new Field(EXCEPTION, "struct<class:string,message:string,stack_trace:string>"),
            new Field(EVENT_ID, "string"),
            new Field(SERVICE, "string"),
            new Field(ENVIRONMENT, "string"),
            new Field(HOST, "string"),
            new Field(AWS_REGION, "string"),
            new Field(AVAILABILITY_ZONE, "string"),
            new Field(ECS_CLUSTER, "string"),
            new Field(ECS_TASK_ARN, "string"),
            new Field(ECS_TASK_FAMILY, "string"),
            new Field(ECS_TASK_REVISION, "string"),
            new Field(ECS_CONTAINER_NAME, "string"),
            new Field(EC2_INSTANCE_ID, "string"),
            new Field(EC2_INSTANCE_TYPE, "string"),
            new Field(LAMBDA_FUNCTION_NAME, "string"),
            new Field(LAMBDA_FUNCTION_VERSION, "string"),
            new Field(LAMBDA_MEMORY_MB, "int"),
            new Field(LAMBDA_LOG_STREAM, "string"),
            new Field(AWS_REQUEST_ID, "string"),
            new Field(LAMBDA_FUNCTION_ARN, "string"),
            new Field(LAMBDA_COLD_START, "boolean"),
            new Field(CORRELATION_ID, "string"),
            new Field(SAMPLING_RATE, "string"),
            new Field(TRACE_ID, "string"),
            new Field(SPAN_ID, "string"),
            new Field(TRACE_FLAGS, "string"),
            new Field(XRAY_TRACE_ID, "string"),
            new Field(TRUNCATED, "boolean")));

    /** The runtime context's fixed columns, in the order they are written (a subsequence of {@link #FIELDS}). */
    public static final List<String> AWS_CONTEXT_COLUMNS = Collections.unmodifiableList(Arrays.asList(AWS_REGION,
            AVAILABILITY_ZONE, ECS_CLUSTER, ECS_TASK_ARN, ECS_TASK_FAMILY, ECS_TASK_REVISION, ECS_CONTAINER_NAME,
            EC2_INSTANCE_ID, EC2_INSTANCE_TYPE, LAMBDA_FUNCTION_NAME, LAMBDA_FUNCTION_VERSION, LAMBDA_MEMORY_MB,
            LAMBDA_LOG_STREAM));

    /** The Hive type of every promoted MDC key: MDC values are text. */
    public static final String PROMOTED_MDC_TYPE = "string";

    /**
     * The fields of an encoder configured with {@code promotedMdcKeys}: {@link #FIELDS}, then one string column per
     * promoted key, in the order given (the encoder writes them last). The Glue table gains the same columns through
     * the template's {@code PromotedMdcKeys} parameter.
     */
    public static List<Field> fields(List<String> promotedMdcKeys) {
        List<Field> all = new ArrayList<>(FIELDS);
        for (String key : promotedMdcKeys) {
            all.add(new Field(key, PROMOTED_MDC_TYPE));
        }
        return Collections.unmodifiableList(all);
    }

    private LogSchema() {
    }
}
