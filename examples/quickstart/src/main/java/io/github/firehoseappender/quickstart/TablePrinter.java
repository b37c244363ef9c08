package io.github.firehoseappender.quickstart;

import java.io.PrintStream;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Prints a JDBC result as a plain text table, cells cut to a readable width. */
final class TablePrinter {
    private static final int MAX_CELL = 60;

    private TablePrinter() {
    }

    static int print(ResultSet rs, PrintStream out) throws SQLException {
        ResultSetMetaData meta = rs.getMetaData();
        int columns = meta.getColumnCount();
        List<String[]> rows = new ArrayList<>();
        String[] header = new String[columns];
        int[] widths = new int[columns];
        for (int c = 0; c < columns; c++) {
            header[c] = meta.getColumnLabel(c + 1);
            widths[c] = header[c].length();
        }
        while (rs.next()) {
            String[] row = new String[columns];
            for (int c = 0; c < columns; c++) {
                row[c] = cell(rs.getString(c + 1));
                widths[c] = Math.max(widths[c], row[c].length());
            }
            rows.add(row);
        }
        printRow(header, widths, out);
        StringBuilder rule = new StringBuilder();
        for (int w : widths) {
            rule.append("+").append("-".repeat(w + 2));
        }
        out.println(rule.append("+"));
        for (String[] row : rows) {
            printRow(row, widths, out);
        }
        out.println("(" + rows.size() + " rows)");
        return rows.size();
    }

    private static String cell(String value) {
        if (value == null) {
            return "NULL";
        }
        String flat = value.replace('\n', ' ').replace('\r', ' ');
        return flat.length() <= MAX_CELL ? flat : flat.substring(0, MAX_CELL - 1) + "…";
    }

    private static void printRow(String[] cells, int[] widths, PrintStream out) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < cells.length; c++) {
            line.append("| ").append(cells[c]).append(" ".repeat(widths[c] - cells[c].length() + 1));
        }
        out.println(line.append("|"));
    }
}
