package io.github.firehoseappender.log4j2;

import io.github.firehoseappender.reliability.InputAndConcurrencyScenarios;

/** Issue 5's scenarios 7-9 through Log4j2. */
class Log4j2InputAndConcurrencyTest extends InputAndConcurrencyScenarios {
    Log4j2InputAndConcurrencyTest() {
        super(Log4j2UnderTest.INSTANCE);
    }
}
