package io.github.firehoseappender.reliability;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.github.firehoseappender.core.stats.DeliveryStats;
import io.github.firehoseappender.core.stats.DropCause;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one scenario measured on one framework, written to {@code target/reliability/<scenario>-<framework>.json}
 * for {@link ReliabilityReport} to render. Keys are fixed ({@code appended}, {@code delivered}, ...) plus free-form
 * {@code notes}.
 */
final class ScenarioFigures {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private final Map<String, Object> figures = new LinkedHashMap<>();
    private final Map<String, Object> notes = new LinkedHashMap<>();

    ScenarioFigures(int number, String scenario, String title, String framework) {
        figures.put("number", number);
        figures.put("scenario", scenario);
        figures.put("title", title);
        figures.put("framework", framework);
    }

    /** The appender's counters at the end of the scenario. */
    ScenarioFigures stats(DeliveryStats stats) {
        figures.put("appended", stats.appended());
        figures.put("delivered", stats.delivered());
        Map<String, Long> dropped = new LinkedHashMap<>();
        for (Map.Entry<DropCause, Long> e : stats.droppedByCause().entrySet()) {
            if (e.getValue() > 0) {
                dropped.put(e.getKey().name(), e.getValue());
            }
        }
        figures.put("dropped", dropped);
        figures.put("truncated", stats.truncated());
        figures.put("possibleDuplicates", stats.possibleDuplicates());
        figures.put("entriesRetried", stats.entriesRetried());
        figures.put("callsSent", stats.callsSent());
        figures.put("callsRetried", stats.callsRetried());
        figures.put("ignoredInternal", stats.ignoredInternal());
        return this;
    }

    /** Duplicates seen at firehose-local: event lines with an event_id delivered more than once. */
    ScenarioFigures duplicatesObserved(long duplicates) {
        figures.put("duplicatesObserved", duplicates);
        return this;
    }

    ScenarioFigures heap(HeapSampler heap) {
        figures.put("maxHeapUsedMiB", heap.maxUsedMiB());
        figures.put("maxHeapAfterGcMiB", heap.maxAfterGcMiB());
        figures.put("heapLimitMiB", HeapSampler.maxHeapMiB());
        return this;
    }

    ScenarioFigures recoveryMillis(long millis) {
        figures.put("recoveryMillis", millis);
        return this;
    }

    ScenarioFigures durationMillis(long millis) {
        figures.put("durationMillis", millis);
        return this;
    }

    /** A scenario-specific figure, shown in the table's notes column as {@code key=value}. */
    ScenarioFigures note(String key, Object value) {
        notes.put(key, value);
        return this;
    }

    /** Writes the file; the directory comes from {@code reliability.out} (the pom sets target/reliability). */
    void write() {
        figures.put("notes", notes);
        Path dir = Paths.get(System.getProperty("reliability.out", "target/reliability"));
        try {
            Files.createDirectories(dir);
            JSON.writeValue(dir.resolve(figures.get("scenario") + "-" + figures.get("framework") + ".json").toFile(),
                    figures);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the figures of " + figures.get("scenario"), e);
        }
    }
}
