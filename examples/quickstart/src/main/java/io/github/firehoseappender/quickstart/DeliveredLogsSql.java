package io.github.firehoseappender.quickstart;

import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.ZonedDateTime;

/**
 * The reference walkthrough's three Athena queries, run with DuckDB over the files firehose-local delivered.
 * A view named {@code logging} plays the Glue table: JSON lines, partitions year/month/day/hour read from the
 * Hive-style folder names, kept as strings as in the Glue table.
 */
final class DeliveredLogsSql implements AutoCloseable {
    private final Connection connection;

    DeliveredLogsSql(Path dataDir) throws SQLException {
        connection = DriverManager.getConnection("jdbc:duckdb:");
        String glob = dataDir.resolve("logging").toAbsolutePath() + "/*/*/*/*/*";
        try (Statement st = connection.createStatement()) {
            st.execute("CREATE VIEW logging AS SELECT * FROM read_json('" + glob.replace("'", "''") + "',"
                    + " format = 'newline_delimited', hive_partitioning = true, hive_types_autocast = false,"
                    + " union_by_name = true)");
        }
    }

    long count() throws SQLException {
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM logging")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Runs the three queries of the walkthrough, and one trace's logs, for the hour the logs arrived in; returns the rows each printed. */
    int[] runReferenceQueries(ZonedDateTime arrival, PrintStream out) throws SQLException {
        String year = String.format("%04d", arrival.getYear());
        String month = String.format("%02d", arrival.getMonthValue());
        String day = String.format("%02d", arrival.getDayOfMonth());
        String hour = String.format("%02d", arrival.getHour());
        // The hour before, unless that was yesterday.
        String previousHour = String.format("%02d", Math.max(0, arrival.getHour() - 1));
        return new int[] {
            query(out, "All log events of " + year + "-" + month + "-" + day + " (first 10)",
                    "SELECT event_time, level, logger, message FROM logging"
                            + " WHERE year = '" + year + "' AND month = '" + month + "' AND day = '" + day + "'"
                            + " ORDER BY event_time LIMIT 10"),
            query(out, "Messages of 5xx errors",
                    "SELECT event_time, mdc['request_id'] AS request_id, message FROM logging"
                            + " WHERE message LIKE '%code 5%' ORDER BY event_time"),
            query(out, "5xx errors between hours " + previousHour + " and " + hour,
                    "SELECT event_time, hour, message FROM logging WHERE message LIKE '%code 5%'"
                            + " AND hour BETWEEN '" + previousHour + "' AND '" + hour + "' ORDER BY event_time"),
            query(out, "All logs of one trace (the first 5xx request's), in time order",
                    "SELECT event_time, trace_id, span_id, level, message FROM logging WHERE trace_id ="
                            + " (SELECT trace_id FROM logging WHERE message LIKE '%code 5%' ORDER BY event_time LIMIT 1)"
                            + " ORDER BY event_time, event_id"),
        };
    }

    private int query(PrintStream out, String title, String sql) throws SQLException {
        out.println();
        out.println("== " + title);
        out.println("   " + sql);
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            return TablePrinter.print(rs, out);
        }
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
