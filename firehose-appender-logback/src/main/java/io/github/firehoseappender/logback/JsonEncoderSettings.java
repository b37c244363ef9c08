package io.github.firehoseappender.logback;

import ch.qos.logback.classic.spi.ILoggingEvent;
import io.github.firehoseappender.core.EventEncoder;
import io.github.firehoseappender.core.StatusReporter;
import io.github.firehoseappender.core.context.RuntimeContextResolver;
import io.github.firehoseappender.core.json.JsonLineEncoder;
import io.github.firehoseappender.core.json.LocalHostName;
import java.util.Map;

/**
 * The appender's options for the default JSON encoder: static fields added to every event, and the AWS runtime
 * context ({@code runtimeContext}: auto, off, or a list of ecs, ec2, lambda).
 */
final class JsonEncoderSettings {
    private String service;
    private String environment;
    private String includeHost;
    private String runtimeContext = RuntimeContextResolver.DEFAULT_SOURCES;
    private Map<String, String> runtimeContextEnvironment = System.getenv();

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

    /** @throws IllegalArgumentException when includeHost or runtimeContext is not valid (the message says why) */
    EventEncoder<ILoggingEvent> build(StatusReporter status) {
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
                .build();
    }
}
