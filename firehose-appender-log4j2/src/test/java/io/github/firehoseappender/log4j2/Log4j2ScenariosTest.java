package io.github.firehoseappender.log4j2;

import io.github.firehoseappender.testkit.AdapterScenarios;
import io.github.firehoseappender.testkit.LoggingDriver;

/** The shared adapter scenarios, through log4j2.xml and the Firehose plugin. */
class Log4j2ScenariosTest extends AdapterScenarios {
    @Override
    protected LoggingDriver newDriver() {
        return new Log4j2Driver();
    }
}
