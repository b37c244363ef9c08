package io.github.firehoseappender.logback;

import io.github.firehoseappender.testkit.AdapterScenarios;
import io.github.firehoseappender.testkit.LoggingDriver;

/** The shared adapter scenarios, through logback.xml and SLF4J's default Logback context. */
class LogbackScenariosTest extends AdapterScenarios {
    @Override
    protected LoggingDriver newDriver() {
        return new LogbackDriver();
    }
}
