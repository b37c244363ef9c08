package io.github.firehoseappender.logback;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.github.firehoseappender.core.FlushResult;
import io.github.firehoseappender.core.stats.DeliveryStats;
import io.github.firehoseappender.local.FirehoseLocal;
import io.github.firehoseappender.testkit.LocalFirehoseServer;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * The appender behind Logback's {@code AsyncAppender}, in SLF4J's default context (where the AWS SDK and the JDK's
 * java.util.logging, bridged, log as in an application): events logged by our own threads reach us on the
 * AsyncAppender's worker, and flushAll must reach through the wrapper.
 */
@Timeout(60)
class AsyncAppenderTest {
    private static final String STREAM = "app-logs";
    /** How every session token firehose-local's STS issues begins. */
    private static final String SESSION_TOKEN_PREFIX = "FQoGZXIvYXdzEFIRECHOSELOCAL";
    @RegisterExtension
    final LocalFirehoseServer local = new LocalFirehoseServer(STREAM);
    private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    /** Extra option elements of the appender, and the Firehose (and STS) endpoint it uses. */
    private String appenderOptions = "";
    private URI endpoint;

    @AfterEach
    void resetLogging() {
        SLF4JBridgeHandler.uninstall();
        java.util.logging.Logger.getLogger("").setLevel(Level.INFO);
        context.stop();
        context.reset();
    }

    /** Our appender behind an AsyncAppender on the root logger, configured from logback.xml text. */
    private void configure(String rootLevel, String loggers) throws Exception {
        configure(rootLevel, loggers, "");
    }

    /** As {@link #configure(String, String)}, with an outer wrapper named OUTER on the root instead of ASYNC. */
    private void configure(String rootLevel, String loggers, String outerWrapper) throws Exception {
        String xml = "<configuration>\n"
                + "  <appender name=\"FIREHOSE\" class=\"io.github.firehoseappender.logback.FirehoseAppender\">\n"
                + "    <deliveryStream>${stream}</deliveryStream>\n    <endpoint>${endpoint}</endpoint>\n"
                + "    <region>us-east-1</region>\n    <shutdownHook>false</shutdownHook>\n    <jmx>false</jmx>\n"
                + "    <maxBatchDelay>1 minute</maxBatchDelay>\n" + appenderOptions + "  </appender>\n"
                + "  <appender name=\"ASYNC\" class=\"ch.qos.logback.classic.AsyncAppender\">\n"
                + "    <appender-ref ref=\"FIREHOSE\"/>\n  </appender>\n"
                + outerWrapper
                + loggers
                + "  <root level=\"" + rootLevel + "\"><appender-ref ref=\""
                + (outerWrapper.isEmpty() ? "ASYNC" : "OUTER") + "\"/></root>\n"
                + "</configuration>\n";
        context.stop();
        context.reset();
        context.getStatusManager().clear();
        Map.of("stream", STREAM, "endpoint", (endpoint == null ? local.endpoint() : endpoint).toString())
                .forEach(context::putProperty);
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        context.start();
    }

    /** SLF4J's bridge for java.util.logging, every JUL level enabled: the JDK's HTTP stack logs its requests. */
    private static void bridgeJulAtAll() {
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        java.util.logging.Logger.getLogger("").setLevel(Level.ALL);
    }

    /** Sees every event of the context, directly on the root logger (not behind the AsyncAppender). */
    private ListAppender<ILoggingEvent> everyEvent() {
        ListAppender<ILoggingEvent> seen = new ListAppender<>();
        seen.setName("SEEN");
        seen.setContext(context);
        seen.start();
        context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(seen);
        return seen;
    }

    private FirehoseAppender appender() {
        ch.qos.logback.classic.AsyncAppender async = (ch.qos.logback.classic.AsyncAppender)
                context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("ASYNC");
        return (FirehoseAppender) async.getAppender("FIREHOSE");
    }

    @Test
    void sdkDebugLinesLoggedOnTheSenderAreRefusedWhenAnAsyncAppenderHandsThemOver() throws Exception {
        configure("INFO", "  <logger name=\"software.amazon.awssdk\" level=\"DEBUG\"/>\n");
        LoggerFactory.getLogger("app").info("first");
        assertThat(FirehoseAppender.flushAll(context, Duration.ofSeconds(20)).isCompleted()).isTrue();
        // The SDK logged that call at DEBUG on our sender thread; the AsyncAppender's worker hands those lines over.
        LoggerFactory.getLogger("app").info("second");
        assertThat(FirehoseAppender.flushAll(context, Duration.ofSeconds(20)).isCompleted()).isTrue();

        assertThat(local.lines(STREAM)).hasSize(2).allMatch(l -> l.contains("\"logger\":\"app\""));
        DeliveryStats stats = appender().getStats();
        assertThat(stats.ignoredInternal()).isPositive();
        assertThat(stats.appended()).isEqualTo(2);
    }

