package io.github.firehoseappender.quickstart;

import ch.qos.logback.classic.LoggerContext;
import io.github.firehoseappender.core.FlushResult;
import io.github.firehoseappender.core.stats.DeliveryStats;
import io.github.firehoseappender.local.FirehoseLocal;
import io.github.firehoseappender.logback.FirehoseAppender;
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
import org.slf4j.LoggerFactory;

/**
 * The whole product on one machine, no AWS account: an embedded firehose-local plays the logging account, a small
 * service logs through the Logback appender (configured by this module's logback.xml), and DuckDB runs the
 * walkthrough's Athena queries over the delivered objects.
 *
 * <p>Usage: {@code java -jar examples/quickstart/target/quickstart.jar [--data-dir DIR] [--requests N]}
 */
public final class Quickstart {
    private static final String STREAM = "quickstart-logs";

    private Quickstart() {
    }

    public static void main(String[] args) throws Exception {
        Path dataDir = Paths.get(option(args, "--data-dir", "data"));
        int requests = Integer.parseInt(option(args, "--requests", "200"));
        int exit = run(dataDir, requests, System.out);
        System.exit(exit);
    }

    /** Returns 0 when every logged event was delivered and found by SQL. */
    static int run(Path dataDir, int requests, PrintStream out) throws Exception {
        try (FirehoseLocal local = FirehoseLocal.builder().port(0).dataDir(dataDir).stream(STREAM).start()) {
            out.println("firehose-local listens on " + local.endpoint() + ", delivers to " + dataDir.toAbsolutePath());
            // Set before the first logger is created: logback.xml reads them, and the SDK's default credentials
            // chain reads the aws.* properties (firehose-local accepts any key).
            System.setProperty("quickstart.endpoint", local.endpoint().toString());
            System.setProperty("quickstart.stream", STREAM);
            System.setProperty("aws.accessKeyId", "quickstart");
            System.setProperty("aws.secretAccessKey", "quickstart");

            int logged = new OrdersService(42).serve(requests);
            LoggerContext logback = (LoggerContext) LoggerFactory.getILoggerFactory();
            FlushResult flushed = FirehoseAppender.flushAll(logback, Duration.ofSeconds(30));
            FirehoseAppender appender = (FirehoseAppender) logback.getLogger("ROOT").getAppender("FIREHOSE");
            DeliveryStats stats = appender.getStats();
            out.println("service logged " + logged + " events; " + flushed + "; " + stats);

            local.flush();
            ZonedDateTime arrival = ZonedDateTime.now(ZoneOffset.UTC);
            printObjects(dataDir, out);

            long found;
            try (DeliveredLogsSql sql = new DeliveredLogsSql(dataDir)) {
                sql.runReferenceQueries(arrival, out);
                found = sql.count();
            }
            logback.stop();
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
