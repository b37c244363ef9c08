package io.github.firehoseappender.logback;

import ch.qos.logback.classic.spi.ILoggingEvent;
import io.github.firehoseappender.core.EventEncoder;
import io.github.firehoseappender.core.json.JsonLineEncoder;
import io.github.firehoseappender.core.json.LocalHostName;

/** The appender's options for the default JSON encoder: static fields added to every event. */
final class JsonEncoderSettings {
    private String service;
    private String environment;
    private boolean includeHost;

    void service(String service) {
        this.service = service;
    }

    void environment(String environment) {
        this.environment = environment;
    }

    void includeHost(String text) {
        this.includeHost = Boolean.parseBoolean(text == null ? "false" : text.trim());
    }

    EventEncoder<ILoggingEvent> build() {
        return JsonLineEncoder.builder(new LogbackEventAccessor(), LogbackEventSize::estimate)
                .service(service)
                .environment(environment)
                .host(includeHost ? LocalHostName.resolve() : null)
                .build();
    }
}
