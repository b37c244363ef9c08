package io.github.firehoseappender.logback;

import io.github.firehoseappender.reliability.InputAndConcurrencyScenarios;

/** Issue 5's scenarios 7-9 through Logback. */
class LogbackInputAndConcurrencyTest extends InputAndConcurrencyScenarios {
    LogbackInputAndConcurrencyTest() {
        super(LogbackUnderTest.INSTANCE);
    }
}
