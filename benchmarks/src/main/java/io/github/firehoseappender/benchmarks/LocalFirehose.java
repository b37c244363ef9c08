package io.github.firehoseappender.benchmarks;

import io.github.firehoseappender.local.FirehoseLocal;
import io.github.firehoseappender.local.LoopbackCertificate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * firehose-local on loopback as the harnesses use it: records not retained in memory (a long run must not grow the
 * heap we measure), deliveries into a temporary folder removed on close. Also sets the static test credentials the
 * SDK signs with. {@link #overTls} serves HTTPS instead, with a certificate made for the run.
 */
public final class LocalFirehose implements AutoCloseable {
    private final Path dataDir;
    private final FirehoseLocal local;

    public LocalFirehose(String... streams) {
        this(false, streams);
    }

    /**
     * firehose-local over HTTPS with a self-signed certificate made by keytool in the data folder, and that
     * certificate made this JVM's trust store ({@code javax.net.ssl.trustStore}): build the appender after this, so
     * its URL-connection client trusts it.
     */
    public static LocalFirehose overTls(String... streams) {
        return new LocalFirehose(true, streams);
    }

    private LocalFirehose(boolean tls, String... streams) {
        System.setProperty("aws.accessKeyId", "bench-key");
        System.setProperty("aws.secretAccessKey", "bench-secret");
        FirehoseLocal.Builder b;
        try {
            dataDir = Files.createTempDirectory("firehose-bench");
            b = FirehoseLocal.builder().port(0).dataDir(dataDir.resolve("objects")).retainRecords(false);
            if (tls) {
                LoopbackCertificate certificate = LoopbackCertificate.create(dataDir.resolve("tls"));
                System.setProperty("javax.net.ssl.trustStore", certificate.trustStore().toString());
                System.setProperty("javax.net.ssl.trustStorePassword", certificate.password());
                System.setProperty("javax.net.ssl.trustStoreType", "PKCS12");
                b.tlsKeystore(certificate.keystore(), certificate.password());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String s : streams) {
            b.stream(s);
        }
        local = b.start();
    }

    public FirehoseLocal local() {
        return local;
    }

    public String endpoint() {
        return local.endpoint().toString();
    }

    @Override
    public void close() {
        try {
            local.close();
        } finally {
            try (Stream<Path> files = Files.walk(dataDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                System.err.println("could not remove " + dataDir + ": " + e);
            }
        }
    }
}
