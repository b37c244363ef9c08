package io.github.firehoseappender.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Renders the figures the scenarios wrote ({@code target/reliability/*.json}) as the markdown table of
 * docs/RELIABILITY.md, and puts it between the file's {@code <!-- reliability-table -->} markers. Run by
 * {@code -Preliability-report} after the tests; arguments: the figures folder, the markdown file.
 */
public final class ReliabilityReport {
    static final String BEGIN = "<!-- reliability-table:begin -->";
    static final String END = "<!-- reliability-table:end -->";

    private ReliabilityReport() {
    }

    public static void main(String[] args) throws IOException {
        Path figures = Paths.get(args[0]);
        Path markdown = Paths.get(args[1]);
        String table = table(read(figures));
        Files.writeString(figures.resolve("table.md"), table, StandardCharsets.UTF_8);
        if (Files.exists(markdown)) {
            String text = Files.readString(markdown, StandardCharsets.UTF_8);
            int begin = text.indexOf(BEGIN);
            int end = text.indexOf(END);
            if (begin < 0 || end < begin) {
                throw new IllegalStateException(markdown + " has no " + BEGIN + " ... " + END + " markers");
            }
            Files.writeString(markdown, text.substring(0, begin + BEGIN.length()) + "\n" + table
                    + text.substring(end), StandardCharsets.UTF_8);
        }
        System.out.println(table);
    }

    static List<JsonNode> read(Path dir) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> rows = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
            for (Path f : files) {
                rows.add(json.readTree(f.toFile()));
            }
        }
        rows.sort(Comparator.<JsonNode>comparingInt(r -> r.get("number").asInt())
                .thenComparing(r -> r.get("scenario").asText())
                .thenComparing(r -> r.get("framework").asText()));
        return rows;
    }

    static String table(List<JsonNode> rows) {
        StringBuilder md = new StringBuilder();
        md.append("| # | scenario | framework | appended | delivered | dropped (cause) | truncated | duplicate events "
                + "seen / records counted as possible duplicates | entries retried | calls | max heap used / after GC (MiB) | recovery | "
                + "other figures |\n");
        md.append("|---|---|---|--:|--:|---|--:|--:|--:|--:|--:|--:|---|\n");
        for (JsonNode r : rows) {
            JsonNode notes = r.path("notes");
            md.append("| ").append(r.get("number").asInt())
                    .append(" | ").append(r.get("title").asText())
                    .append(" | ").append(r.get("framework").asText())
                    .append(" | ").append(number(r, "appended", notes))
                    .append(" | ").append(r.has("delivered") ? number(r, "delivered", notes)
                            : number(notes, "deliveredAtFirehose", notes))
                    .append(" | ").append(dropped(r.path("dropped")))
                    .append(" | ").append(number(r, "truncated", notes))
                    .append(" | ").append(number(r, "duplicatesObserved", notes)).append(" / ")
                    .append(number(r, "possibleDuplicates", notes))
                    .append(" | ").append(number(r, "entriesRetried", notes))
                    .append(" | ").append(number(r, "callsSent", notes))
                    .append(" | ").append(r.has("maxHeapUsedMiB") ? r.get("maxHeapUsedMiB").asLong() + " / "
                            + r.get("maxHeapAfterGcMiB").asLong() + " of " + r.get("heapLimitMiB").asLong() : "–")
                    .append(" | ").append(r.has("recoveryMillis") ? r.get("recoveryMillis").asLong() + " ms" : "–")
                    .append(" | ").append(notes(notes))
                    .append(" |\n");
        }
        return md.toString();
    }

    private static String number(JsonNode row, String field, JsonNode notes) {
        JsonNode v = row.has(field) ? row.get(field) : notes.get(field);
        return v == null ? "–" : String.format("%,d", v.asLong());
    }

    private static String dropped(JsonNode dropped) {
        if (dropped.isMissingNode() || dropped.size() == 0) {
            return "0";
        }
        List<String> parts = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = dropped.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            parts.add(String.format("%,d %s", e.getValue().asLong(), e.getKey()));
        }
        return String.join(", ", parts);
    }

    private static String notes(JsonNode notes) {
        List<String> parts = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = notes.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals("appended") || e.getKey().equals("deliveredAtFirehose")
                    || e.getKey().equals("duplicatesObserved")) {
                continue;
            }
            String value = e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString();
            parts.add(e.getKey() + "=" + value.replace("|", "\\|").replace("\n", " "));
        }
        return String.join("; ", parts);
    }
}
