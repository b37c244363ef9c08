package io.github.firehoseappender.local;

import io.github.firehoseappender.local.auth.RequestAuthenticator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.firehose.model.FirehoseException;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SigV4 checks refuse what AWS refuses, with AWS's error codes; the default stays permissive. */
@Timeout(60)
class SignatureVerificationTest {
    private static final String KEY = StsClients.USER_KEY;
    private static final String SECRET = StsClients.USER_SECRET;

    @Test
    void callsSignedByAConfiguredUserPass() {
        try (FirehoseLocal local = FirehoseLocal.builder().stream("logs").credentials(KEY, SECRET).start();
             FirehoseClient client = client(local, KEY, SECRET, Region.US_EAST_1)) {

            client.putRecordBatch(b -> b.deliveryStreamName("logs").records(SdkClients.record("ok\n")));
            client.listDeliveryStreams();

            assertEquals("arn:aws:iam::123456789012:user/" + KEY, local.calls("logs").get(0).callerArn());
        }
    }

    @Test
    void unknownAccessKeyIsAnUnrecognizedClient() {
        try (FirehoseLocal local = FirehoseLocal.builder().stream("logs").credentials(KEY, SECRET).start();
             FirehoseClient client = client(local, "AKIDUNKNOWN", SECRET, Region.US_EAST_1)) {

            FirehoseException e = assertThrows(FirehoseException.class, client::listDeliveryStreams);

            assertError(e, 400, "UnrecognizedClientException", "The security token included in the request is invalid.");
        }
    }

    @Test
    void wrongSecretIsAnInvalidSignature() {
        try (FirehoseLocal local = FirehoseLocal.builder().stream("logs").credentials(KEY, SECRET).start();
             FirehoseClient client = client(local, KEY, "not-the-secret", Region.US_EAST_1)) {

            FirehoseException e = assertThrows(FirehoseException.class,
                    () -> client.putRecordBatch(b -> b.deliveryStreamName("logs").records(SdkClients.record("x\n"))));

            assertError(e, 400, "InvalidSignatureException", RequestAuthenticator.SIGNATURE_MISMATCH);
            assertEquals(List.of(), local.calls("logs"));
        }
    }

    @Test
    void credentialScopedToAnotherRegionIsRefused() {
        try (FirehoseLocal local = FirehoseLocal.builder().credentials(KEY, SECRET).start();
             FirehoseClient client = client(local, KEY, SECRET, Region.EU_WEST_1)) {

            FirehoseException e = assertThrows(FirehoseException.class, client::listDeliveryStreams);

            assertError(e, 400, "InvalidSignatureException", "Credential should be scoped to a valid region. ");
        }
    }

    @Test
    void expiredSessionTokenIsAnExpiredToken() {
        MutableClock clock = MutableClock.startingNow();
        try (FirehoseLocal local = FirehoseLocal.builder().stream("logs").role(StsClients.ROLE_ARN).clock(clock).start();
             StsClient sts = StsClients.sts(local, "AKIDANY", "any")) {
            AssumeRoleResponse assumed = sts.assumeRole(b -> b.roleArn(StsClients.ROLE_ARN).roleSessionName("s1").durationSeconds(900));
            try (FirehoseClient client = sessionClient(local, assumed)) {
                client.putRecordBatch(b -> b.deliveryStreamName("logs").records(SdkClients.record("in time\n")));

                clock.advance(Duration.ofSeconds(901));
                FirehoseException e = assertThrows(FirehoseException.class,
                        () -> client.putRecordBatch(b -> b.deliveryStreamName("logs").records(SdkClients.record("too late\n"))));

                assertError(e, 400, "ExpiredTokenException", "The security token included in the request is expired");
                assertEquals(List.of("in time"), local.lines("logs"));
            }
        }
    }

    @Test
    void sessionKeyWithAnotherTokenIsUnrecognized() {
        try (FirehoseLocal local = FirehoseLocal.builder().stream("logs").role(StsClients.ROLE_ARN).start();
             StsClient sts = StsClients.sts(local, "AKIDANY", "any")) {
            AssumeRoleResponse assumed = sts.assumeRole(b -> b.roleArn(StsClients.ROLE_ARN).roleSessionName("s1"));
            try (FirehoseClient client = StsClients.firehose(local, StaticCredentialsProvider.create(AwsSessionCredentials.create(
                    assumed.credentials().accessKeyId(), assumed.credentials().secretAccessKey(), "forged-token")))) {

                FirehoseException e = assertThrows(FirehoseException.class, client::listDeliveryStreams);

                assertError(e, 400, "UnrecognizedClientException", "The security token included in the request is invalid.");
            }
        }
    }

