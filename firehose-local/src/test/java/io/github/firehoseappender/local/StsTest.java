package io.github.firehoseappender.local;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.firehose.model.FirehoseException;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;
import software.amazon.awssdk.services.sts.model.StsException;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** STS AssumeRole on firehose-local's port, driven by the real SDK StsClient and StsAssumeRoleCredentialsProvider. */
@Timeout(60)
class StsTest {
    private static final String ROLE = StsClients.ROLE_ARN;

    @Test
    void assumeRoleIssuesTemporaryCredentialsForAConfiguredRole() {
        try (FirehoseLocal local = FirehoseLocal.builder().stream("logs").role(ROLE).start();
             StsClient sts = StsClients.sts(local, "AKIDANY", "any")) {
            Instant before = Instant.now();

            AssumeRoleResponse response = sts.assumeRole(b -> b.roleArn(ROLE).roleSessionName("app-1"));

            assertTrue(response.credentials().accessKeyId().startsWith("ASIA"), response.credentials().accessKeyId());
            assertEquals(40, response.credentials().secretAccessKey().length());
            assertTrue(response.credentials().sessionToken().length() > 100);
            Duration lifetime = Duration.between(before, response.credentials().expiration());
            assertTrue(lifetime.compareTo(Duration.ofMinutes(59)) > 0 && lifetime.compareTo(Duration.ofMinutes(61)) < 0, lifetime.toString());
            assertEquals("arn:aws:sts::123456789012:assumed-role/log-producer/app-1", response.assumedRoleUser().arn());
            assertTrue(response.assumedRoleUser().assumedRoleId().matches("AROA[A-Z2-7]{17}:app-1"), response.assumedRoleUser().assumedRoleId());
            assertEquals(1, local.sessionsIssued());
        }
    }

    @Test
    void putCallsSignedWithTheAssumedRoleAreAttributedToTheRoleAndSession() {
        try (FirehoseLocal local = FirehoseLocal.builder().stream("logs").role(ROLE).start();
             StsClient sts = StsClients.sts(local, "AKIDANY", "any");
             StsAssumeRoleCredentialsProvider assumed = StsAssumeRoleCredentialsProvider.builder().stsClient(sts)
                     .refreshRequest(b -> b.roleArn(ROLE).roleSessionName("appender")).build();
             FirehoseClient firehose = StsClients.firehose(local, assumed)) {

            firehose.putRecordBatch(b -> b.deliveryStreamName("logs").records(SdkClients.record("{\"a\":1}\n")));

            FirehoseLocal.Call call = local.calls("logs").get(0);
            assertEquals(ROLE, call.roleArn());
            assertEquals("appender", call.roleSessionName());
            assertEquals("arn:aws:sts::123456789012:assumed-role/log-producer/appender", call.callerArn());
            assertTrue(call.accessKeyId().startsWith("ASIA"));
            assertEquals(List.of("{\"a\":1}"), local.lines("logs"));
        }
    }

    @Test
    void putCallsWithoutARoleSessionAreDeniedWhenRolesAreConfigured() {
        try (FirehoseLocal local = FirehoseLocal.builder().stream("logs").role(ROLE)
                .credentials(StsClients.USER_KEY, StsClients.USER_SECRET).start();
             FirehoseClient firehose = StsClients.firehose(local,
                     StaticCredentialsProvider.create(AwsBasicCredentials.create(StsClients.USER_KEY, StsClients.USER_SECRET)))) {

            FirehoseException e = assertThrows(FirehoseException.class,
                    () -> firehose.putRecordBatch(b -> b.deliveryStreamName("logs").records(SdkClients.record("x\n"))));

            assertEquals("AccessDeniedException", e.awsErrorDetails().errorCode());
            assertEquals(400, e.statusCode());
            assertTrue(e.awsErrorDetails().errorMessage().startsWith("User: arn:aws:iam::123456789012:user/AKIDAPPACCOUNT is not "
                    + "authorized to perform: firehose:PutRecordBatch on resource: arn:aws:firehose:us-east-1:123456789012:deliverystream/logs"),
                    e.awsErrorDetails().errorMessage());
            firehose.describeDeliveryStream(b -> b.deliveryStreamName("logs"));   // the control plane stays open to users
            assertEquals(List.of(), local.calls("logs"));
        }
    }

    @Test
    void requiredExternalIdMustMatch() {
        try (FirehoseLocal local = FirehoseLocal.builder().role(ROLE).externalId("logs-4f1c").start();
             StsClient sts = StsClients.sts(local, "AKIDANY", "any")) {

            StsException missing = assertThrows(StsException.class, () -> sts.assumeRole(b -> b.roleArn(ROLE).roleSessionName("s1")));
            StsException wrong = assertThrows(StsException.class,
                    () -> sts.assumeRole(b -> b.roleArn(ROLE).roleSessionName("s1").externalId("nope-0000")));
            sts.assumeRole(b -> b.roleArn(ROLE).roleSessionName("s1").externalId("logs-4f1c"));

            for (StsException e : List.of(missing, wrong)) {
                assertEquals(403, e.statusCode());
                assertEquals("AccessDenied", e.awsErrorDetails().errorCode());
                assertEquals("User: arn:aws:iam::123456789012:user/AKIDANY is not authorized to perform: sts:AssumeRole on resource: " + ROLE,
                        e.awsErrorDetails().errorMessage());
            }
        }
    }

    @Test
    void rolesNotConfiguredAreDenied() {
        try (FirehoseLocal local = FirehoseLocal.builder().role(ROLE).start();
             StsClient sts = StsClients.sts(local, "AKIDANY", "any")) {

            StsException e = assertThrows(StsException.class,
                    () -> sts.assumeRole(b -> b.roleArn("arn:aws:iam::123456789012:role/admin").roleSessionName("s1")));

            assertEquals("AccessDenied", e.awsErrorDetails().errorCode());
        }
    }

