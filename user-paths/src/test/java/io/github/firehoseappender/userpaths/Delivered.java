package io.github.firehoseappender.userpaths;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What firehose-local accepted on the stream, read as the app's ids and the lines that must never be shipped. */
final class Delivered {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** How often each id ({@code id-<n>} at the start of a message) arrived. */
    final Map<Integer, Integer> idCounts = new HashMap<>();
    /** Lines logged by the AWS SDK or on one of the appender's own threads: the appender must refuse these. */
    final List<String> internalLines = new ArrayList<>();
    int lines;

    static Delivered from(List<String> lines) {
        Delivered delivered = new Delivered();
        for (String line : lines) {
            delivered.add(line);
        }
        return delivered;
    }

    private void add(String line) {
        lines++;
        JsonNode event;
        try {
            event = JSON.readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException("firehose-local holds a line that is not JSON: " + line, e);
        }
        String logger = event.path("logger").asText("");
        String thread = event.path("thread").asText("");
        if (logger.startsWith("software.amazon.awssdk") || thread.startsWith("firehose-")) {
            internalLines.add(line.length() > 300 ? line.substring(0, 300) + "..." : line);
        }
        String message = event.path("message").asText("");
        if (message.startsWith("id-")) {
            int end = message.indexOf(' ');
            int id = Integer.parseInt(message.substring(3, end < 0 ? message.length() : end));
            idCounts.merge(id, 1, Integer::sum);
        }
    }

    /** Expected ids that never arrived, in order. */
    List<Integer> missing(List<Integer> expected) {
        List<Integer> missing = new ArrayList<>();
        for (int id : expected) {
            if (!idCounts.containsKey(id)) {
                missing.add(id);
            }
        }
        return missing;
    }

    /** Ids that arrived more than once. */
    int duplicatedIds() {
        int n = 0;
        for (int count : idCounts.values()) {
            if (count > 1) {
                n++;
            }
        }
        return n;
    }
}
