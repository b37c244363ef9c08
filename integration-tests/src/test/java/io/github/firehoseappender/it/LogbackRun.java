package io.github.firehoseappender.it;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.status.Status;
import io.github.firehoseappender.logback.FirehoseAppender;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;

/** The Logback appender, configured from logback.xml text as a user writes it. */
final class LogbackRun implements AppenderRun {
    private final LoggerContext context;
    private final Logger logger;

    private LogbackRun(LoggerContext context) {
        this.context = context;
        this.logger = context.getLogger("integration");
    }

    static LogbackRun start(Map<String, String> options) throws Exception {
        StringBuilder xml = new StringBuilder("<configuration>\n"
                + "  <appender name=\"FIREHOSE\" class=\"io.github.firehoseappender.logback.FirehoseAppender\">\n"
                + "    <shutdownHook>false</shutdownHook>\n    <jmx>false</jmx>\n");
        for (Map.Entry<String, String> option : options.entrySet()) {
            xml.append("    <").append(option.getKey()).append('>').append(option.getValue())
                    .append("</").append(option.getKey()).append(">\n");
        }
        xml.append("  </appender>\n  <root level=\"INFO\"><appender-ref ref=\"FIREHOSE\"/></root>\n</configuration>\n");
        LoggerContext context = new LoggerContext();
        context.setName("it-" + System.nanoTime());
        context.setMDCAdapter(org.slf4j.MDC.getMDCAdapter());   // a private context has none of its own
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(new ByteArrayInputStream(xml.toString().getBytes(StandardCharsets.UTF_8)));
        return new LogbackRun(context);
    }

    @Override
    public void log(String message) {
        logger.info(message);
    }

    @Override
    public boolean flush() {
        return appender().flush(FLUSH_TIMEOUT).isCompleted();
    }

    @Override
    public String status() {
        return context.getStatusManager().getCopyOfStatusList().stream()
                .filter(s -> s.getLevel() >= Status.WARN)
                .map(s -> s.getMessage() + (s.getThrowable() == null ? "" : " / " + s.getThrowable()))
                .collect(Collectors.joining("\n"));
    }

    @Override
    public void close() {
        context.stop();
    }

    private FirehoseAppender appender() {
        return (FirehoseAppender) context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("FIREHOSE");
    }
}
