package io.github.firehoseappender.infra;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.github.firehoseappender.core.json.LogSchema;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Parquet (Snappy) against gzipped JSON lines for the same day of logs, in DuckDB: bytes read and time of each
 * walkthrough query and each named query. Not part of the normal build (it writes ≈ 1.2 GB of JSON and takes
 * minutes); infra/parquet-vs-json.sh runs it:
 * {@code mvn -pl infra test -Dtest=ParquetVsJsonMeasurement -Dinfra.parquetVsJson.dir=<work dir>}.
 *
 * <p>The day (2025-06-23, the named queries' sample day) is generated deterministically in LogSchema's fields and
 * order: 12 services, levels, loggers, access-log lines with 2xx-5xx statuses, messages of varied length, MDC, trace
 * ids, some exceptions with stack traces, ECS and Lambda context. Each arrival hour is stored twice under the same
 * layout: as gzipped JSON objects of ≈ 5 MiB of lines (Firehose's 5 MiB buffer) and as one Parquet object
 * (Firehose's 128 MiB buffer with conversion, one row group as its 256 MiB block size gives).
 *
 * <p>Bytes read are what the JVM (DuckDB runs in it) read from files during the query: {@code rchar} of
 * {@code /proc/self/io}, DuckDB's own file cache off, so each query reads what it needs as Athena would from S3.
 */
class ParquetVsJsonMeasurement {
    static final String DIR_PROPERTY = "infra.parquetVsJson.dir";
    private static final DateTimeFormatter EVENT_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final long TARGET_BYTES = 1_200_000_000L;
    private static final long OBJECT_BYTES = 5L * 1024 * 1024;
    private static final String DAY = "2025-06-23";
    private static final String[] SERVICES = {"gateway", "orders", "billing", "payments", "catalog", "search", "auth",
            "inventory", "shipping", "notifications", "reviews", "recommendations"};
    private static final int[] SERVICE_WEIGHTS = {20, 14, 8, 8, 10, 12, 9, 6, 5, 4, 2, 2};
    private static final String[] CLASSES = {"Controller", "Service", "Repository", "Client", "Scheduler", "Cache",
            "Validator", "Mapper", "Publisher", "Listener"};
    private static final String[] EXCEPTIONS = {"java.sql.SQLTimeoutException", "java.lang.IllegalStateException",
            "java.net.SocketTimeoutException", "java.lang.NullPointerException",
            "software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException"};
    private static final String[] WORDS = ("order customer invoice payment item cart stock price shipment address token "
            + "session cache retry timeout request response user account tenant batch queue event record page search "
            + "result index query limit offset update create delete fetch load store commit rollback").split(" ");

    @Test
    void parquetReadsLessThanGzippedJsonForTheSameQueries() throws Exception {
        String dir = System.getProperty(DIR_PROPERTY);
        Assumptions.assumeTrue(dir != null && !dir.isEmpty(), "a measurement: run with -D" + DIR_PROPERTY + "=<work dir>");
        Path work = Path.of(dir).toAbsolutePath();
        Path json = work.resolve("json");
        Path parquet = work.resolve("parquet");
        long started = System.nanoTime();
        long[] generated = Files.exists(json.resolve("done")) ? readCounts(json.resolve("done")) : generate(json);
        System.out.printf(Locale.ROOT, "generated %,d events, %,d bytes of JSON lines (%.0f s)%n", generated[0], generated[1],
                (System.nanoTime() - started) / 1e9);

        CloudFormationTemplate template = CloudFormationTemplate.loggingAccount();
        started = System.nanoTime();
        if (!Files.exists(parquet.resolve("done"))) {
            convert(template, json, parquet);
        }
        System.out.printf(Locale.ROOT, "converted to Parquet (%.0f s)%n", (System.nanoTime() - started) / 1e9);

        Map<String, String> queries = new LinkedHashMap<>(walkthroughQueries());
        Map<String, Measured> onJson = new LinkedHashMap<>();
        Map<String, Measured> onParquet = new LinkedHashMap<>();
        try (AthenaOnDuckDb athena = new AthenaOnDuckDb(template, template.evaluate().with("AWS::StackName", "central-logs"), json)) {
            queries.putAll(athena.queries());
            measureAll(athena, queries, onJson);
        }
        try (AthenaOnDuckDb athena = new AthenaOnDuckDb(template,
                template.evaluate().with("AWS::StackName", "central-logs").with("Parquet", "true"), parquet)) {
            measureAll(athena, queries, onParquet);
        }

        StringBuilder table = new StringBuilder();
        table.append(String.format(Locale.ROOT, "Data: %,d events, %s of JSON lines; stored as %s of gzipped JSON (%d objects) "
                        + "and %s of Parquet/Snappy (%d objects).%n%n", generated[0], mb(generated[1]), mb(size(json, ".gz")),
                count(json, ".gz"), mb(size(parquet, ".parquet")), count(parquet, ".parquet")));
        table.append("| query | rows | gzipped JSON: read | time | Parquet: read | time | read ÷ |\n");
        table.append("|---|---:|---:|---:|---:|---:|---:|\n");
        for (String name : queries.keySet()) {
            Measured j = onJson.get(name);
            Measured p = onParquet.get(name);
            assertEquals(j.rows, p.rows, name + ": both formats give the same rows");
            table.append(String.format(Locale.ROOT, "| %s | %,d | %s | %.1f s | %s | %.1f s | %.1f× |%n", name, j.rows,
                    mb(j.bytesRead), j.seconds, mb(p.bytesRead), p.seconds, (double) j.bytesRead / Math.max(1, p.bytesRead)));
        }
        Files.writeString(work.resolve("parquet-vs-json.md"), table.toString());
        System.out.println(table);
        assertTrue(onParquet.get("All events of a day").bytesRead > 0);
    }

    /** The walkthrough's three queries, its {@code log} column being our {@code message}. */
    private static Map<String, String> walkthroughQueries() {
        Map<String, String> queries = new LinkedHashMap<>();
        queries.put("walkthrough: all messages of a day",
                "SELECT * FROM central_logs.logging WHERE year = '2025' AND month = '06' AND day = '23'");
        queries.put("walkthrough: 5xx messages (no partition filter)",
                "SELECT message FROM central_logs.logging WHERE message LIKE '%\" 5%'");
        queries.put("walkthrough: 5xx between 17 and 18 h",
                "SELECT * FROM central_logs.logging WHERE message LIKE '%\" 5%' AND hour BETWEEN '17' AND '18'");
        return queries;
    }

    private static void measureAll(AthenaOnDuckDb athena, Map<String, String> queries, Map<String, Measured> into)
            throws SQLException, IOException {
        try (Statement settings = athena.connection().createStatement()) {
            settings.execute("SET enable_external_file_cache = false");
            settings.execute("SET enable_object_cache = false");
        }
        for (Map.Entry<String, String> query : queries.entrySet()) {
            long readBefore = readChars();
            long started = System.nanoTime();
            long rows = 0;
            try (Statement statement = athena.connection().createStatement();
                 ResultSet rs = statement.executeQuery(query.getValue())) {
                while (rs.next()) {
                    rs.getObject(1);
                    rows++;
                }
            }
            Measured measured = new Measured(rows, readChars() - readBefore, (System.nanoTime() - started) / 1e9);
            into.put(query.getKey(), measured);
            System.out.printf(Locale.ROOT, "%s: %,d rows, %s, %.1f s%n", query.getKey(), rows, mb(measured.bytesRead), measured.seconds);
        }
    }

    /** Bytes this process has read through read(2) and pread(2): files, and (a little) /proc itself. */
    private static long readChars() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/io"))) {
            if (line.startsWith("rchar:")) {
                return Long.parseLong(line.substring(6).trim());
            }
        }
        throw new AssertionError("no rchar in /proc/self/io");
    }

    private static final class Measured {
        final long rows;
        final long bytesRead;
        final double seconds;

        Measured(long rows, long bytesRead, double seconds) {
            this.rows = rows;
            this.bytesRead = bytesRead;
            this.seconds = seconds;
        }
    }

    // ---- storage: Parquet with the Glue table's columns, one object per arrival hour

    private static void convert(CloudFormationTemplate template, Path json, Path parquet) throws SQLException, IOException {
        try (AthenaOnDuckDb athena = new AthenaOnDuckDb(template, template.evaluate().with("AWS::StackName", "central-logs"), json);
             Statement sql = athena.connection().createStatement()) {
            for (int hour = 0; hour < 24; hour++) {
                String hh = String.format(Locale.ROOT, "%02d", hour);
                Path target = parquet.resolve(hourPath(hh));
                Files.createDirectories(target);
                List<String> columns = new ArrayList<>();
                LogSchema.FIELDS.forEach(f -> columns.add(f.name()));
                sql.execute("COPY (SELECT " + String.join(", ", columns) + " FROM central_logs.logging WHERE hour = '" + hh
                        + "') TO '" + target.resolve("central-logs-DeliveryStream-1-" + DAY + "-" + hh + ".parquet")
                        + "' (FORMAT parquet, COMPRESSION snappy, ROW_GROUP_SIZE 100000000)");
            }
        }
        Files.writeString(parquet.resolve("done"), "");
    }

    // ---- the day of logs, generated

    private static String hourPath(String hh) {
        return "logging/year=2025/month=06/day=23/hour=" + hh;
    }

    private static long[] generate(Path json) throws IOException {
        Random random = new Random(20250623L);
        JsonFactory factory = new JsonFactory();
        long events = 0;
        long bytes = 0;
        double[] weights = new double[24];
        double total = 0;
        for (int h = 0; h < 24; h++) {
            weights[h] = 1.0 + 0.8 * Math.sin((h - 8) * Math.PI / 12); // busier by day (UTC)
            total += weights[h];
        }
        for (int hour = 0; hour < 24; hour++) {
            String hh = String.format(Locale.ROOT, "%02d", hour);
            Path folder = json.resolve(hourPath(hh));
            Files.createDirectories(folder);
            long hourBytes = (long) (TARGET_BYTES * weights[hour] / total);
            long written = 0;
            int object = 0;
            long start = Instant.parse(DAY + "T" + hh + ":00:00Z").toEpochMilli();
            while (written < hourBytes) {
                Path file = folder.resolve(String.format(Locale.ROOT, "central-logs-DeliveryStream-1-%s-%s-%02d.gz", DAY, hh, object++));
                long objectBytes = 0;
                try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file), 1 << 16)) {
                    ByteArrayOutputStream line = new ByteArrayOutputStream(4096);
                    while (objectBytes < OBJECT_BYTES && written < hourBytes) {
                        line.reset();
                        long time = start + (long) ((double) written / hourBytes * 3_600_000L);
                        try (JsonGenerator g = factory.createGenerator(line)) {
                            event(g, random, time, events);
                        }
                        line.write('\n');
                        line.writeTo(out);
                        objectBytes += line.size();
                        written += line.size();
                        events++;
                    }
                }
            }
            bytes += written;
        }
        Files.writeString(json.resolve("done"), events + " " + bytes);
        return new long[] {events, bytes};
    }

    private static long[] readCounts(Path done) throws IOException {
        String[] parts = Files.readString(done).trim().split(" ");
        return new long[] {Long.parseLong(parts[0]), Long.parseLong(parts[1])};
    }

    /** One event in LogSchema's field order, as the encoders write it. */
    private static void event(JsonGenerator g, Random random, long epochMillis, long sequence) throws IOException {
        int service = weighted(random);
        String name = SERVICES[service];
        boolean lambda = name.equals("notifications") || name.equals("reviews");
        boolean access = !lambda && random.nextInt(100) < 35;
        int roll = random.nextInt(100);
        String level = access ? "INFO" : roll < 12 ? "DEBUG" : roll < 84 ? "INFO" : roll < 95 ? "WARN" : "ERROR";
        String logger = access ? "io.example.http.AccessLog" : "io.example." + name + "." + CLASSES[random.nextInt(CLASSES.length)];
        int status = 200;
        String message;
        if (access) {
            int s = random.nextInt(1000);
            status = s < 900 ? 200 : s < 940 ? 201 : s < 975 ? 404 : s < 990 ? 400 : s < 996 ? 500 : 503;
            level = status >= 500 ? "WARN" : "INFO";
            message = "10.0." + random.nextInt(8) + "." + random.nextInt(250) + " - - [" + Instant.ofEpochMilli(epochMillis)
                    + "] \"" + (random.nextBoolean() ? "GET" : "POST") + " /" + name + "/" + random.nextInt(100000)
                    + " HTTP/1.1\" " + status + " " + random.nextInt(20000) + " " + random.nextInt(900) + "ms";
        } else {
            message = sentence(random, 4 + (int) Math.abs(random.nextGaussian() * 18));
        }
        g.writeStartObject();
        // happened up to 2 s before it arrived; ISO-8601 UTC with milliseconds, as the encoders write it
        g.writeStringField(LogSchema.EVENT_TIME, EVENT_TIME.format(Instant.ofEpochMilli(epochMillis - random.nextInt(2000))));
        g.writeStringField(LogSchema.LEVEL, level);
        g.writeStringField(LogSchema.LOGGER, logger);
        g.writeStringField(LogSchema.THREAD, lambda ? "main" : "http-nio-8080-exec-" + (1 + random.nextInt(40)));
        g.writeStringField(LogSchema.MESSAGE, message);
        g.writeObjectFieldStart(LogSchema.MDC);
        g.writeStringField("requestId", new UUID(random.nextLong(), random.nextLong()).toString());
        if (random.nextInt(3) == 0) {
            g.writeStringField("userId", "u-" + random.nextInt(500000));
        }
        if (random.nextInt(4) == 0) {
            g.writeStringField("tenant", "tenant-" + random.nextInt(40));
        }
        g.writeEndObject();
        g.writeArrayFieldStart(LogSchema.MARKERS);
        if (random.nextInt(50) == 0) {
            g.writeString("AUDIT");
        }
        g.writeEndArray();
        if (level.equals("ERROR") && random.nextInt(10) < 7) {
            String exception = EXCEPTIONS[random.nextInt(EXCEPTIONS.length)];
            g.writeObjectFieldStart(LogSchema.EXCEPTION);
            g.writeStringField(LogSchema.EXCEPTION_CLASS, exception);
            g.writeStringField(LogSchema.EXCEPTION_MESSAGE, sentence(random, 6));
            StringBuilder trace = new StringBuilder(exception).append(": ").append(sentence(random, 6)).append('\n');
            int frames = 15 + random.nextInt(30);
            for (int f = 0; f < frames; f++) {
                trace.append("\tat io.example.").append(name).append('.').append(CLASSES[random.nextInt(CLASSES.length)])
                        .append(".handle").append(random.nextInt(9)).append("(").append(CLASSES[f % CLASSES.length])
                        .append(".java:").append(20 + random.nextInt(400)).append(")\n");
            }
            g.writeStringField(LogSchema.EXCEPTION_STACK_TRACE, trace.toString());
            g.writeEndObject();
        }
        g.writeStringField(LogSchema.EVENT_ID, new UUID(random.nextLong(), sequence).toString());
        g.writeStringField(LogSchema.SERVICE, name);
        g.writeStringField(LogSchema.ENVIRONMENT, "prod");
        g.writeStringField(LogSchema.HOST, lambda ? "169.254.0." + random.nextInt(200) : "ip-10-0-" + service + "-" + random.nextInt(6));
        g.writeStringField(LogSchema.AWS_REGION, "eu-west-1");
        if (lambda) {
            g.writeStringField(LogSchema.LAMBDA_FUNCTION_NAME, name + "-fn");
            g.writeStringField(LogSchema.LAMBDA_FUNCTION_VERSION, "$LATEST");
            g.writeNumberField(LogSchema.LAMBDA_MEMORY_MB, 1024);
            g.writeStringField(LogSchema.LAMBDA_LOG_STREAM, "2025/06/23/[$LATEST]" + Long.toHexString(service * 7919L));
            g.writeStringField(LogSchema.AWS_REQUEST_ID, sequence % 5000 == 17 && level.equals("ERROR")
                    ? NamedQueriesTest.SAMPLE_REQUEST_ID : new UUID(random.nextLong(), random.nextLong()).toString());
        } else {
            g.writeStringField(LogSchema.AVAILABILITY_ZONE, "eu-west-1" + "abc".charAt(random.nextInt(3)));
            g.writeStringField(LogSchema.ECS_CLUSTER, "prod");
            g.writeStringField(LogSchema.ECS_TASK_ARN, "arn:aws:ecs:eu-west-1:111111111111:task/prod/" + Long.toHexString(service * 104729L + random.nextInt(6)));
            g.writeStringField(LogSchema.ECS_TASK_FAMILY, name);
            g.writeStringField(LogSchema.ECS_TASK_REVISION, "42");
            g.writeStringField(LogSchema.ECS_CONTAINER_NAME, name);
        }
        if (random.nextInt(10) < 6) {
            boolean sample = sequence % 100_000 == 3;
            g.writeStringField(LogSchema.TRACE_ID, sample ? NamedQueriesTest.SAMPLE_TRACE_ID
                    : String.format(Locale.ROOT, "%016x%016x", random.nextLong(), random.nextLong()));
            g.writeStringField(LogSchema.SPAN_ID, String.format(Locale.ROOT, "%016x", random.nextLong()));
            g.writeStringField(LogSchema.TRACE_FLAGS, "01");
        }
        g.writeBooleanField(LogSchema.TRUNCATED, false);
        g.writeEndObject();
    }

    private static int weighted(Random random) {
        int total = 0;
        for (int w : SERVICE_WEIGHTS) {
            total += w;
        }
        int r = random.nextInt(total);
        for (int i = 0; i < SERVICE_WEIGHTS.length; i++) {
            r -= SERVICE_WEIGHTS[i];
            if (r < 0) {
                return i;
            }
        }
        return 0;
    }

    private static String sentence(Random random, int words) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < words; i++) {
            s.append(i == 0 ? "" : " ").append(WORDS[random.nextInt(WORDS.length)]);
            if (random.nextInt(8) == 0) {
                s.append(' ').append(random.nextInt(1_000_000));
            }
        }
        return s.toString();
    }

    private static long size(Path root, String suffix) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(f -> f.toString().endsWith(suffix)).mapToLong(f -> f.toFile().length()).sum();
        }
    }

    private static long count(Path root, String suffix) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(f -> f.toString().endsWith(suffix)).count();
        }
    }

    private static String mb(long bytes) {
        return String.format(Locale.ROOT, "%,.1f MB", bytes / 1e6);
    }

}
