package io.github.firehoseappender.log4j2;

import io.github.firehoseappender.reliability.StartupAndShutdownScenarios;

/** Issue 5's scenarios 5-6 through Log4j2. */
class Log4j2StartupAndShutdownTest extends StartupAndShutdownScenarios {
    Log4j2StartupAndShutdownTest() {
        super(Log4j2UnderTest.INSTANCE);
    }
}
