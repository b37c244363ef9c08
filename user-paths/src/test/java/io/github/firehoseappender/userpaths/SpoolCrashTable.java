package io.github.firehoseappender.userpaths;

import java.util.Map;
import java.util.TreeMap;

/**
 * The kill -9 runs of {@link SpoolCrashTest} as a Markdown table in {@code target/spool-crash-table.md}, rewritten
 * after every run; {@code user-paths/spool-crash.sh} splices it into docs/RELIABILITY.md.
 */
final class SpoolCrashTable {
    private static final Map<Integer, String> ROWS = new TreeMap<>();

    private SpoolCrashTable() {
    }

    static synchronized void record(int run, String row) {
        ROWS.put(run, row);
        MarkdownTable.write("spool-crash.table",
                "| run | kill after ms | outage | logged before kill | on spool (frames / events) "
                        + "| delivered before kill (by the killed app) | delivered by the restarted app (replayed + its own 1,000) "
                        + "| lost in memory (reached neither) "
                        + "| missing | duplicate ids | replayed (restarted app) | result |",
                "|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|", ROWS.values());
    }
}
