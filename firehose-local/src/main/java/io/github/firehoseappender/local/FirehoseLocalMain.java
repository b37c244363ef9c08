package io.github.firehoseappender.local;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar firehose-local.jar --port 4573 --data-dir ./data --stream logs}: runs
 * {@link FirehoseLocal} until SIGTERM or Ctrl-C, then delivers what it buffers and exits. Bad
 * flags print a message and exit with status 2.
 */
public final class FirehoseLocalMain {
    static final int DEFAULT_PORT = 4573;
    static final String DEFAULT_DATA_DIR = "data";
    static final String DEFAULT_STREAM = "logs";
    static final int EXIT_USAGE = 2;
    static final int EXIT_START_FAILED = 1;
    private static final long MIB = 1024L * 1024;

    private FirehoseLocalMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Options options;
        try {
            options = parse(args);
        } catch (UsageException e) {
            System.err.println("firehose-local: " + e.getMessage());
            System.err.println("Run with --help to see every flag.");
            System.exit(EXIT_USAGE);
            return;
        }
        if (options.help) {
            System.out.print(usage());
            return;
        }
        FirehoseLocal local;
        try {
            local = options.toBuilder().start();
        } catch (IllegalArgumentException | UncheckedIOException e) {
            System.err.println("firehose-local: could not start: " + e.getMessage()
                    + (e.getCause() == null ? "" : " (" + e.getCause() + ")"));
            System.exit(EXIT_START_FAILED);
            return;
        }
        CountDownLatch closed = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("firehose-local: stopping, delivering buffered data");
            try {
                local.close();
            } finally {
                closed.countDown();
            }
        }, "firehose-local-shutdown"));
        printBanner(System.out, local, options);
        closed.await();   // the server's threads are daemons: the main thread keeps the JVM up
    }

    /**
     * Reads the command line; {@code --flag value} and {@code --flag=value} both work.
     *
     * @throws UsageException naming the flag and what is wrong with it
     */
    static Options parse(String[] args) throws UsageException {
        Options options = new Options();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String value = null;
            int equals = arg.indexOf('=');
            if (arg.startsWith("--") && equals > 0) {
                value = arg.substring(equals + 1);
                arg = arg.substring(0, equals);
            }
            if (arg.equals("--help") || arg.equals("-h")) {
                options.help = true;
                continue;
            }
            if (!isKnownFlag(arg)) {
                throw new UsageException("unknown flag '" + args[i] + "'");
            }
            if (value == null) {
                if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                    throw new UsageException(arg + " needs a value");
                }
                value = args[++i];
            }
            apply(options, arg, value);
        }
        if (options.streams.isEmpty()) {
            options.streams.add(DEFAULT_STREAM);
        }
        return options;
    }

    private static boolean isKnownFlag(String flag) {
        switch (flag) {
            case "--port":
            case "--data-dir":
            case "--stream":
            case "--prefix":
            case "--buffer-interval":
            case "--buffer-size":
            case "--region":
            case "--account-id":
                return true;
            default:
                return false;
        }
    }

    private static void apply(Options options, String flag, String value) throws UsageException {
        switch (flag) {
            case "--port":
                options.port = (int) number(flag, value, 0, 65535);
                break;
            case "--data-dir":
                options.dataDir = Paths.get(value);
                break;
            case "--stream":
                if (!StreamRegistry.isValidName(value)) {
                    throw new UsageException("--stream '" + value + "' is not a Firehose stream name; use 1..64 of [a-zA-Z0-9_.-]");
                }
                options.streams.add(value);
                break;
            case "--prefix":
                try {
                    PrefixExpander.compile(value);
                } catch (IllegalArgumentException e) {
                    throw new UsageException("--prefix: " + e.getMessage());
                }
                options.prefix = value;
                break;
            case "--buffer-interval":
                options.bufferInterval = Duration.ofSeconds(number(flag, value, 0, 900));
                break;
            case "--buffer-size":
                options.bufferSizeBytes = number(flag, value, 1, 128) * MIB;
                break;
            case "--region":
                if (value.isEmpty()) {
                    throw new UsageException("--region is empty");
                }
                options.region = value;
                break;
            case "--account-id":
                if (!value.matches("[0-9]{12}")) {
                    throw new UsageException("--account-id '" + value + "' must be 12 digits");
                }
                options.accountId = value;
                break;
            default:
                throw new UsageException("unknown flag '" + flag + "'");
        }
    }

    private static long number(String flag, String value, long min, long max) throws UsageException {
        long number;
        try {
            number = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new UsageException(flag + " '" + value + "' is not a whole number");
        }
        if (number < min || number > max) {
            throw new UsageException(flag + " " + number + " is outside " + min + ".." + max);
        }
        return number;
    }

    static String usage() {
        return String.join(System.lineSeparator(),
                "Usage: java -jar firehose-local.jar [flags]",
                "",
                "The Amazon Data Firehose API (JSON 1.1) on 127.0.0.1, delivering into a folder laid out as Firehose lays out S3.",
                "Point the AWS SDK or CLI at it: --endpoint-url http://127.0.0.1:PORT (any access key; signatures are not checked).",
                "",
                "  --port N              TCP port on 127.0.0.1 (default " + DEFAULT_PORT + "; 0 picks a free one)",
                "  --data-dir DIR        folder objects land in (default ./" + DEFAULT_DATA_DIR + "; created if missing)",
                "  --stream NAME         a delivery stream that exists from the start; repeatable (default: " + DEFAULT_STREAM + ")",
                "  --prefix P            object key prefix; !{timestamp:PATTERN} (UTC arrival time, Java DateTimeFormatter)",
                "                        and !{firehose:random-string} expand (default " + FirehoseLocal.DEFAULT_PREFIX + ")",
                "  --buffer-interval S   deliver S seconds after the oldest buffered record arrived, 0..900",
                "                        (default 300 as Firehose; 0 delivers after every Put call)",
                "  --buffer-size MIB     deliver once this many MiB are buffered, 1..128 (default 5)",
                "  --region R            region in ARNs (default " + FirehoseLocal.DEFAULT_REGION + ")",
                "  --account-id ID       12-digit account id in ARNs and errors (default " + FirehoseLocal.DEFAULT_ACCOUNT_ID + ")",
                "  --help, -h            this text",
                "",
                "On SIGTERM or Ctrl-C it delivers what it buffers, then exits. Bad flags exit with status 2.",
                "");
    }

    private static void printBanner(PrintStream out, FirehoseLocal local, Options options) {
        out.println("firehose-local listening on " + local.endpoint() + " (region " + local.region()
                + ", account " + local.accountId() + ")");
        out.println("delivery streams: " + String.join(", ", local.streams()));
        out.println("data lands in " + local.dataDir() + "/" + options.prefix + "<stream>-1-<yyyy-MM-dd-HH-mm-ss>-<uuid>");
        out.println("buffering: " + options.bufferSizeBytes / MIB + " MiB or " + options.bufferInterval.getSeconds()
                + " s, whichever first; Ctrl-C delivers what is buffered");
    }

    /** What the command line asked for. */
    static final class Options {
        boolean help;
        int port = DEFAULT_PORT;
        Path dataDir = Paths.get(DEFAULT_DATA_DIR);
        final List<String> streams = new ArrayList<>();
        String prefix = FirehoseLocal.DEFAULT_PREFIX;
        Duration bufferInterval = FirehoseLocal.DEFAULT_BUFFER_INTERVAL;
        long bufferSizeBytes = FirehoseLocal.DEFAULT_BUFFER_SIZE_BYTES;
        String region = FirehoseLocal.DEFAULT_REGION;
        String accountId = FirehoseLocal.DEFAULT_ACCOUNT_ID;

        List<String> streams() {
            return Collections.unmodifiableList(streams);
        }

        /** A long run keeps no record copies in memory: the data dir is the record. */
        FirehoseLocal.Builder toBuilder() {
            FirehoseLocal.Builder builder = FirehoseLocal.builder()
                    .port(port)
                    .dataDir(dataDir)
                    .prefix(prefix)
                    .bufferInterval(bufferInterval)
                    .bufferSizeBytes(bufferSizeBytes)
                    .region(region)
                    .accountId(accountId)
                    .retainRecords(false);
            for (String stream : streams) {
                builder.stream(stream);
            }
            return builder;
        }
    }

    /** A command line that cannot run; the message names the flag. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }
}
