package io.github.firehoseappender.core.context;

import java.util.LinkedHashMap;
import java.util.Map;

/** The function's identity from the variables the Lambda runtime sets in every execution environment. */
final class LambdaEnvironment {
    static final String FUNCTION_NAME_VARIABLE = "AWS_LAMBDA_FUNCTION_NAME";

    private LambdaEnvironment() {
    }

    static Map<String, String> read(Map<String, String> env) {
        Map<String, String> fields = new LinkedHashMap<>();
        put(fields, RuntimeContext.LAMBDA_FUNCTION_NAME, env.get(FUNCTION_NAME_VARIABLE));
        put(fields, RuntimeContext.LAMBDA_FUNCTION_VERSION, env.get("AWS_LAMBDA_FUNCTION_VERSION"));
        String memory = env.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE");
        if (memory != null && memory.trim().matches("[0-9]{1,9}")) {
            fields.put(RuntimeContext.LAMBDA_MEMORY_MB, memory.trim());
        }
        put(fields, RuntimeContext.LAMBDA_LOG_STREAM, env.get("AWS_LAMBDA_LOG_STREAM_NAME"));
        put(fields, RuntimeContext.AWS_REGION, env.get("AWS_REGION"));
        return fields;
    }

    private static void put(Map<String, String> fields, String name, String value) {
        if (value != null && !value.trim().isEmpty()) {
            fields.put(name, value.trim());
        }
    }
}
