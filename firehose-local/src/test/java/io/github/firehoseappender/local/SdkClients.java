package io.github.firehoseappender.local;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.firehose.model.Record;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.TrustManagerFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The real AWS SDK v2 client pointed at a {@link FirehoseLocal}, without retries so each call is one request. */
final class SdkClients {
    static final String ACCESS_KEY_ID = "AKIDLOCALTEST";
    static final String SECRET_KEY = "local-test-secret";

    private SdkClients() {
    }

    static FirehoseClient client(FirehoseLocal local) {
        return client(local, ACCESS_KEY_ID);
    }

    static FirehoseClient client(FirehoseLocal local, String accessKeyId) {
        return client(local.endpoint(), accessKeyId);
    }

    static FirehoseClient client(URI endpoint, String accessKeyId) {
        return client(endpoint, accessKeyId, UrlConnectionHttpClient.builder());
    }

    /** A client that trusts {@code certificate} (and no other) for HTTPS. */
    static FirehoseClient trusting(URI endpoint, LoopbackCertificate certificate) throws IOException, GeneralSecurityException {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(certificate.trustStore())) {
            trusted.load(in, certificate.password().toCharArray());
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        return client(endpoint, ACCESS_KEY_ID, UrlConnectionHttpClient.builder().tlsTrustManagersProvider(trust::getTrustManagers));
    }

    private static FirehoseClient client(URI endpoint, String accessKeyId, UrlConnectionHttpClient.Builder http) {
        return FirehoseClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, SECRET_KEY)))
                .httpClientBuilder(http)
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    static Record record(String text) {
        return Record.builder().data(SdkBytes.fromString(text, StandardCharsets.UTF_8)).build();
    }

    static Record record(byte[] data) {
        return Record.builder().data(SdkBytes.fromByteArray(data)).build();
    }

    static List<Record> records(int count, String prefix) {
        List<Record> records = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            records.add(record(prefix + i + "\n"));
        }
        return records;
    }
}
