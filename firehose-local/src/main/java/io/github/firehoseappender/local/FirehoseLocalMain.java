package io.github.firehoseappender.local;

import io.github.firehoseappender.local.auth.RoleSettings;
import io.github.firehoseappender.local.delivery.DestinationSettings;
import io.github.firehoseappender.local.delivery.PrefixExpander;
import io.github.firehoseappender.local.delivery.StreamRegistry;

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
        options.applyFaults(local.faults());
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
            if (arg.equals("--append-delimiter") && value == null) {
                options.appendDelimiter = true;
                continue;
            }
            if (arg.equals("--verify-signatures") && value == null) {
                options.verifySignatures = true;
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
        if (options.outageAfter != null && options.outageFor == null) {
            throw new UsageException("--outage-after needs --outage-for SECONDS");
        }
        if ((options.tlsKeystore == null) != (options.tlsKeystorePassword == null)) {
            throw new UsageException(options.tlsKeystore == null ? "--tls-keystore-password needs --tls-keystore PATH"
                    : "--tls-keystore needs --tls-keystore-password PASSWORD");
        }
        if (options.failCallStatus != 503 && options.failCallRate == 0) {
            throw new UsageException("--fail-call-status needs --fail-call-rate");
        }
        for (String stream : options.quotaStreams()) {
            if (!options.streams.contains(stream)) {
                throw new UsageException("a quota names stream '" + stream + "', which no --stream creates; streams: " + options.streams);
            }
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
            case "--error-prefix":
            case "--compression":
            case "--append-delimiter":
            case "--verify-signatures":
            case "--user":
            case "--role":
            case "--external-id":
            case "--session-duration":
            case "--max-session-duration":
            case "--fail-entry-rate":
            case "--fail-call-rate":
            case "--fail-call-status":
            case "--drop-connection-rate":
            case "--latency":
            case "--outage-after":
            case "--outage-for":
            case "--byte-quota":
            case "--quota-bytes-per-second":
            case "--quota-records-per-second":
            case "--quota-requests-per-second":
            case "--quota-preset":
            case "--fault-seed":
            case "--tls-keystore":
            case "--tls-keystore-password":
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
            case "--error-prefix":
                try {
                    PrefixExpander.compileErrorPrefix(value);
                } catch (IllegalArgumentException e) {
                    throw new UsageException("--error-prefix: " + e.getMessage());
                }
                options.errorPrefix = value;
                break;
            case "--compression":
                if (!value.equals(DestinationSettings.UNCOMPRESSED) && !value.equals(DestinationSettings.GZIP)) {
                    throw new UsageException("--compression '" + value + "' is not UNCOMPRESSED or GZIP");
                }
                options.compression = value;
                break;
            case "--append-delimiter":
            case "--verify-signatures":
                throw new UsageException(flag + " takes no value");
            case "--user":
                int colon = value.indexOf(':');
                if (colon < 1 || colon == value.length() - 1) {
                    throw new UsageException("--user '" + value + "' must be ACCESS_KEY_ID:SECRET_ACCESS_KEY");
                }
                options.users.put(value.substring(0, colon), value.substring(colon + 1));
                break;
            case "--role":
                if (!RoleSettings.ROLE_ARN.matcher(value).matches()) {
                    throw new UsageException("--role '" + value + "' is not an IAM role ARN (arn:aws:iam::ACCOUNT:role/NAME)");
                }
                options.roles.add(value);
                break;
            case "--external-id":
                options.externalId = value;
                break;
            case "--session-duration":
                options.sessionDuration = Duration.ofSeconds(number(flag, value, 1, RoleSettings.MAX_SESSION.getSeconds()));
                break;
            case "--max-session-duration":
                options.maxSessionDuration = Duration.ofSeconds(number(flag, value, RoleSettings.DEFAULT_MAX_SESSION.getSeconds(),
                        RoleSettings.MAX_SESSION.getSeconds()));
                break;
            case "--fail-entry-rate":
                options.failEntryRate = rate(flag, value);
                break;
            case "--fail-call-rate":
                options.failCallRate = rate(flag, value);
                break;
            case "--fail-call-status":
                options.failCallStatus = (int) number(flag, value, 400, 599);
                break;
            case "--drop-connection-rate":
                options.dropConnectionRate = rate(flag, value);
                break;
            case "--latency":
                options.latency = Duration.ofMillis(number(flag, value, 0, 600_000));
                break;
            case "--outage-after":
                options.outageAfter = Duration.ofSeconds(number(flag, value, 0, Integer.MAX_VALUE));
                break;
            case "--outage-for":
                options.outageFor = Duration.ofSeconds(number(flag, value, 1, Integer.MAX_VALUE));
                break;
            case "--byte-quota":
                options.byteQuota = bytesPerSecond(flag, value);
                break;
            case "--quota-bytes-per-second":
            case "--quota-records-per-second":
            case "--quota-requests-per-second":
                quota(options, flag, value);
                break;
            case "--quota-preset":
                preset(options, value);
                break;
            case "--fault-seed":
                try {
                    options.faultSeed = Long.parseLong(value);
                } catch (NumberFormatException e) {
                    throw new UsageException("--fault-seed '" + value + "' is not a whole number");
                }
                break;
            case "--tls-keystore":
                options.tlsKeystore = Paths.get(value);
                break;
            case "--tls-keystore-password":
                options.tlsKeystorePassword = value;
                break;
            default:
                throw new UsageException("unknown flag '" + flag + "'");
        }
    }

    private static double rate(String flag, String value) throws UsageException {
        double rate;
        try {
            rate = Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new UsageException(flag + " '" + value + "' is not a number");
        }
        if (!(rate >= 0 && rate <= 1)) {
            throw new UsageException(flag + " " + value + " is outside 0..1");
        }
        return rate;
    }

    /** {@code [STREAM=]RATE}: one quota for every stream, or for the named one. */
    private static void quota(Options options, String flag, String value) throws UsageException {
        int equals = value.indexOf('=');
        String stream = equals < 0 ? null : value.substring(0, equals);
        String rate = equals < 0 ? value : value.substring(equals + 1);
        int limit = flag.equals("--quota-bytes-per-second") ? 0 : flag.equals("--quota-records-per-second") ? 1 : 2;
        long perSecond = limit == 0 ? bytesPerSecond(flag, rate) : number(flag, rate, 0, Long.MAX_VALUE);
        if (stream == null) {
            if (limit == 0) {
                options.byteQuota = perSecond;
            } else if (limit == 1) {
                options.recordQuota = perSecond;
            } else {
                options.requestQuota = perSecond;
            }
        } else {
            options.streamQuotas.computeIfAbsent(streamName(flag, stream), s -> new long[] {-1, -1, -1})[limit] = perSecond;
        }
    }

    /** {@code [STREAM=]large|small}: Firehose's quota in its large regions or in the others. */
    private static void preset(Options options, String value) throws UsageException {
        int equals = value.indexOf('=');
        String name = equals < 0 ? value : value.substring(equals + 1);
        Quota preset;
        if (name.equals("large")) {
            preset = Quota.LARGE;
        } else if (name.equals("small")) {
            preset = Quota.SMALL;
        } else {
            throw new UsageException("--quota-preset '" + value + "' is not large (5 MiB/s, 500000 records/s, 2000 requests/s) "
                    + "or small (1 MiB/s, 100000 records/s, 1000 requests/s), optionally after STREAM=");
        }
        if (equals < 0) {
            options.quotaPreset = preset;
        } else {
            options.streamPresets.put(streamName("--quota-preset", value.substring(0, equals)), preset);
        }
    }

    private static String streamName(String flag, String stream) throws UsageException {
        if (!StreamRegistry.isValidName(stream)) {
            throw new UsageException(flag + ": '" + stream + "' is not a Firehose stream name; use 1..64 of [a-zA-Z0-9_.-]");
        }
        return stream;
    }

    /** {@code 1048576}, {@code 512KiB}, {@code 1MiB}, {@code 5MiB}: bytes per second. */
    static long bytesPerSecond(String flag, String value) throws UsageException {
        long unit = 1;
        String digits = value;
        if (value.endsWith("MiB")) {
            unit = MIB;
            digits = value.substring(0, value.length() - 3);
        } else if (value.endsWith("KiB")) {
            unit = 1024;
            digits = value.substring(0, value.length() - 3);
        }
        try {
            long amount = Long.parseLong(digits);
            if (amount < 0) {
                throw new NumberFormatException();
            }
            return amount * unit;
        } catch (NumberFormatException e) {
            throw new UsageException(flag + " '" + value + "' is not bytes per second (e.g. 1048576, 512KiB, 1MiB, 5MiB)");
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
                "Point the AWS SDK or CLI at it: --endpoint-url http://127.0.0.1:PORT (any access key, unless --role/--user is given).",
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
                "  --error-prefix P      ErrorOutputPrefix; !{firehose:error-output-type} expands to processing-failed",
                "                        (default processing-failed/yyyy/MM/dd/HH/)",
                "  --compression C       UNCOMPRESSED (default) or GZIP (objects end in .gz)",
                "  --append-delimiter    run the AppendDelimiterToRecord processor: '\\n' after every record",
                "",
                "TLS (default plain HTTP):",
                "  --tls-keystore PATH   serve HTTPS (https://127.0.0.1:PORT) with the key and certificate in this PKCS12",
                "                        keystore; for 127.0.0.1 the certificate needs SAN=ip:127.0.0.1, e.g. from",
                "                        keytool -genkeypair -keyalg EC -groupname secp256r1 -storetype PKCS12 -keystore PATH",
                "                        -dname CN=127.0.0.1 -ext SAN=ip:127.0.0.1. Clients must trust it: keytool -exportcert",
                "                        -rfc gives the PEM for aws --ca-bundle; Java takes -Djavax.net.ssl.trustStore",
                "  --tls-keystore-password PW  the keystore's password",
                "",
                "Identity (STS answers on the same port: use the endpoint for FIREHOSE_STS_ENDPOINT too):",
                "  --role ARN            a role STS issues sessions for; repeatable. When given, signatures are checked and",
                "                        PutRecord/PutRecordBatch accept only sessions of these roles (AccessDeniedException otherwise)",
                "  --external-id ID      the external id the roles' trust requires in AssumeRole (default none)",
                "  --session-duration S  session length when AssumeRole has no DurationSeconds (default 3600; below 900 for tests)",
                "  --max-session-duration S  the roles' MaxSessionDuration, 3600..43200 (default 3600)",
                "  --user KEY:SECRET     a user of the logging account; repeatable. When given, signatures are checked and",
                "                        only these keys (and the sessions STS issued) are accepted",
                "  --verify-signatures   check SigV4 signatures even without --role/--user (unknown keys are refused)",
                "",
                "Faults (change them at run time: POST /_admin/faults; see GET /_admin/faults and GET /_admin/stats):",
                "  --fail-entry-rate R   each Put entry fails (ServiceUnavailableException \"Slow down.\" in HTTP 200) with probability R",
                "  --fail-call-rate R    each Put call fails whole with probability R, status --fail-call-status",
                "  --fail-call-status S  503 ServiceUnavailableException (default), 500 InternalFailure, 429 ThrottlingException,",
                "                        403 AccessDeniedException",
                "  --drop-connection-rate R  each Put call's connection is closed without an answer with probability R",
                "  --latency MS          answer every call MS milliseconds late",
                "  --outage-for S        a full outage (every call 503) lasting S seconds ...",
                "  --outage-after S      ... starting S seconds after start (default 0)",
                "",
                "Quotas, per stream as Firehose's (each stream has its own buckets of one second's worth; 0 = no limit;",
                "prefix the value with STREAM= for one stream's own, e.g. --quota-requests-per-second audit=10):",
                "  --quota-preset P      large (us-east-1, us-west-2, eu-west-1: 5 MiB/s, 500000 records/s, 2000 requests/s)",
                "                        or small (other regions: 1 MiB/s, 100000 records/s, 1000 requests/s); flags below override it",
                "  --quota-bytes-per-second RATE    bytes/s or 512KiB, 1MiB, 5MiB: entries above it get ServiceUnavailableException",
                "                        \"Slow down.\" inside the HTTP 200 (a PutRecord: the whole call, 503)",
                "  --byte-quota RATE     the same as --quota-bytes-per-second RATE",
                "  --quota-records-per-second N     records/s: entries above it are throttled as above",
                "  --quota-requests-per-second N    Put calls/s: a call above it is answered 503 ServiceUnavailableException",
                "                        \"Slow down.\" whole (the error Firehose documents for exceeded limits), nothing taken",
                "  --fault-seed N        seed of the random source the rates draw from (default 0: runs repeat)",
                "  --help, -h            this text",
                "",
                "On SIGTERM or Ctrl-C it delivers what it buffers, then exits. Bad flags exit with status 2.",
                "");
    }

    private static void printBanner(PrintStream out, FirehoseLocal local, Options options) {
        out.println("firehose-local listening on " + local.endpoint() + " (region " + local.region()
                + ", account " + local.accountId() + ")");
        if (options.tlsKeystore != null) {
            out.println("TLS with the key in " + options.tlsKeystore + "; clients must trust its certificate");
        }
        out.println("delivery streams: " + String.join(", ", local.streams()));
        out.println("data lands in " + local.dataDir() + "/" + options.prefix + "<stream>-1-<yyyy-MM-dd-HH-mm-ss>-<uuid>");
        out.println("buffering: " + options.bufferSizeBytes / MIB + " MiB or " + options.bufferInterval.getSeconds()
                + " s, whichever first; Ctrl-C delivers what is buffered");
        out.println("STS AssumeRole on the same endpoint; " + (local.roles().isEmpty() ? "any role, any key"
                : "roles " + String.join(", ", local.roles()) + (options.externalId == null ? "" : " (external id required)")
                + "; Put calls need their sessions") + (local.verifiesSignatures() ? "; signatures checked" : ""));
        for (String stream : local.streams()) {
            Quota quota = local.faults().quotaOf(stream);
            if (!quota.equals(Quota.NONE)) {
                out.println("quota of " + stream + ": " + quota.bytesPerSecond() + " bytes/s, " + quota.recordsPerSecond()
                        + " records/s, " + quota.requestsPerSecond() + " requests/s (0 = no limit)");
            }
        }
        out.println("admin: GET/POST " + local.endpoint() + "/_admin/faults, GET " + local.endpoint() + "/_admin/stats");
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
        String errorPrefix;
        String compression = DestinationSettings.UNCOMPRESSED;
        boolean appendDelimiter;
        boolean verifySignatures;
        final java.util.Map<String, String> users = new java.util.LinkedHashMap<>();
        final List<String> roles = new ArrayList<>();
        String externalId;
        Duration sessionDuration = RoleSettings.DEFAULT_SESSION;
        Duration maxSessionDuration = RoleSettings.DEFAULT_MAX_SESSION;
        double failEntryRate;
        double failCallRate;
        int failCallStatus = 503;
        double dropConnectionRate;
        Duration latency = Duration.ZERO;
        Duration outageAfter;
        Duration outageFor;
        long byteQuota = -1;
        long recordQuota = -1;
        long requestQuota = -1;
        Quota quotaPreset;
        /** Per stream: bytes, records, requests per second; -1 where the stream takes every stream's. */
        final java.util.Map<String, long[]> streamQuotas = new java.util.LinkedHashMap<>();
        final java.util.Map<String, Quota> streamPresets = new java.util.LinkedHashMap<>();
        long faultSeed;
        Path tlsKeystore;
        String tlsKeystorePassword;

        /** The fault flags, applied to a started instance (the outage window counts from now). */
        void applyFaults(FaultInjector faults) {
            faults.seed(faultSeed).failEntryRate(failEntryRate).failCallRate(failCallRate, failCallStatus)
                    .dropConnectionRate(dropConnectionRate).latency(latency);
            applyQuotas(faults);
            if (outageFor != null) {
                java.time.Instant from = java.time.Instant.now().plus(outageAfter == null ? Duration.ZERO : outageAfter);
                faults.outageBetween(from, from.plus(outageFor));
            }
        }

        /** A preset first, then the single limits over it; every stream's, then each stream's own. */
        void applyQuotas(FaultInjector faults) {
            if (quotaPreset != null) {
                faults.quota(quotaPreset);
            }
            if (byteQuota >= 0) {
                faults.byteQuota(byteQuota);
            }
            if (recordQuota >= 0) {
                faults.recordQuota(recordQuota);
            }
            if (requestQuota >= 0) {
                faults.requestQuota(requestQuota);
            }
            for (java.util.Map.Entry<String, Quota> preset : streamPresets.entrySet()) {
                faults.quota(preset.getKey(), preset.getValue());
            }
            for (java.util.Map.Entry<String, long[]> own : streamQuotas.entrySet()) {
                long[] limits = own.getValue();
                if (limits[0] >= 0) {
                    faults.byteQuota(own.getKey(), limits[0]);
                }
                if (limits[1] >= 0) {
                    faults.recordQuota(own.getKey(), limits[1]);
                }
                if (limits[2] >= 0) {
                    faults.requestQuota(own.getKey(), limits[2]);
                }
            }
        }

        /** The streams a quota flag names. */
        java.util.Set<String> quotaStreams() {
            java.util.Set<String> named = new java.util.TreeSet<>(streamQuotas.keySet());
            named.addAll(streamPresets.keySet());
            return named;
        }

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
                    .retainRecords(false)
                    .errorOutputPrefix(errorPrefix)
                    .compression(compression)
                    .appendDelimiter(appendDelimiter)
                    .verifySignatures(verifySignatures)
                    .externalId(externalId)
                    .maxSessionDuration(maxSessionDuration)
                    .tlsKeystore(tlsKeystore, tlsKeystorePassword);
            for (String stream : streams) {
                builder.stream(stream);
            }
            for (java.util.Map.Entry<String, String> user : users.entrySet()) {
                builder.credentials(user.getKey(), user.getValue());
            }
            for (String role : roles) {
                builder.role(role);
            }
            if (sessionDuration.compareTo(RoleSettings.MIN_SESSION) < 0) {
                builder.minimumSessionDuration(sessionDuration);   // a rehearsal of credential refresh
            }
            return builder.sessionDuration(sessionDuration);
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
