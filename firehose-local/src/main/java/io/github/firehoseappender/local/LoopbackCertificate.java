package io.github.firehoseappender.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed EC P-256 certificate for 127.0.0.1 (and localhost), made by the JDK's own {@code keytool} in a
 * folder, for tests and benchmarks that want firehose-local over HTTPS. Three files:
 * <ul>
 *   <li>{@link #keystore()}: PKCS12 with the key, what {@link FirehoseLocal.Builder#tlsKeystore} and
 *       {@code --tls-keystore} serve with;</li>
 *   <li>{@link #certificatePem()}: the certificate alone, for {@code aws --ca-bundle}, {@code curl --cacert};</li>
 *   <li>{@link #trustStore()}: PKCS12 holding only the certificate, for {@code javax.net.ssl.trustStore} or an SDK
 *       client's trust managers.</li>
 * </ul>
 * Both stores open with {@link #PASSWORD}. Valid {@value #VALIDITY_DAYS} days. Immutable.
 */
public final class LoopbackCertificate {
    /** The password of both stores: the certificate guards nothing but a loopback test. */
    public static final String PASSWORD = "firehose-local";
    public static final int VALIDITY_DAYS = 30;
    static final String ALIAS = "firehose-local";
    private static final long KEYTOOL_SECONDS = 60;

    private final Path keystore;
    private final Path certificatePem;
    private final Path trustStore;

    private LoopbackCertificate(Path keystore, Path certificatePem, Path trustStore) {
        this.keystore = keystore;
        this.certificatePem = certificatePem;
        this.trustStore = trustStore;
    }

    /**
     * Runs {@code keytool -genkeypair} (from {@code java.home}) into {@code dir}, replacing the three files if there.
     *
     * @throws IOException when keytool is missing, fails (its output in the message) or runs past 60 s, or a file
     *                     cannot be written
     */
    public static LoopbackCertificate create(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path keystore = dir.resolve("firehose-local.p12");
        Path pem = dir.resolve("firehose-local.pem");
        Path trustStore = dir.resolve("firehose-local-trust.p12");
        Files.deleteIfExists(keystore);
        keytool(dir, "-genkeypair", "-alias", ALIAS, "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1,dns:localhost",
                "-validity", Integer.toString(VALIDITY_DAYS), "-storetype", "PKCS12", "-keystore", keystore.toString(),
                "-storepass", PASSWORD, "-keypass", PASSWORD, "-noprompt");
        try {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(keystore)) {
                keys.load(in, PASSWORD.toCharArray());
            }
            Certificate certificate = keys.getCertificate(ALIAS);
            String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(certificate.getEncoded());
            Files.write(pem, ("-----BEGIN CERTIFICATE-----\n" + base64 + "\n-----END CERTIFICATE-----\n")
                    .getBytes(StandardCharsets.US_ASCII));
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry(ALIAS, certificate);
            try (OutputStream out = Files.newOutputStream(trustStore)) {
                trust.store(out, PASSWORD.toCharArray());
            }
        } catch (GeneralSecurityException e) {
            throw new IOException("keytool's keystore " + keystore + " could not be read or its certificate stored", e);
        }
        return new LoopbackCertificate(keystore, pem, trustStore);
    }

    /** The PKCS12 keystore with the private key and certificate, password {@link #PASSWORD}. */
    public Path keystore() {
        return keystore;
    }

    /** The certificate, PEM. */
    public Path certificatePem() {
        return certificatePem;
    }

    /** A PKCS12 trust store holding only the certificate, password {@link #PASSWORD}. */
    public Path trustStore() {
        return trustStore;
    }

    public String password() {
        return PASSWORD;
    }

    private static void keytool(Path dir, String... args) throws IOException {
        boolean windows = System.getProperty("os.name", "").startsWith("Windows");
        Path keytool = Paths.get(System.getProperty("java.home"), "bin", windows ? "keytool.exe" : "keytool");
        if (!Files.isExecutable(keytool)) {
            throw new IOException(keytool + " is missing: this JDK (java.home) has no keytool to make a certificate with");
        }
        List<String> command = new ArrayList<>();
        command.add(keytool.toString());
        command.addAll(List.of(args));
        Path log = Files.createTempFile(dir, "keytool-", ".log");
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            process.getOutputStream().close();   // nothing to answer: every prompt's value is on the command line
            try {
                if (!process.waitFor(KEYTOOL_SECONDS, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IOException("keytool ran past " + KEYTOOL_SECONDS + " s: " + String.join(" ", command));
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while keytool ran");
            }
            if (process.exitValue() != 0) {
                throw new IOException("keytool exited " + process.exitValue() + ": "
                        + new String(Files.readAllBytes(log), StandardCharsets.UTF_8).trim());
            }
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
