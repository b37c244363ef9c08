package io.github.firehoseappender.core.json;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code promotedMdcKeys} option: MDC keys written as top-level string fields (Glue columns) instead of entries of
 * {@code mdc}. A key becomes a column name as it is, so it must be one Athena reads unquoted: snake_case, at most
 * {@link #MAX_LENGTH} characters, not a reserved word, not a column the schema already has, not a partition key.
 */
public final class PromotedMdcKeys {
    /** The template's {@code PromotedMdcKeys} parameter has this many column slots. */
    public static final int MAX_KEYS = 10;
    public static final int MAX_LENGTH = 64;
    /** The table's partition keys: a column of the same name would clash with them. */
    public static final List<String> PARTITION_KEYS = Collections.unmodifiableList(
            Arrays.asList("year", "month", "day", "hour"));

    /**
     * Athena's reserved words, lowercase: those of its DDL (Hive) and of its SELECT statements (Trino), as the Athena
     * documentation lists them. A column named so would have to be quoted in every query.
     */
    public static final Set<String> ATHENA_RESERVED_WORDS = Collections.unmodifiableSet(new HashSet<>(Arrays.asList(
            "all", "alter", "and", "array", "as", "authorization", "between", "bigint", "binary", "boolean", "both",
            "by", "case", "cashe", "cast", "char", "column", "commit", "conf", "constraint", "create", "cross", "cube",
            "current", "current_catalog", "current_date", "current_path", "current_role", "current_schema",
            "current_time", "current_timestamp", "current_user", "cursor", "database", "date", "dayofweek",
            "deallocate", "decimal", "delete", "describe", "distinct", "div", "double", "drop", "else", "end",
            "escape", "except", "exchange", "execute", "exists", "extended", "external", "extract", "false", "fetch",
            "first", "float", "floor", "following", "for", "foreign", "from", "full", "function", "grant", "group",
            "grouping", "having", "if", "import", "in", "inner", "insert", "int", "integer", "intersect", "interval",
            "into", "is", "join", "json_array", "json_exists", "json_object", "json_query", "json_table",
            "json_value", "last", "lateral", "left", "less", "like", "listagg", "local", "localtime",
            "localtimestamp", "macro", "map", "more", "natural", "none", "normalize", "not", "null", "numeric", "of",
            "on", "only", "or", "order", "out", "outer", "over", "partialscan", "partition", "percent", "preceding",
            "precision", "prepare", "preserve", "primary", "procedure", "range", "reads", "recursive", "reduce",
            "references", "regexp", "revoke", "right", "rlike", "rollback", "rollup", "row", "rows", "select", "set",
            "skip", "smallint", "start", "table", "tablesample", "then", "time", "timestamp", "to", "transform",
            "trigger", "trim", "true", "truncate", "uescape", "unbounded", "union", "uniquejoin", "unnest", "update",
            "user", "using", "utc_timestamp", "values", "varchar", "views", "when", "where", "window", "with")));

    private PromotedMdcKeys() {
    }

    /**
     * The keys of a comma-separated list, in order; blank gives none.
     *
     * @throws IllegalArgumentException naming the option, each bad key, the rule and the fix
     */
    public static List<String> parse(String text) {
        if (text == null || text.trim().isEmpty()) {
            return Collections.emptyList();
        }
        Set<String> keys = new LinkedHashSet<>();
        List<String> problems = new ArrayList<>();
        for (String item : text.split(",", -1)) {
            String key = item.trim();
            String problem = problem(key);
            if (problem != null) {
                problems.add(problem);
            } else if (!keys.add(key)) {
                problems.add("'" + key + "' is listed twice");
            }
        }
        if (keys.size() > MAX_KEYS) {
            problems.add(keys.size() + " keys exceed " + MAX_KEYS + " (the Glue table's promoted column slots)");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("promotedMdcKeys=" + text + ": " + String.join("; ", problems)
                    + "; list snake_case MDC keys Athena reads unquoted, or omit the option");
        }
        return Collections.unmodifiableList(new ArrayList<>(keys));
    }

    /** Why {@code key} cannot be a column, or null when it can. */
    static String problem(String key) {
        if (key.isEmpty()) {
            return "an empty key";
        }
        if (key.length() > MAX_LENGTH) {
            return "'" + key + "' is longer than " + MAX_LENGTH + " characters";
        }
        if (!isSnakeCase(key)) {
            return "'" + key + "' is not snake_case (a-z first, then a-z, 0-9, _)";
        }
        if (ATHENA_RESERVED_WORDS.contains(key)) {
            return "'" + key + "' is reserved in Athena";
        }
        if (PARTITION_KEYS.contains(key)) {
            return "'" + key + "' is a partition key of the table";
        }
        for (LogSchema.Field field : LogSchema.FIELDS) {
            if (field.name().equals(key)) {
                return "'" + key + "' is already a column";
            }
        }
        return null;
    }

    private static boolean isSnakeCase(String key) {
        char first = key.charAt(0);
        if (first < 'a' || first > 'z') {
            return false;
        }
        for (int i = 1; i < key.length(); i++) {
            char c = key.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_')) {
                return false;
            }
        }
        return true;
    }
}