    @Test
    void requestSignedMoreThanFifteenMinutesAgoIsRefused() {
        MutableClock clock = MutableClock.startingNow();
        try (FirehoseLocal local = FirehoseLocal.builder().credentials(KEY, SECRET).clock(clock).start();
             FirehoseClient client = client(local, KEY, SECRET, Region.US_EAST_1)) {
            clock.advance(Duration.ofMinutes(16));

            FirehoseException e = assertThrows(FirehoseException.class, client::listDeliveryStreams);

            assertEquals("InvalidSignatureException", e.awsErrorDetails().errorCode());
            assertTrue(e.awsErrorDetails().errorMessage().startsWith("Signature expired: "), e.awsErrorDetails().errorMessage());
        }
    }

    @Test
    void bodyChangedAfterSigningFailsTheSignature() throws Exception {
        try (FirehoseLocal local = FirehoseLocal.builder().stream("logs").credentials(KEY, SECRET).start()) {
            String body = "{\"DeliveryStreamName\":\"logs\",\"Record\":{\"Data\":\"eDEK\"}}";
            SignedRequest signed = signWithTheSdkSigner(local, body);

            HttpResponse<String> untouched = send(signed, body);
            HttpResponse<String> tampered = send(signed, body.replace("eDEK", "eTIK"));

            assertEquals(200, untouched.statusCode(), untouched.body());
            assertEquals(400, tampered.statusCode());
            assertTrue(tampered.body().contains("\"__type\":\"InvalidSignatureException\""), tampered.body());
            assertEquals(List.of("x1"), local.lines("logs"));
        }
    }

    @Test
    void unsignedCallIsRefusedWhenVerifying() throws Exception {
        try (FirehoseLocal local = FirehoseLocal.builder().verifySignatures(true).start()) {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(local.endpoint())
                    .header("X-Amz-Target", "Firehose_20150804.ListDeliveryStreams")
                    .header("Content-Type", "application/x-amz-json-1.1")
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());

            assertEquals(400, response.statusCode());
            assertTrue(response.body().contains("\"__type\":\"MissingAuthenticationTokenException\""), response.body());
        }
    }

    @Test
    void anyKeyPassesByDefault() {
        try (FirehoseLocal local = FirehoseLocal.builder().stream("logs").start();
             FirehoseClient client = client(local, "AKIDWHATEVER", "whatever", Region.EU_WEST_1)) {

            client.putRecordBatch(b -> b.deliveryStreamName("logs").records(SdkClients.record("ok\n")));

            assertEquals("AKIDWHATEVER", local.calls("logs").get(0).accessKeyId());
        }
    }

    private static void assertError(FirehoseException e, int status, String code, String message) {
        assertEquals(status, e.statusCode());
        assertEquals(code, e.awsErrorDetails().errorCode());
        assertEquals(message, e.awsErrorDetails().errorMessage());
    }

    private static FirehoseClient client(FirehoseLocal local, String key, String secret, Region region) {
        return FirehoseClient.builder().endpointOverride(local.endpoint()).region(region)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(key, secret)))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    private static FirehoseClient sessionClient(FirehoseLocal local, AssumeRoleResponse assumed) {
        return StsClients.firehose(local, StaticCredentialsProvider.create(AwsSessionCredentials.create(
                assumed.credentials().accessKeyId(), assumed.credentials().secretAccessKey(), assumed.credentials().sessionToken())));
    }

    private static SignedRequest signWithTheSdkSigner(FirehoseLocal local, String body) {
        SdkHttpRequest request = SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(local.endpoint())
                .putHeader("X-Amz-Target", "Firehose_20150804.PutRecord")
                .putHeader("Content-Type", "application/x-amz-json-1.1")
                .build();
        return AwsV4HttpSigner.create().sign(r -> r.identity(AwsCredentialsIdentity.create(KEY, SECRET))
                .request(request)
                .payload(ContentStreamProvider.fromUtf8String(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "firehose")
                .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1"));
    }

    private static HttpResponse<String> send(SignedRequest signed, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(signed.request().getUri())
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        for (Map.Entry<String, List<String>> header : signed.request().headers().entrySet()) {
            if (header.getKey().equalsIgnoreCase("Host") || header.getKey().equalsIgnoreCase("Content-Length")) {
                continue;   // the JDK client sets both itself, to the same values
            }
            for (String value : header.getValue()) {
                request.header(header.getKey(), value);
            }
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
