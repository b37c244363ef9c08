package io.github.firehoseappender.logback;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.github.firehoseappender.testkit.LocalFirehoseServer;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;

/** Caller data in a custom pattern: taken on the logging thread when the pattern renders it, and only then. */
@Timeout(60)
class CallerDataTest {
    private static final String STREAM = "app-logs";
    @RegisterExtension
    final LocalFirehoseServer local = new LocalFirehoseServer(STREAM);

    @Test
    void aPatternWithCallerDataShipsTheLoggingClassMethodAndLine() throws Exception {
        String encoder = "    <encoder class=\"ch.qos.logback.classic.encoder.PatternLayoutEncoder\">\n"
                + "      <pattern>%class.%method:%line %msg%n</pattern>\n    </encoder>\n";
        try (LogbackFixture fx = new LogbackFixture(LogbackFixture.config(encoder, ""),
                Map.of("stream", STREAM, "endpoint", local.endpoint().toString()))) {
            Logger log = fx.context.getLogger("app");
            int line = new Throwable().getStackTrace()[0].getLineNumber() + 1;
            log.info("placed order");
            assertThat(fx.appender().flush(Duration.ofSeconds(20)).isCompleted()).isTrue();

            assertThat(local.lines(STREAM)).containsExactly(CallerDataTest.class.getName()
                    + ".aPatternWithCallerDataShipsTheLoggingClassMethodAndLine:" + line + " placed order");
        }
    }

    @Test
    void behindAnAsyncAppenderThatIncludesCallerDataTheCallerIsShippedToo() throws Exception {
        String xml = "<configuration>\n"
                + "  <appender name=\"FIREHOSE\" class=\"io.github.firehoseappender.logback.FirehoseAppender\">\n"
                + "    <deliveryStream>${stream}</deliveryStream>\n    <endpoint>${endpoint}</endpoint>\n"
                + "    <region>us-east-1</region>\n    <shutdownHook>false</shutdownHook>\n    <jmx>false</jmx>\n"
                + "    <encoder><pattern>%method:%line %msg</pattern></encoder>\n  </appender>\n"
                + "  <appender name=\"ASYNC\" class=\"ch.qos.logback.classic.AsyncAppender\">\n"
                + "    <includeCallerData>true</includeCallerData>\n    <appender-ref ref=\"FIREHOSE\"/>\n"
                + "  </appender>\n  <root level=\"INFO\"><appender-ref ref=\"ASYNC\"/></root>\n</configuration>\n";
        try (LogbackFixture fx = new LogbackFixture(xml, Map.of("stream", STREAM, "endpoint",
                local.endpoint().toString()))) {
            Logger log = fx.context.getLogger("app");
            int line = new Throwable().getStackTrace()[0].getLineNumber() + 1;
            log.info("placed order");
            assertThat(FirehoseAppender.flushAll(fx.context, Duration.ofSeconds(20)).isCompleted()).isTrue();

            assertThat(local.lines(STREAM)).containsExactly(
                    "behindAnAsyncAppenderThatIncludesCallerDataTheCallerIsShippedToo:" + line + " placed order");
        }
    }

    @Test
    void onlyPatternsThatRenderCallerDataAskForIt() {
        assertThat(CallerDataUse.of(encoder("%d %level %logger %msg%n"))).isFalse();
        assertThat(CallerDataUse.of(encoder("%-5level %replace(%msg){'x','y'}%n"))).isFalse();
        assertThat(CallerDataUse.of(encoder("%C{1}.%M %msg%n"))).isTrue();
        assertThat(CallerDataUse.of(encoder("%msg %caller{2}%n"))).isTrue();
        assertThat(CallerDataUse.of(encoder("%red(%file:%L) %msg%n"))).isTrue();
    }

    private static PatternLayoutEncoder encoder(String pattern) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(new LoggerContext());
        encoder.setPattern(pattern);
        encoder.start();
        return encoder;
    }
}
