package io.github.firehoseappender.springboot;

import java.util.List;

/** The one stderr line of an appender that did not start, in the adapters' format. */
final class NotStartedLine {
    private NotStartedLine() {
    }

    static void print(String appenderName, List<String> problems) {
        System.err.println("[firehose-appender] " + appenderName + ": NOT STARTED, so its logs are not shipped "
                + "(the application runs on); fix the configuration: " + String.join("; ", problems));
        System.err.flush();
    }
}
