package io.github.firehoseappender.core;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** A status channel that keeps every message, for assertions. */
public final class RecordingStatus implements StatusReporter {
    private final List<String> messages = new ArrayList<>();

    @Override
    public synchronized void info(String message) {
        messages.add("INFO " + message);
    }

    @Override
    public synchronized void warn(String message, Throwable cause) {
        messages.add("WARN " + message);
    }

    @Override
    public synchronized void error(String message, Throwable cause) {
        messages.add("ERROR " + message);
    }

    public synchronized List<String> messages() {
        return new ArrayList<>(messages);
    }

    public synchronized List<String> errors() {
        return messages.stream().filter(m -> m.startsWith("ERROR ")).collect(Collectors.toList());
    }

    public synchronized String all() {
        return String.join("\n", messages);
    }
}
