package io.github.firehoseappender.examples.service;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.firehoseappender.core.FlushResult;
import io.github.firehoseappender.core.config.DeliveryConfig;
import io.github.firehoseappender.local.FirehoseLocal;
import io.github.firehoseappender.logback.FirehoseAppender;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * An example's own {@code logback.xml} loaded into SLF4J's Logback context, its FIREHOSE appender pointed at an
 * embedded firehose-local through the FIREHOSE_* variables, with the environment an AWS runtime would give
 * (metadata endpoints being the tests' stubs). Shared by the examples' tests (this module's test-jar).
 */
public final class LogbackOnFirehoseLocal implements AutoCloseable {
    public static final String STREAM = "app-logs";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final FirehoseLocal local;
    private final LoggerContext logback;

    private LogbackOnFirehoseLocal(FirehoseLocal local, LoggerContext logback) {
        this.local = local;
        this.logback = logback;
    }

    /**
     * @param logbackXml the example's configuration, as deployed
     * @param runtimeContext the appender's {@code runtimeContext} option, as the deployment sets it
     * @param awsEnvironment what the runtime would set (e.g. {@code ECS_CONTAINER_METADATA_URI_V4})
     * @param options settings no environment variable carries (e.g. a long {@code maxBatchDelay})
     */
    public static LogbackOnFirehoseLocal start(URL logbackXml, String runtimeContext,
                                               Map<String, String> awsEnvironment,
                                               Consumer<DeliveryConfig.Builder> options) {
        FirehoseLocal local = FirehoseLocal.builder().port(0).stream(STREAM).start();
        try {
            Map<String, String> env = new HashMap<>(awsEnvironment);
            env.put("FIREHOSE_DELIVERY_STREAM", STREAM);
            env.put("FIREHOSE_ENDPOINT", local.endpoint().toString());
            env.put("FIREHOSE_REGION", local.region());
            LoggerContext logback = configure(logbackXml);
            FirehoseAppender appender = (FirehoseAppender) logback.getLogger("ROOT").getAppender("FIREHOSE");
            appender.stop();
            appender.getConfigBuilder().environment(env)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("key", "secret")));
            options.accept(appender.getConfigBuilder());
            appender.setRuntimeContext(runtimeContext);
            appender.setRuntimeContextEnvironment(env);
            appender.start();
            if (!appender.isStarted()) {
                throw new IllegalStateException("the appender did not start: "
                        + logback.getStatusManager().getCopyOfStatusList());
            }
            return new LogbackOnFirehoseLocal(local, logback);
        } catch (RuntimeException | Error e) {
            local.close();
            throw e;
        }
    }

    private static LoggerContext configure(URL logbackXml) {
        LoggerContext logback = (LoggerContext) LoggerFactory.getILoggerFactory();
        logback.reset();
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(logback);
        try {
            configurator.doConfigure(logbackXml);
        } catch (JoranException e) {
            throw new IllegalStateException(logbackXml + " does not load", e);
        }
        return logback;
    }

    public LoggerContext logback() {
        return logback;
    }

    /** What firehose-local has accepted so far, without flushing anything. */
    public List<JsonNode> acceptedEvents() {
        List<JsonNode> events = new ArrayList<>();
        for (String line : local.lines(STREAM)) {
            try {
                events.add(JSON.readTree(line));
            } catch (IOException e) {
                throw new UncheckedIOException("not one JSON object: " + line, e);
            }
        }
        return events;
    }

    /** Flushes the appender, then returns every event accepted so far. */
    public List<JsonNode> deliveredEvents() {
        FlushResult flushed = FirehoseAppender.flushAll(logback, Duration.ofSeconds(20));
        if (!flushed.isCompleted()) {
            throw new IllegalStateException("not delivered within 20 s: " + flushed + "; status: "
                    + logback.getStatusManager().getCopyOfStatusList());
        }
        return acceptedEvents();
    }

    /** Stops Logback (the appender delivers what is left), then firehose-local. */
    @Override
    public void close() {
        try {
            logback.reset();
        } finally {
            local.close();
        }
    }
}