    @Test
    void withoutRolesAnyRoleCanBeAssumedAndCallsStayPermissive() {
        try (FirehoseLocal local = FirehoseLocal.builder().stream("logs").start();
             StsClient sts = StsClients.sts(local, "AKIDANY", "any")) {

            AssumeRoleResponse response = sts.assumeRole(b -> b.roleArn("arn:aws:iam::210987654321:role/anything").roleSessionName("s1"));

            assertEquals("arn:aws:sts::210987654321:assumed-role/anything/s1", response.assumedRoleUser().arn());
            assertTrue(!local.verifiesSignatures());
        }
    }

    @Test
    void durationSecondsOutsideTheAllowedRangeIsAValidationError() {
        try (FirehoseLocal local = FirehoseLocal.builder().role(ROLE).start();
             StsClient sts = StsClients.sts(local, "AKIDANY", "any")) {

            StsException tooShort = assertThrows(StsException.class,
                    () -> sts.assumeRole(b -> b.roleArn(ROLE).roleSessionName("s1").durationSeconds(899)));
            StsException overRoleMax = assertThrows(StsException.class,
                    () -> sts.assumeRole(b -> b.roleArn(ROLE).roleSessionName("s1").durationSeconds(7200)));
            StsException overLimit = assertThrows(StsException.class,
                    () -> sts.assumeRole(b -> b.roleArn(ROLE).roleSessionName("s1").durationSeconds(43201)));
            AssumeRoleResponse shortest = sts.assumeRole(b -> b.roleArn(ROLE).roleSessionName("s1").durationSeconds(900));

            assertEquals("ValidationError", tooShort.awsErrorDetails().errorCode());
            assertEquals(400, tooShort.statusCode());
            assertEquals("1 validation error detected: Value '899' at 'durationSeconds' failed to satisfy constraint: "
                    + "Member must have value greater than or equal to 900", tooShort.awsErrorDetails().errorMessage());
            assertEquals("The requested DurationSeconds exceeds the MaxSessionDuration set for this role.",
                    overRoleMax.awsErrorDetails().errorMessage());
            assertTrue(overLimit.awsErrorDetails().errorMessage().contains("less than or equal to 43200"));
            assertTrue(Duration.between(Instant.now(), shortest.credentials().expiration()).compareTo(Duration.ofMinutes(16)) < 0);
        }
    }

    @Test
    void missingSessionNameIsAValidationError() {
        try (FirehoseLocal local = FirehoseLocal.builder().role(ROLE).start();
             StsClient sts = StsClients.sts(local, "AKIDANY", "any")) {

            StsException e = assertThrows(StsException.class, () -> sts.assumeRole(b -> b.roleArn(ROLE).roleSessionName("x")));

            assertEquals("ValidationError", e.awsErrorDetails().errorCode());
        }
    }

    @Test
    void getCallerIdentityNamesTheAssumedRoleSession() {
        try (FirehoseLocal local = FirehoseLocal.builder().role(ROLE).start();
             StsClient sts = StsClients.sts(local, "AKIDANY", "any")) {
            AssumeRoleResponse assumed = sts.assumeRole(b -> b.roleArn(ROLE).roleSessionName("who"));
            try (StsClient asRole = StsClient.builder().endpointOverride(local.stsEndpoint())
                    .region(software.amazon.awssdk.regions.Region.US_EAST_1)
                    .credentialsProvider(StaticCredentialsProvider.create(software.amazon.awssdk.auth.credentials.AwsSessionCredentials.create(
                            assumed.credentials().accessKeyId(), assumed.credentials().secretAccessKey(),
                            assumed.credentials().sessionToken())))
                    .httpClientBuilder(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.builder())
                    .build()) {

                GetCallerIdentityResponse identity = asRole.getCallerIdentity();

                assertEquals("arn:aws:sts::123456789012:assumed-role/log-producer/who", identity.arn());
                assertEquals("123456789012", identity.account());
                assertEquals(assumed.assumedRoleUser().assumedRoleId(), identity.userId());
            }
        }
    }

    @Test
    void configuredUsersAreTheOnlyOnesWhoMayCallSts() {
        try (FirehoseLocal local = FirehoseLocal.builder().role(ROLE).credentials(StsClients.USER_KEY, StsClients.USER_SECRET).start();
             StsClient stranger = StsClients.sts(local, "AKIDSTRANGER", "x");
             StsClient user = StsClients.sts(local, StsClients.USER_KEY, StsClients.USER_SECRET)) {

            StsException e = assertThrows(StsException.class, () -> stranger.assumeRole(b -> b.roleArn(ROLE).roleSessionName("s1")));

            assertEquals("InvalidClientTokenId", e.awsErrorDetails().errorCode());
            assertEquals(403, e.statusCode());
            assertEquals("The security token included in the request is invalid.", e.awsErrorDetails().errorMessage());
            assertEquals("arn:aws:sts::123456789012:assumed-role/log-producer/s1",
                    user.assumeRole(b -> b.roleArn(ROLE).roleSessionName("s1")).assumedRoleUser().arn());
        }
    }

    @Test
    void builderRefusesBadRoleSettings() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FirehoseLocal.builder()
                .role("not-an-arn").sessionDuration(Duration.ofHours(2)).minimumSessionDuration(Duration.ZERO).start());

        assertTrue(e.getMessage().contains("role=not-an-arn is not an IAM role ARN"), e.getMessage());
        assertTrue(e.getMessage().contains("minimumSessionDuration=PT0S must be 1 s..900 s"), e.getMessage());
        assertTrue(e.getMessage().contains("sessionDuration=PT2H must lie between"), e.getMessage());
    }
}
