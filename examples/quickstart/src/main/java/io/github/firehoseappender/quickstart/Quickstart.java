package io.github.firehoseappender.quickstart;

import io.github.firehoseappender.core.FlushResult;
import io.github.firehoseappender.core.stats.DeliveryStats;
import io.github.firehoseappender.local.FirehoseLocal;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The whole product on one machine, no AWS account: an embedded firehose-local plays the logging account, a small
 * service logs through SLF4J into the Logback appender (this module's logback.xml) or the Log4j2 one
 * (log4j2-quickstart.xml), and DuckDB runs the walkthrough's Athena queries over the delivered objects.
 *
 * <p>Usage: {@code java -jar examples/quickstart/target/quickstart.jar [--framework logback|log4j2] [--data-dir DIR]
 * [--requests N]}
 */
public final class Quickstart {
    private static final String STREAM = "quickstart-logs";

    private Quickstart() {
    }

    public static void main(String[] args) throws Exception {
        Path dataDir = Paths.get(option(args, "--data-dir", "data"));
        int requests = Integer.parseInt(option(args, "--requests", "200"));
        LoggingFramework framework = LoggingFramework.named(option(args, "--framework", "logback"));
        int exit = run(framework, dataDir, requests, System.out);
        System.exit(exit);
    }

    /** Returns 0 when every logged event was delivered and found by SQL. */
    static int run(LoggingFramework framework, Path dataDir, int requests, PrintStream out) throws Exception {
        try (FirehoseLocal local = FirehoseLocal.builder().port(0).dataDir(dataDir).stream(STREAM).start()) {
            out.println("firehose-local listens on " + local.endpoint() + ", delivers to " + dataDir.toAbsolutePath());
            out.println("the service logs through SLF4J into " + framework.name());
            // Set before the first logger is created: they pick SLF4J's provider and the framework's configuration
            // reads them; the SDK's default credentials chain reads the aws.* ones (firehose-local accepts any key).
            framework.select(local.endpoint(), STREAM);
            System.setProperty("aws.accessKeyId", "quickstart");
            System.setProperty("aws.secretAccessKey", "quickstart");

            int logged;
            // Spans are exported nowhere: the quickstart only needs them current while a request logs. (Without any
            // span processor the SDK hands out invalid, no-op spans.)
            try (SdkTracerProvider tracing = SdkTracerProvider.builder()
                    .addSpanProcessor(SimpleSpanProcessor.create(SpanExporter.composite())).build()) {
                logged = new OrdersService(42, tracing.get("quickstart")).serve(requests);
            }
            FlushResult flushed = framework.flushAll(Duration.ofSeconds(30));
            DeliveryStats stats = framework.stats();
            out.println("service logged " + logged + " events; " + flushed + "; " + stats);

            local.flush();
            ZonedDateTime arrival = ZonedDateTime.now(ZoneOffset.UTC);
            printObjects(dataDir, out);

            long found;
            try (DeliveredLogsSql sql = new DeliveredLogsSql(dataDir)) {
                sql.runReferenceQueries(arrival, out);
                found = sql.count();
            }
            framework.stop();
            out.println();
            out.println("SQL finds " + found + " events in " + dataDir.resolve("logging")
                    + " (earlier runs' files included)");
            long dropped = stats.dropped();
            out.println("logged " + logged + ", delivered " + stats.delivered() + ", dropped " + dropped);
            return logged == stats.delivered() && dropped == 0 ? 0 : 1;
        }
    }

    private static void printObjects(Path dataDir, PrintStream out) throws IOException {
        List<Path> objects;
        try (Stream<Path> files = Files.walk(dataDir.resolve("logging"))) {
            objects = files.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
        }
        out.println();
        out.println("== Delivered objects (S3 layout under " + dataDir.toAbsolutePath() + ")");
        for (Path object : objects) {
            out.println("   " + dataDir.relativize(object) + "  (" + Files.size(object) + " bytes)");
        }
        Path newest = objects.get(objects.size() - 1);
        out.println("== First line of " + newest.getFileName());
        try (Stream<String> lines = Files.lines(newest)) {
            lines.findFirst().ifPresent(line -> out.println("   " + line));
        }
    }

    private static String option(String[] args, String name, String fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }
}
