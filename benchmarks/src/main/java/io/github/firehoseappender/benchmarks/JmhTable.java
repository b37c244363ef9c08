package io.github.firehoseappender.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns JMH's JSON results (SampleTime with {@code -prof gc}) and {@code acceptance.tsv} into the hot-path table:
 * mean, p50, p99, p99.9, bytes allocated per call, share of calls the appender kept, and the mean against the same
 * framework's AsyncAppender at the same thread count, measured in the same run.
 *
 * <pre>java -cp benchmarks.jar io.github.firehoseappender.benchmarks.JmhTable jmh.json [acceptance.tsv]</pre>
 */
public final class JmhTable {
    private JmhTable() {
    }

    public static void main(String[] args) throws IOException {
        Locale.setDefault(Locale.ROOT);
        Map<String, Double> kept = args.length > 1 ? keptShares(Paths.get(args[1])) : new HashMap<>();
        System.out.println(table(new ObjectMapper().readTree(Files.readAllBytes(Paths.get(args[0]))), kept));
    }

    /** framework|appender|threads → share of calls kept (1 - dropped fraction); the last trial wins. */
    static Map<String, Double> keptShares(Path tsv) throws IOException {
        Map<String, Double> kept = new HashMap<>();
        if (!Files.exists(tsv)) {
            return kept;
        }
        for (String line : Files.readAllLines(tsv)) {
            String[] f = line.split("\t");
            if (f.length >= 6) {
                kept.put(f[0] + "|" + f[1] + "|" + f[2], 1 - Double.parseDouble(f[5]));
            }
        }
        return kept;
    }

    static String table(JsonNode results, Map<String, Double> kept) {
        List<String[]> rows = new ArrayList<>();
        Map<String, Double> asyncMean = new HashMap<>();
        for (JsonNode r : results) {
            String framework = framework(r.path("benchmark").asText());
            String appender = r.path("params").path("appender").asText();
            int threads = r.path("threads").asInt();
            JsonNode m = r.path("primaryMetric");
            double mean = m.path("score").asDouble();
            JsonNode pct = m.path("scorePercentiles");
            JsonNode secondary = r.path("secondaryMetrics");
            // JMH 1.37 names it "gc.alloc.rate.norm"; older versions put a "·" before it.
            JsonNode norm = secondary.has("gc.alloc.rate.norm") ? secondary.path("gc.alloc.rate.norm")
                    : secondary.path("·gc.alloc.rate.norm");
            double alloc = norm.path("score").asDouble(Double.NaN);
            if (appender.equals("async") && !framework.endsWith("all-async")) {
                asyncMean.put(framework + "|" + threads, mean);
            }
            Double k = kept.get(framework + "|" + appender + "|" + threads);
            rows.add(new String[] {framework, appender, Integer.toString(threads), fmt(mean),
                    fmt(pct.path("50.0").asDouble()), fmt(pct.path("99.0").asDouble()),
                    fmt(pct.path("99.9").asDouble()), Double.isNaN(alloc) ? "" : String.format("%.0f", alloc),
                    k == null ? "" : String.format("%.1f %%", 100 * k), Double.toString(mean)});
        }
        StringBuilder out = new StringBuilder();
        out.append("| framework | appender | threads | mean ns/call | p50 ns | p99 ns | p99.9 ns | B allocated/call "
                + "| calls kept | mean vs the framework's AsyncAppender |\n|---|---|---|---|---|---|---|---|---|---|\n");
        for (String[] row : rows) {
            String base = row[0].startsWith("log4j2") ? "log4j2" : row[0];
            Double async = asyncMean.get(base + "|" + row[2]);
            String ratio = async == null ? "" : String.format("%.2f×", Double.parseDouble(row[9]) / async);
            out.append("| ").append(String.join(" | ", java.util.Arrays.copyOf(row, 9))).append(" | ").append(ratio)
                    .append(" |\n");
        }
        return out.toString();
    }

    private static String framework(String benchmark) {
        if (benchmark.contains("LogbackAppend")) {
            return "logback";
        }
        if (benchmark.contains("Log4j2AllAsync")) {
            return "log4j2-all-async";
        }
        return "log4j2";
    }

    private static String fmt(double nanos) {
        return String.format("%,.0f", nanos);
    }
}
