package io.github.firehoseappender.log4j2;

import io.github.firehoseappender.reliability.DeliveryFaultScenarios;

/** Issue 5's scenarios 1-4 through Log4j2. */
class Log4j2DeliveryFaultsTest extends DeliveryFaultScenarios {
    Log4j2DeliveryFaultsTest() {
        super(Log4j2UnderTest.INSTANCE);
    }
}
