package io.github.firehoseappender.log4j2;

import io.github.firehoseappender.core.stats.DeliveryStats;
import io.github.firehoseappender.reliability.FrameworkUnderTest;
import io.github.firehoseappender.testkit.LoggingDriver;
import java.util.List;
import java.util.function.Supplier;

/** Log4j2 through log4j2.xml and the Firehose plugin, driven by the adapter's own {@link Log4j2Driver}. */
final class Log4j2UnderTest implements FrameworkUnderTest {
    static final Log4j2UnderTest INSTANCE = new Log4j2UnderTest();

    @Override
    public String name() {
        return "log4j2";
    }

    @Override
    public LoggingDriver newDriver() {
        return new Log4j2Driver();
    }

    @Override
    public Supplier<DeliveryStats> pinnedStats(LoggingDriver driver) {
        FirehoseAppender appender = ((Log4j2Driver) driver).appender();
        return appender::getStats;
    }

    @Override
    public Class<?> childMain() {
        return Log4j2ShutdownChild.class;
    }

    @Override
    public List<String> childJvmOptions() {
        return List.of("-Dslf4j.provider=org.apache.logging.slf4j.SLF4JServiceProvider");
    }
}
