package io.github.firehoseappender.log4j2;

/** The shared adapter scenarios, through log4j2.xml and the Firehose plugin, with synchronous loggers. */
class Log4j2ScenariosTest extends Log4j2Scenarios {
}
