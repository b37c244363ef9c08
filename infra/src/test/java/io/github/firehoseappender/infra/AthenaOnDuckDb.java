package io.github.firehoseappender.infra;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One stack's Glue table and Athena named queries, in DuckDB: the table becomes a view {@code <database>.<table>} over
 * JSON lines delivered in the Firehose layout ({@code logging/year=…/month=…/day=…/hour=…/<object>}), with the
 * table's column types; the Athena (Trino) functions the queries use that DuckDB lacks become macros, the dialect
 * mapping documented in infra/README.md ({@link #ATHENA_DIALECT}).
 */
final class AthenaOnDuckDb implements AutoCloseable {
    /** Athena SQL → DuckDB: the functions the named queries use that DuckDB names differently. */
    static final Map<String, String> ATHENA_DIALECT = Map.of(
            "regexp_like(s, p)", "regexp_matches(s, p)",
            "from_iso8601_timestamp(s)", "CAST(s AS TIMESTAMPTZ)");
    private static final Pattern HIVE_COMPOUND = Pattern.compile("(map|array|struct)<(.*)>");

    private final Connection duckdb;
    private final Map<String, String> queries = new LinkedHashMap<>();

    /** The template's table and queries as {@code stack} evaluates them, over the lines delivered to {@code dataDir}. */
    AthenaOnDuckDb(CloudFormationTemplate template, CloudFormationTemplate.Evaluation stack, Path dataDir)
            throws SQLException {
        String database = stack.properties("GlueDatabase").at("/DatabaseInput/Name").asText();
        JsonNode table = stack.properties("LogTable").path("TableInput");
        stack.with("GlueDatabase", database).with("LogTable", table.path("Name").asText());
        for (String id : template.resourcesOfType("AWS::Athena::NamedQuery")) {
            JsonNode query = stack.properties(id);
            queries.put(query.path("Name").asText(), query.path("QueryString").asText());
        }
        duckdb = DriverManager.getConnection("jdbc:duckdb:");
        try (Statement sql = duckdb.createStatement()) {
            for (Map.Entry<String, String> mapping : ATHENA_DIALECT.entrySet()) {
                sql.execute("CREATE MACRO " + mapping.getKey() + " AS " + mapping.getValue());
            }
            sql.execute("CREATE SCHEMA " + database);
            sql.execute("CREATE VIEW " + database + "." + table.path("Name").asText() + " AS "
                    + readJson(table, dataDir));
        }
    }

    /** The named queries' SQL by name, in template order. */
    Map<String, String> queries() {
        return queries;
    }

    /** The named query, as written. */
    String query(String name) {
        String sql = queries.get(name);
        if (sql == null) {
            throw new AssertionError("template has no named query " + name + ": " + queries.keySet());
        }
        return sql;
    }

    /** The DuckDB connection (for measurements that set their own options). */
    Connection connection() {
        return duckdb;
    }

    /** The rows of a query, each column by its label. */
    List<Map<String, Object>> rows(String sql) throws SQLException {
        List<Map<String, Object>> rows = new ArrayList<>();
        try (Statement statement = duckdb.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= columns; i++) {
                    row.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    @Override
    public void close() throws SQLException {
        duckdb.close();
    }

    /**
     * The Glue table as DuckDB reads it: its columns and types, its partition keys as text (one folder level each),
     * one object per line; or, when the table's SerDe is Parquet, the Parquet files with their own column types.
     */
    private static String readJson(JsonNode table, Path dataDir) {
        String glob = dataDir.resolve("logging").toString().replace('\\', '/') + "/*".repeat(table.path("PartitionKeys").size() + 1);
        String hiveTypes = duckDbTypes(table.path("PartitionKeys"));
        if (table.at("/StorageDescriptor/SerdeInfo/SerializationLibrary").asText().endsWith("ParquetHiveSerDe")) {
            return "SELECT * FROM read_parquet('" + glob + "', hive_partitioning = true, hive_types = " + hiveTypes + ")";
        }
        return "SELECT * FROM read_json('" + glob + "', format = 'newline_delimited', hive_partitioning = true,"
                + " hive_types = " + hiveTypes
                + ", columns = " + duckDbTypes(table.at("/StorageDescriptor/Columns")) + ")";
    }

    /** Glue columns as a DuckDB struct literal {'name': 'TYPE', ...}. */
    private static String duckDbTypes(JsonNode columns) {
        List<String> entries = new ArrayList<>();
        for (JsonNode column : columns) {
            entries.add("'" + column.path("Name").asText() + "': '" + duckDbType(column.path("Type").asText()) + "'");
        }
        return "{" + String.join(", ", entries) + "}";
    }

    /** Hive type → DuckDB type: string→VARCHAR, boolean→BOOLEAN, map/array/struct recursively. */
    static String duckDbType(String hive) {
        Matcher m = HIVE_COMPOUND.matcher(hive.trim());
        if (!m.matches()) {
            switch (hive.trim()) {
                case "string": return "VARCHAR";
                case "boolean": return "BOOLEAN";
                case "bigint": return "BIGINT";
                case "int": return "INTEGER";
                case "double": return "DOUBLE";
                default: throw new AssertionError("no DuckDB type for Hive type " + hive);
            }
        }
        List<String> parts = topLevelParts(m.group(2));
        switch (m.group(1)) {
            case "array":
                return duckDbType(parts.get(0)) + "[]";
            case "map":
                return "MAP(" + duckDbType(parts.get(0)) + ", " + duckDbType(parts.get(1)) + ")";
            default:
                StringBuilder fields = new StringBuilder();
                for (String part : parts) {
                    int colon = part.indexOf(':');
                    fields.append(fields.length() == 0 ? "" : ", ").append('"').append(part.substring(0, colon)).append("\" ")
                            .append(duckDbType(part.substring(colon + 1)));
                }
                return "STRUCT(" + fields + ")";
        }
    }

    private static List<String> topLevelParts(String inner) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < inner.length(); i++) {
            char c = inner.charAt(i);
            if (c == '<') {
                depth++;
            } else if (c == '>') {
                depth--;
            } else if (c == ',' && depth == 0) {
                parts.add(inner.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(inner.substring(start));
        return parts;
    }
}
