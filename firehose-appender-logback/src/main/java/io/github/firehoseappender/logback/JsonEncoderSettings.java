package io.github.firehoseappender.logback;

import ch.qos.logback.classic.spi.ILoggingEvent;
import io.github.firehoseappender.core.StatusReporter;
import io.github.firehoseappender.core.context.RuntimeContextResolver;
import io.github.firehoseappender.core.json.JsonLineEncoder;
import io.github.firehoseappender.core.json.LocalHostName;
import java.util.Map;

/**
 * The appender's options for the default JSON encoder: static fields added to every event, the AWS runtime
 * context ({@code runtimeContext}: auto, off, or a list of ecs, ec2, lambda), the trace columns ({@code traceContext}
 * and the MDC keys they are read from) and the MDC keys promoted to columns ({@code promotedMdcKeys}).
 */
final class JsonEncoderSettings {
    private String service;
    private String environment;
    private String includeHost;
    private String runtimeContext = RuntimeContextResolver.DEFAULT_SOURCES;
    private Map<String, String> runtimeContextEnvironment = System.getenv();
    private String traceContext;
    private String traceIdKey;
    private String spanIdKey;
    private String traceFlagsKey;
    private String promotedMdcKeys;

    void service(String service) {
        this.service = service;
    }

    void environment(String environment) {
        this.environment = environment;
    }

    void includeHost(String text) {
        this.includeHost = text;
    }

    void runtimeContext(String sources) {
        this.runtimeContext = sources;
    }

    void runtimeContextEnvironment(Map<String, String> environment) {
        this.runtimeContextEnvironment = environment;
    }

    void traceContext(String enabled) {
        this.traceContext = enabled;
    }

    void traceIdKey(String key) {
        this.traceIdKey = key;
    }

    void spanIdKey(String key) {
        this.spanIdKey = key;
    }

    void traceFlagsKey(String key) {
        this.traceFlagsKey = key;
    }

    void promotedMdcKeys(String keys) {
        this.promotedMdcKeys = keys;
    }

    /** @throws IllegalArgumentException when an option is not valid (the message says which and why) */
    JsonLineEncoder<ILoggingEvent> build(StatusReporter status) {
        RuntimeContextResolver resolver = RuntimeContextResolver.builder()
                .sources(runtimeContext)
                .environment(runtimeContextEnvironment)
                .status(status)
                .build();
        return JsonLineEncoder.builder(new LogbackEventAccessor(), LogbackEventSize::estimate)
                .service(service)
                .environment(environment)
                .host(LocalHostName.forIncludeHost(includeHost))
                .runtimeContext(resolver)
                .traceContext(traceContext, traceIdKey, spanIdKey, traceFlagsKey)
                .processEnvironment(runtimeContextEnvironment)
                .promotedMdcKeys(promotedMdcKeys)
                .build();
    }
}
