package io.github.firehoseappender.logback;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import ch.qos.logback.core.status.Status;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** A private Logback context configured from a logback.xml text, as a user's would be. */
final class LogbackFixture implements AutoCloseable {
    final LoggerContext context = new LoggerContext();

    LogbackFixture(String logbackXml, Map<String, String> properties) throws JoranException {
        context.setName("test-" + System.nanoTime());
        // Share SLF4J's MDC so MDC.put in a test reaches this private context's events.
        context.setMDCAdapter(org.slf4j.MDC.getMDCAdapter());
        properties.forEach(context::putProperty);
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(new ByteArrayInputStream(logbackXml.getBytes(StandardCharsets.UTF_8)));
    }

    /** The standard appender block pointing at firehose-local, with extra option elements. */
    static String config(String appenderOptions, String loggers) {
        return "<configuration>\n"
                + "  <appender name=\"FIREHOSE\" class=\"io.github.firehoseappender.logback.FirehoseAppender\">\n"
                + "    <deliveryStream>${stream}</deliveryStream>\n"
                + "    <endpoint>${endpoint}</endpoint>\n"
                + "    <region>us-east-1</region>\n"
                + "    <shutdownHook>false</shutdownHook>\n"
                + "    <jmx>false</jmx>\n"
                + appenderOptions
                + "  </appender>\n"
                + loggers
                + "  <root level=\"INFO\"><appender-ref ref=\"FIREHOSE\"/></root>\n"
                + "</configuration>\n";
    }

    FirehoseAppender appender() {
        return (FirehoseAppender) context.getLogger("ROOT").getAppender("FIREHOSE");
    }

    List<String> statusMessages(int minLevel) {
        return context.getStatusManager().getCopyOfStatusList().stream()
                .filter(s -> s.getLevel() >= minLevel)
                .map(LogbackFixture::describe)
                .collect(Collectors.toList());
    }

    List<String> errors() {
        return statusMessages(Status.ERROR);
    }

    private static String describe(Status s) {
        return s.getMessage() + (s.getThrowable() == null ? "" : " / " + s.getThrowable());
    }

    @Override
    public void close() {
        context.stop();
    }
}