    @Test
    void requestHeadersTheJdkHttpClientLogsThroughJulNeverReachTheStream() throws Exception {
        bridgeJulAtAll();
        configure("TRACE", "");
        ListAppender<ILoggingEvent> seen = everyEvent();

        logThreeCallsFlushingEach();

        // The bridge works: HttpURLConnection did log the signed request's headers, on our sender thread.
        assertThat(seen.list).anyMatch(e -> e.getFormattedMessage().contains("Authorization"));
        assertTheAppsThreeLinesAndNoSecret(local.lines(STREAM), "Authorization", "AWS4-HMAC-SHA256", "Signature=",
                "test-secret");
        assertThat(appender().getStats().ignoredInternal()).isPositive();
    }

    @Test
    void assumedRoleSessionCredentialsNeverReachTheStreamWhenEverythingLogsAtTheFinestLevel() throws Exception {
        String role = "arn:aws:iam::123456789012:role/log-producer";
        try (FirehoseLocal account = FirehoseLocal.builder().port(0).stream(STREAM)
                .credentials("test-key", "test-secret").role(role).start()) {
            endpoint = account.endpoint();
            appenderOptions = "    <roleArn>" + role + "</roleArn>\n    <stsEndpoint>${endpoint}</stsEndpoint>\n";
            bridgeJulAtAll();
            configure("TRACE", "");
            ListAppender<ILoggingEvent> seen = everyEvent();

            logThreeCallsFlushingEach();

            // The session's token went out in request headers that HttpURLConnection logged on our sender thread.
            assertThat(seen.list).anyMatch(e -> e.getFormattedMessage().contains("X-Amz-Security-Token"));
            assertTheAppsThreeLinesAndNoSecret(account.lines(STREAM), "X-Amz-Security-Token", SESSION_TOKEN_PREFIX,
                    "SecretAccessKey", "Authorization", "test-secret");
            assertThat(account.calls(STREAM)).allMatch(c -> role.equals(c.roleArn()));
        }
    }

    /** Three calls, each flushed: every Put is signed, and logged by the JDK's HTTP stack on our sender thread. */
    private void logThreeCallsFlushingEach() {
        for (int i = 0; i < 3; i++) {
            LoggerFactory.getLogger("app").info("call {}", i);
            assertThat(FirehoseAppender.flushAll(context, Duration.ofSeconds(20)).isCompleted()).isTrue();
        }
    }

    /** The app's three lines were delivered (with firehose-local's own, logged in this JVM), and no secret. */
    private static void assertTheAppsThreeLinesAndNoSecret(List<String> lines, String... secrets) {
        assertThat(lines).filteredOn(l -> l.contains("\"logger\":\"app\"")).hasSize(3);
        for (String secret : secrets) {
            assertThat(lines).noneMatch(l -> l.contains(secret));
        }
    }

    @Test
    void flushAllDeliversEverythingALambdaHandlerLoggedBehindAnAsyncAppenderBeforeItReturns() throws Exception {
        configure("INFO", "");
        FlushResult result = handleInvocation(LoggerFactory.getLogger("handler"), 200);

        assertThat(result.isCompleted()).isTrue();
        assertThat(local.lines(STREAM)).hasSize(200);
    }

    @Test
    void flushAllReachesThroughNestedWrappers() throws Exception {
        configure("INFO", "", "  <appender name=\"OUTER\" class=\"ch.qos.logback.classic.AsyncAppender\">\n"
                + "    <appender-ref ref=\"ASYNC\"/>\n  </appender>\n");
        FlushResult result = handleInvocation(LoggerFactory.getLogger("handler"), 200);

        assertThat(result.isCompleted()).isTrue();
        assertThat(local.lines(STREAM)).hasSize(200);
    }

    /** A Lambda handler: logs its invocation's lines, then flushes before returning. */
    private FlushResult handleInvocation(Logger log, int lines) {
        for (int i = 0; i < lines; i++) {
            log.info("step {}", i);
        }
        return FirehoseAppender.flushAll(context, Duration.ofSeconds(20));
    }
}
