package io.github.firehoseappender.userpaths;

import java.util.Map;
import java.util.TreeMap;

/**
 * The matrix as a Markdown table in {@code target/user-paths-table.md}, rewritten after every case (so a partial
 * run still leaves one). {@code user-paths/report.sh} splices it into docs/RELIABILITY.md.
 */
final class ResultsTable {
    private static final Map<String, String> ROWS = new TreeMap<>();

    private ResultsTable() {
    }

    static synchronized void record(String label, String delivered, String duplicates, String drops, long stopMillis,
                                    String result) {
        ROWS.put(label, "| " + label + " | " + delivered + " | " + duplicates + " | " + drops + " | "
                + (stopMillis < 0 ? "–" : String.format("%,d", stopMillis)) + " | " + result.replace("|", "/") + " |");
        write();
    }

    private static void write() {
        MarkdownTable.write("user-paths.table",
                "| case | delivered / logged ids | duplicate ids (possible duplicates counted) | drops counted"
                        + " | stop (ms) | result |",
                "|---|--:|--:|---|--:|---|", ROWS.values());
    }
}
