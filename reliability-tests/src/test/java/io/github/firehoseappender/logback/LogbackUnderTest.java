package io.github.firehoseappender.logback;

import io.github.firehoseappender.core.stats.DeliveryStats;
import io.github.firehoseappender.reliability.FrameworkUnderTest;
import io.github.firehoseappender.testkit.LoggingDriver;
import java.util.List;
import java.util.function.Supplier;

/** Logback through logback.xml and FirehoseAppender, driven by the adapter's own {@link LogbackDriver}. */
final class LogbackUnderTest implements FrameworkUnderTest {
    static final LogbackUnderTest INSTANCE = new LogbackUnderTest();

    @Override
    public String name() {
        return "logback";
    }

    @Override
    public LoggingDriver newDriver() {
        return new LogbackDriver();
    }

    @Override
    public Supplier<DeliveryStats> pinnedStats(LoggingDriver driver) {
        FirehoseAppender appender = ((LogbackDriver) driver).appender();
        return appender::getStats;
    }

    @Override
    public Class<?> childMain() {
        return LogbackShutdownChild.class;
    }

    @Override
    public List<String> childJvmOptions() {
        return List.of("-Dslf4j.provider=ch.qos.logback.classic.spi.LogbackServiceProvider");
    }
}
