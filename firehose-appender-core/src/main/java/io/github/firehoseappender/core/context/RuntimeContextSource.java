package io.github.firehoseappender.core.context;

/** Where the appender can learn where it runs; each one is switched on by name in the {@code runtimeContext} option. */
public enum RuntimeContextSource {
    /** ECS task metadata endpoint v4 ({@code ECS_CONTAINER_METADATA_URI_V4}): Fargate and the EC2 launch type. */
    ECS,
    /** EC2 instance metadata service, IMDSv2 (token first). */
    EC2,
    /** The Lambda runtime's environment variables, and the request id from the MDC per event. */
    LAMBDA
}
