package io.github.firehoseappender.local;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.firehose.model.PutRecordBatchResponse;

import java.nio.file.Path;
import java.util.List;
import javax.net.ssl.SSLHandshakeException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** firehose-local over HTTPS, with a certificate the JDK's keytool makes for the test, and the real SDK client. */
class TlsTest {
    @TempDir
    static Path certificateDir;
    private static LoopbackCertificate certificate;

    @BeforeAll
    static void makeCertificate() throws Exception {
        certificate = LoopbackCertificate.create(certificateDir);   // one keytool run for the class
    }

    @Test
    void putRecordBatchOverHttpsLandsInTheStream() throws Exception {
        try (FirehoseLocal local = FirehoseLocal.builder().stream("logs")
                     .tlsKeystore(certificate.keystore(), certificate.password()).start();
             FirehoseClient client = SdkClients.trusting(local.endpoint(), certificate)) {
            PutRecordBatchResponse response = client.putRecordBatch(b -> b.deliveryStreamName("logs")
                    .records(SdkClients.record("{\"a\":1}\n"), SdkClients.record("{\"a\":2}\n")));

            assertEquals("https://127.0.0.1:" + local.port(), local.endpoint().toString());
            assertEquals(0, response.failedPutCount());
            assertEquals(List.of("{\"a\":1}", "{\"a\":2}"), local.lines("logs"));
            assertEquals(1, local.negotiatedTls().size(), local.negotiatedTls().toString());
            assertTrue(local.negotiatedTls().get(0).matches("TLSv1\\.[23] TLS_\\w+"), local.negotiatedTls().toString());
        }
    }

    @Test
    void aClientThatDoesNotTrustTheCertificateIsRefusedAndNothingLands() {
        try (FirehoseLocal local = FirehoseLocal.builder().stream("logs")
                     .tlsKeystore(certificate.keystore(), certificate.password()).start();
             FirehoseClient client = SdkClients.client(local)) {   // the JDK's default trust store only
            SdkClientException refused = assertThrows(SdkClientException.class, () -> client.putRecordBatch(
                    b -> b.deliveryStreamName("logs").records(SdkClients.record("x\n"))));

            assertTrue(causes(refused, SSLHandshakeException.class), refused.toString());
            assertEquals(List.of(), local.lines("logs"));
        }
    }

    @Test
    void plainHttpStaysTheDefault() {
        try (FirehoseLocal local = FirehoseLocal.builder().stream("logs").start();
             FirehoseClient client = SdkClients.client(local)) {
            client.putRecord(b -> b.deliveryStreamName("logs").record(SdkClients.record("x\n")));

            assertEquals("http", local.endpoint().getScheme());
            assertEquals(List.of(), local.negotiatedTls());
        }
    }

    @Test
    void aKeystoreThatCannotServeIsNamedAtStart() {
        String wrongPassword = assertThrows(IllegalArgumentException.class, () -> FirehoseLocal.builder()
                .tlsKeystore(certificate.keystore(), "not-the-password").start()).getMessage();
        String noKey = assertThrows(IllegalArgumentException.class, () -> FirehoseLocal.builder()
                .tlsKeystore(certificate.trustStore(), certificate.password()).start()).getMessage();
        String missing = assertThrows(IllegalArgumentException.class, () -> FirehoseLocal.builder()
                .tlsKeystore(certificateDir.resolve("missing.p12"), "x").start()).getMessage();
        String noPassword = assertThrows(IllegalArgumentException.class, () -> FirehoseLocal.builder()
                .tlsKeystore(certificate.keystore(), null).start()).getMessage();

        assertTrue(wrongPassword.startsWith("Invalid FirehoseLocal configuration: tlsKeystore=" + certificate.keystore()
                + " cannot serve HTTPS ("), wrongPassword);
        assertTrue(wrongPassword.endsWith("); give a PKCS12 keystore holding a private key, and its password"), wrongPassword);
        assertTrue(noKey.contains("it holds no private key entry (keytool -genkeypair makes one)"), noKey);
        assertTrue(missing.contains("NoSuchFileException"), missing);
        assertEquals("Invalid FirehoseLocal configuration: tlsKeystore=" + certificate.keystore()
                + " has no password; give the keystore's password", noPassword);
    }

    private static boolean causes(Throwable thrown, Class<? extends Throwable> cause) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (cause.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
