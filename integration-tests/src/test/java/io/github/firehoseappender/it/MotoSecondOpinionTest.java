package io.github.firehoseappender.it;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.builder.SdkClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.firehose.model.DeliveryStreamDescription;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A second opinion nobody here wrote: moto's Firehose, S3, IAM and STS. Both appenders assume a
 * role through moto's STS and deliver to a moto stream; the objects are read back from moto's S3.
 * Skipped, saying why, where moto_server is not installed ({@code pip install 'moto[server]==5.2.1'}).
 */
@Timeout(180)
class MotoSecondOpinionTest {
    private static final Region REGION = Region.US_EAST_1;
    private static final StaticCredentialsProvider ADMIN =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDMOTOADMIN", "moto-admin"));
    private static MotoServer moto;
    private static String roleArn;
    private final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    static void startMoto() throws Exception {
        Path executable = MotoServer.find();
        assumeTrue(executable != null, "moto_server is not on PATH; install it with: pip install 'moto[server]==5.2.1'");
        moto = MotoServer.start(executable);
        try (IamClient iam = client(IamClient.builder()).region(Region.AWS_GLOBAL).build()) {
            roleArn = iam.createRole(b -> b.roleName("log-producer").assumeRolePolicyDocument("{\"Version\":\"2012-10-17\","
                    + "\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::123456789012:root\"},"
                    + "\"Action\":\"sts:AssumeRole\",\"Condition\":{\"StringEquals\":{\"sts:ExternalId\":\"logs-4f1c\"}}}]}"))
                    .role().arn();
        }
    }

    @AfterAll
    static void stopMoto() {
        if (moto != null) {
            moto.close();
        }
    }

    static Stream<AppenderRun.Framework> frameworks() {
        return Stream.of(AppenderRun.LOGBACK, AppenderRun.LOG4J2);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("frameworks")
    void appenderDeliversThroughAnAssumedRoleIntoMotosS3(AppenderRun.Framework framework) throws Exception {
        String bucket = "logs-" + framework.toString().toLowerCase();
        String stream = "logs-" + framework.toString().toLowerCase();
        try (S3Client s3 = client(S3Client.builder()).region(REGION).forcePathStyle(true).build();
             FirehoseClient firehose = client(FirehoseClient.builder()).region(REGION).build()) {
            s3.createBucket(b -> b.bucket(bucket));
            firehose.createDeliveryStream(b -> b.deliveryStreamName(stream).deliveryStreamType("DirectPut")
                    .extendedS3DestinationConfiguration(d -> d.bucketARN("arn:aws:s3:::" + bucket).roleARN(roleArn)
                            .prefix("logging/").bufferingHints(h -> h.sizeInMBs(1).intervalInSeconds(60))));
            DeliveryStreamDescription description = firehose.describeDeliveryStream(b -> b.deliveryStreamName(stream))
                    .deliveryStreamDescription();
            assertEquals("ACTIVE", description.deliveryStreamStatusAsString());

            List<String> logged = new ArrayList<>();
            try (AppenderRun appender = framework.start(options(stream))) {
                for (int i = 0; i < 20; i++) {
                    String message = framework + " through moto " + i;
                    appender.log(message);
                    logged.add(message);
                }
                assertTrue(appender.flush(), appender.status() + "\nmoto log:\n" + moto.log());
            }

            List<String> delivered = new ArrayList<>();
            List<String> keys = new ArrayList<>();
            for (S3Object object : s3.listObjectsV2(b -> b.bucket(bucket)).contents()) {
                keys.add(object.key());
                String text = s3.getObjectAsBytes(b -> b.bucket(bucket).key(object.key())).asString(StandardCharsets.UTF_8);
                for (String line : text.split("\n")) {
                    if (!line.isEmpty()) {
                        delivered.add(json.readTree(line).get("message").asText());
                    }
                }
            }
            assertTrue(!keys.isEmpty() && keys.get(0).startsWith("logging/"), keys.toString());
            Collections.sort(delivered);
            Collections.sort(logged);
            assertEquals(logged, delivered, "objects " + keys);
        }
    }

    private Map<String, String> options(String stream) {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("deliveryStream", stream);
        options.put("region", REGION.id());
        options.put("endpoint", moto.endpoint().toString());
        options.put("stsEndpoint", moto.endpoint().toString());
        options.put("roleArn", roleArn);
        options.put("externalId", "logs-4f1c");
        options.put("roleSessionName", "moto-it");
        return options;
    }

    private static <B extends SdkClientBuilder<B, C> & software.amazon.awssdk.awscore.client.builder.AwsClientBuilder<B, C>, C> B client(B builder) {
        return builder.endpointOverride(moto.endpoint()).credentialsProvider(ADMIN);
    }
}
