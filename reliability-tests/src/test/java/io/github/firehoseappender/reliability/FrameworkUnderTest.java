package io.github.firehoseappender.reliability;

import io.github.firehoseappender.core.stats.DeliveryStats;
import io.github.firehoseappender.testkit.LoggingDriver;
import java.util.List;
import java.util.function.Supplier;

/** One logging framework as the scenarios need it; one implementation per adapter, in the adapter's package. */
public interface FrameworkUnderTest {
    /** {@code logback} or {@code log4j2}: names the figures files. */
    String name();

    /** A fresh driver (the adapter's own test driver, from its test-jar). */
    LoggingDriver newDriver();

    /** The current appender's counters, still readable after the driver stopped the framework. */
    Supplier<DeliveryStats> pinnedStats(LoggingDriver driver);

    /** The main class a child JVM runs to log and then wait for SIGTERM (see {@link ShutdownChild}). */
    Class<?> childMain();

    /** System properties the child JVM needs (the SLF4J provider of this framework). */
    List<String> childJvmOptions();
}
