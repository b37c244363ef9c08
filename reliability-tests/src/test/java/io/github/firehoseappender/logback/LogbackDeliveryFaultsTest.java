package io.github.firehoseappender.logback;

import io.github.firehoseappender.reliability.DeliveryFaultScenarios;

/** Issue 5's scenarios 1-4 through Logback. */
class LogbackDeliveryFaultsTest extends DeliveryFaultScenarios {
    LogbackDeliveryFaultsTest() {
        super(LogbackUnderTest.INSTANCE);
    }
}
