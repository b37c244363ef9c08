package io.github.firehoseappender.logback;

import io.github.firehoseappender.reliability.StartupAndShutdownScenarios;

/** Issue 5's scenarios 5-6 through Logback. */
class LogbackStartupAndShutdownTest extends StartupAndShutdownScenarios {
    LogbackStartupAndShutdownTest() {
        super(LogbackUnderTest.INSTANCE);
    }
}
