package io.github.firehoseappender.userpaths;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.firehoseappender.local.FirehoseLocal;
import io.github.firehoseappender.local.LoopbackCertificate;
import io.github.firehoseappender.testkit.LocalFirehoseServer;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the appender adds to a cold JVM (issue 16), measured, never asserted: the same Logback app ({@code
 * example.coldstart.ColdStartApp}) in a fresh child JVM per run, with only the published jars on its classpath,
 * configured by a logback.xml that has our appender against firehose-local, a ConsoleAppender, or no appender. Each
 * child reports, in epoch milliseconds, when Logback was configured, when its first event was logged and when that
 * event was acknowledged (our appender's flush returned: firehose-local answered the PutRecordBatch), plus the classes
 * loaded and the heap in use after a GC; times count from the moment the parent spawned the process, so they include
 * the JVM's own boot. Medians of {@code -Dcoldstart.runs} runs (5), one of each configuration in turn, on this JDK and
 * JDK 25 when present.
 *
 * <p>Not part of the normal build (its name is no test's): {@code user-paths/coldstart.sh}, which prints the table and
 * writes it to {@code user-paths/target/coldstart-table.md}.
 */
class ColdStartMeasurement {
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(60);

    @RegisterExtension
    final LocalFirehoseServer local = new LocalFirehoseServer(UserPathRun.STREAM);
    @TempDir
    Path workDir;

    /** The config files compared, by the name the table gives them. */
    private static final Map<String, String> CONFIGS = new LinkedHashMap<>();
    /** The end of the name of a row whose firehose-local serves HTTPS. */
    private static final String HTTPS = ", https";
    /** firehose-local over HTTPS, for the rows that say so; started by the test. */
    private FirehoseLocal tls;
    /** Per JDK, a copy of its cacerts with firehose-local's certificate added. */
    private final Map<Path, Path> trustStores = new LinkedHashMap<>();

    static {
        CONFIGS.put("no appender", "<configuration>\n  <root level=\"INFO\"/>\n</configuration>\n");
        CONFIGS.put("ConsoleAppender", "<configuration>\n"
                + "  <appender name=\"CONSOLE\" class=\"ch.qos.logback.core.ConsoleAppender\">\n"
                + "    <encoder><pattern>%d %-5level %logger - %msg%n</pattern></encoder>\n"
                + "  </appender>\n"
                + "  <root level=\"INFO\"><appender-ref ref=\"CONSOLE\"/></root>\n"
                + "</configuration>\n");
        CONFIGS.put("FirehoseAppender", "<configuration>\n"
                + "  <appender name=\"FIREHOSE\" class=\"io.github.firehoseappender.logback.FirehoseAppender\"/>\n"
                + "  <root level=\"INFO\"><appender-ref ref=\"FIREHOSE\"/></root>\n"
                + "</configuration>\n");
        // As the Lambda example ships it: no MBean (the platform MBean server is a cold JVM's largest single cost
        // of ours) and no shutdown hook.
        CONFIGS.put("FirehoseAppender, jmx=false", "<configuration>\n"
                + "  <appender name=\"FIREHOSE\" class=\"io.github.firehoseappender.logback.FirehoseAppender\">\n"
                + "    <jmx>false</jmx><shutdownHook>false</shutdownHook>\n"
                + "  </appender>\n"
                + "  <root level=\"INFO\"><appender-ref ref=\"FIREHOSE\"/></root>\n"
                + "</configuration>\n");
        // The fallback wire, the SDK's FirehoseClient (the default before wire=direct), in the same run.
        CONFIGS.put("FirehoseAppender, jmx=false, wire=sdk", "<configuration>\n"
                + "  <appender name=\"FIREHOSE\" class=\"io.github.firehoseappender.logback.FirehoseAppender\">\n"
                + "    <jmx>false</jmx><shutdownHook>false</shutdownHook><wire>sdk</wire>\n"
                + "  </appender>\n"
                + "  <root level=\"INFO\"><appender-ref ref=\"FIREHOSE\"/></root>\n"
                + "</configuration>\n");
        // Over HTTPS, as against Firehose: firehose-local with a certificate the child trusts through a copy of its
        // JDK's own cacerts (so the trust store it parses is as large as a production JVM's), and a TLS handshake.
        CONFIGS.put("FirehoseAppender, jmx=false" + HTTPS, CONFIGS.get("FirehoseAppender, jmx=false"));
        CONFIGS.put("FirehoseAppender, jmx=false, wire=sdk" + HTTPS, CONFIGS.get("FirehoseAppender, jmx=false, wire=sdk"));
    }

    /** One child's report, in milliseconds from spawn (times), classes and KiB. */
    private record Sample(long jvmStart, long configured, long logged, long acked, long classes, long heapKiB) {
    }

    @Test
    void measureColdStart() throws Exception {
        LoopbackCertificate certificate = LoopbackCertificate.create(workDir.resolve("tls"));
        try (FirehoseLocal https = FirehoseLocal.builder().port(0).stream(UserPathRun.STREAM)
                .tlsKeystore(certificate.keystore(), certificate.password()).start()) {
            tls = https;
            measure(certificate);
        }
    }

    private void measure(LoopbackCertificate certificate) throws Exception {
        int runs = Integer.getInteger("coldstart.runs", 5);
        List<Path> jdks = new ArrayList<>();
        jdks.add(Path.of(System.getProperty("java.home")));
        OtherJdks.java25().ifPresent(jdks::add);
        for (Path jdk : jdks) {
            trustStores.put(jdk, cacertsWith(jdk, certificate, workDir.resolve("trust-" + jdk.getFileName() + ".p12")));
        }
        StringBuilder table = new StringBuilder();
        table.append("| JDK | logback.xml | spawn → JVM start | → configured | → first event logged"
                + " | → first event acked | configured → acked | classes loaded | heap after GC |\n");
        table.append("|---|---|---|---|---|---|---|---|---|\n");
        for (Path jdk : jdks) {
            String version = javaVersion(jdk);
            // Round robin, one run of each configuration in turn: a load that comes and goes on a shared machine
            // weighs on every row alike instead of on the rows that happened to run then.
            Map<String, List<Sample>> samples = new LinkedHashMap<>();
            for (int i = 0; i < runs; i++) {
                for (Map.Entry<String, String> config : CONFIGS.entrySet()) {
                    samples.computeIfAbsent(config.getKey(), k -> new ArrayList<>())
                            .add(runOnce(jdk, config.getKey(), config.getValue(), i));
                }
            }
            Sample none = null;
            for (Map.Entry<String, List<Sample>> row : samples.entrySet()) {
                Sample m = median(row.getValue());
                if (none == null) {
                    none = m;
                }
                boolean acks = row.getKey().startsWith("FirehoseAppender");
                table.append(String.format("| %s | %s | %d ms | %d ms | %d ms | %s | %s | %,d (%+,d) | %,d KiB (%+,d) |%n",
                        version, row.getKey(), m.jvmStart, m.configured, m.logged,
                        acks ? m.acked + " ms" : "–",
                        acks ? median(row.getValue(), s -> s.acked - s.configured) + " ms" : "–",
                        m.classes, m.classes - none.classes, m.heapKiB, m.heapKiB - none.heapKiB));
            }
        }
        String lambda = System.getProperty("coldstart.lambda", "");
        if (!lambda.isBlank()) {
            table.append("\n| JDK | Lambda example | spawn → handler constructed | → first invocation returned (flushed)"
                    + " | invocation alone | classes loaded |\n|---|---|---|---|---|---|\n");
            for (Path jdk : jdks) {
                String version = javaVersion(jdk);
                Map<LambdaRun, List<Sample>> samples = new LinkedHashMap<>();
                for (int i = 0; i < runs; i++) {
                    for (LambdaRun kind : LambdaRun.values()) {
                        samples.computeIfAbsent(kind, k -> new ArrayList<>())
                                .add(runLambdaOnce(jdk, Path.of(lambda), kind, i));
                    }
                }
                for (Map.Entry<LambdaRun, List<Sample>> row : samples.entrySet()) {
                    Sample m = median(row.getValue());
                    table.append(String.format("| %s | %s | %d ms | %d ms | %d ms | %,d |%n", version,
                            row.getKey().title, m.configured, m.acked,
                            median(row.getValue(), s -> s.acked - s.configured), m.classes));
                }
            }
        }
        String text = "Medians of " + runs + " runs each, the configurations in turn (times from process spawn;"
                + " configured → acked and invocation alone: the median of each run's difference):\n\n" + table;
        System.out.println(text);
        Path out = Path.of(System.getProperty("user-paths.table")).resolveSibling("coldstart-table.md");
        Files.writeString(out, text);
    }

    private Sample runOnce(Path jdk, String name, String config, int run) throws Exception {
        Path dir = Files.createDirectories(workDir.resolve(name.replace(' ', '-') + "-" + jdk.getFileName() + "-" + run));
        Path configDir = Files.createDirectories(dir.resolve("config"));
        Files.writeString(configDir.resolve("logback.xml"), config);
        List<String> classpath = new ArrayList<>();
        classpath.add(configDir.toString());
        classpath.add(Path.of(System.getProperty("user-paths.apps")).resolve("coldstart").toString());
        classpath.addAll(UserApp.LOGBACK.dependencies());
        boolean overTls = name.endsWith(HTTPS);
        List<String> command = new ArrayList<>(List.of(jdk.resolve("bin").resolve("java").toString(), "-Xmx256m",
                "-XX:+UseSerialGC"));
        if (overTls) {
            command.addAll(trusting(jdk));
        }
        command.addAll(List.of("-cp", String.join(File.pathSeparator, classpath), "example.coldstart.ColdStartApp"));
        Map<String, String> env = environment(overTls);
        long spawned = System.currentTimeMillis();
        try (ChildJvm child = ChildJvm.start(command, env, dir)) {
            Map<String, String> fields = fields(child.awaitLine("COLDSTART ", RUN_TIMEOUT), "COLDSTART ");
            assertThat(child.awaitExit(RUN_TIMEOUT)).as("the child exits" + child.transcript()).isTrue();
            if (name.startsWith("FirehoseAppender")) {
                assertThat(fields.get("flushed")).as("the first event was acknowledged" + child.transcript())
                        .isEqualTo("true");
            }
            return new Sample(Long.parseLong(fields.get("jvmStart")) - spawned,
                    Long.parseLong(fields.get("configured")) - spawned, Long.parseLong(fields.get("logged")) - spawned,
                    Long.parseLong(fields.get("acked")) - spawned, Long.parseLong(fields.get("classes")),
                    Long.parseLong(fields.get("heapKiB")));
        }
    }

    /** The Lambda rows: what the deployment runs, and how its first invocation comes. */
    private enum LambdaRun {
        CONSOLE_ONLY("console only"),
        SHIPPED("FirehoseAppender + console (as shipped)"),
        /** The CRaC hooks between init and the invocation, through org.crac and the example's test implementation. */
        SNAPSTART_HOOKS("as shipped, checkpoint and restore hooks run after init (SnapStart, no real snapshot)"),
        SHIPPED_HTTPS("as shipped" + HTTPS),
        SNAPSTART_HOOKS_HTTPS("as shipped, checkpoint and restore hooks run after init" + HTTPS);

        final String title;

        LambdaRun(String title) {
            this.title = title;
        }

        boolean snapStartHooks() {
            return this == SNAPSTART_HOOKS || this == SNAPSTART_HOOKS_HTTPS;
        }

        boolean overTls() {
            return title.endsWith(HTTPS);
        }
    }

    /**
     * The Lambda example's first invocation: its deployment jar as built (its own logback.xml: console + our appender)
     * or with a console-only logback.xml ahead of it on the classpath; {@code FirstInvocation} (the example's test
     * classes) constructs the handler and invokes it once, after running the CRaC hooks for {@code SNAPSTART_HOOKS}.
     * In the Sample: configured = handler constructed (and hooks run), acked = invocation returned.
     */
    private Sample runLambdaOnce(Path jdk, Path lambdaTarget, LambdaRun kind, int run) throws Exception {
        Path dir = Files.createDirectories(workDir.resolve("lambda-" + kind + "-" + jdk.getFileName() + "-" + run));
        List<String> classpath = new ArrayList<>();
        if (kind == LambdaRun.CONSOLE_ONLY) {
            Path configDir = Files.createDirectories(dir.resolve("config"));
            Files.writeString(configDir.resolve("logback.xml"), "<configuration>\n"
                    + "  <appender name=\"CONSOLE\" class=\"ch.qos.logback.core.ConsoleAppender\">\n"
                    + "    <encoder><pattern>%d %-5level %X{AWSRequestId} %logger{20} - %msg%n</pattern></encoder>\n"
                    + "  </appender>\n"
                    + "  <root level=\"INFO\"><appender-ref ref=\"CONSOLE\"/></root>\n"
                    + "</configuration>\n");
            classpath.add(configDir.toString());
        }
        classpath.add(lambdaTarget.resolve("lambda-handler.jar").toString());
        classpath.add(lambdaTarget.resolve("test-classes").toString());
        List<String> command = new ArrayList<>(List.of(jdk.resolve("bin").resolve("java").toString(), "-Xmx256m",
                "-XX:+UseSerialGC"));
        if (kind.snapStartHooks()) {
            command.add("-Dcoldstart.snapstart=true");
            command.add("-Dorg.crac.Core.Compat=io.github.firehoseappender.examples.lambda.snapstart");
        }
        if (kind.overTls()) {
            command.addAll(trusting(jdk));
        }
        command.addAll(List.of("-cp", String.join(File.pathSeparator, classpath),
                "io.github.firehoseappender.examples.lambda.FirstInvocation"));
        Map<String, String> env = new LinkedHashMap<>(environment(kind.overTls()));
        env.put("AWS_LAMBDA_FUNCTION_NAME", "orders-api");
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "512");
        long spawned = System.currentTimeMillis();
        try (ChildJvm child = ChildJvm.start(command, env, dir)) {
            Map<String, String> fields = fields(child.awaitLine("LAMBDA ", RUN_TIMEOUT), "LAMBDA ");
            assertThat(child.awaitExit(RUN_TIMEOUT)).as("the child exits" + child.transcript()).isTrue();
            assertThat(fields.get("status")).isEqualTo("200");
            return new Sample(Long.parseLong(fields.get("jvmStart")) - spawned,
                    Long.parseLong(fields.get("initialized")) - spawned, 0,
                    Long.parseLong(fields.get("invoked")) - spawned, Long.parseLong(fields.get("classes")), 0);
        }
    }

    /**
     * A copy of {@code jdk}'s own trust store ({@code lib/security/cacerts}) with firehose-local's certificate added:
     * the child parses as many certificates as with the default, and trusts the loopback server.
     */
    private static Path cacertsWith(Path jdk, LoopbackCertificate certificate, Path copy) throws Exception {
        KeyStore trust = KeyStore.getInstance(jdk.resolve("lib").resolve("security").resolve("cacerts").toFile(),
                "changeit".toCharArray());
        KeyStore loopback = KeyStore.getInstance(certificate.trustStore().toFile(), certificate.password().toCharArray());
        String alias = loopback.aliases().nextElement();
        trust.setCertificateEntry(alias, loopback.getCertificate(alias));
        KeyStore out = KeyStore.getInstance("PKCS12");
        out.load(null, null);
        for (String a : Collections.list(trust.aliases())) {
            out.setCertificateEntry(a, trust.getCertificate(a));
        }
        try (OutputStream stream = Files.newOutputStream(copy)) {
            out.store(stream, "changeit".toCharArray());
        }
        return copy;
    }

    /** The child's trust store for the rows over HTTPS. */
    private List<String> trusting(Path jdk) {
        return List.of("-Djavax.net.ssl.trustStore=" + trustStores.get(jdk), "-Djavax.net.ssl.trustStorePassword=changeit",
                "-Djavax.net.ssl.trustStoreType=PKCS12");
    }

    /** What a user exports: the stream, firehose-local's endpoint, a region and the keys it accepts. */
    private Map<String, String> environment(boolean overTls) {
        return Map.of(
                "FIREHOSE_DELIVERY_STREAM", UserPathRun.STREAM,
                "FIREHOSE_ENDPOINT", (overTls ? tls.endpoint() : local.endpoint()).toString(),
                "FIREHOSE_REGION", "us-east-1",
                "AWS_REGION", "us-east-1",
                "AWS_ACCESS_KEY_ID", "test-key",
                "AWS_SECRET_ACCESS_KEY", "test-secret");
    }

    private static Map<String, String> fields(String line, String prefix) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String part : line.substring(prefix.length()).split(" ")) {
            String[] kv = part.split("=", 2);
            fields.put(kv[0], kv[1]);
        }
        return fields;
    }

    private static Sample median(List<Sample> samples) {
        return new Sample(median(samples, Sample::jvmStart), median(samples, Sample::configured),
                median(samples, Sample::logged), median(samples, Sample::acked), median(samples, Sample::classes),
                median(samples, Sample::heapKiB));
    }

    private static long median(List<Sample> samples, java.util.function.ToLongFunction<Sample> field) {
        List<Long> values = new ArrayList<>();
        for (Sample s : samples) {
            values.add(field.applyAsLong(s));
        }
        Collections.sort(values);
        return values.get(values.size() / 2);
    }

    private static String javaVersion(Path jdk) throws IOException {
        for (String line : Files.readAllLines(jdk.resolve("release"))) {
            if (line.startsWith("JAVA_VERSION=")) {
                return line.substring("JAVA_VERSION=".length()).replace("\"", "");
            }
        }
        return jdk.getFileName().toString();
    }
}
