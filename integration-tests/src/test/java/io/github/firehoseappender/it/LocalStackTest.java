package io.github.firehoseappender.it;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Both appenders against LocalStack's Firehose, STS and S3 in a container: runs where a Docker
 * engine answers, reported as skipped where none does.
 */
@Testcontainers(disabledWithoutDocker = true)
@Timeout(300)
class LocalStackTest {
    private static final String ROLE = "arn:aws:iam::000000000000:role/log-producer";

    @Container
    private static final LocalStackContainer LOCALSTACK =
            new LocalStackContainer(DockerImageName.parse("localstack/localstack:4.4")).withServices("firehose", "s3", "sts", "iam");

    private final ObjectMapper json = new ObjectMapper();

    static Stream<AppenderRun.Framework> frameworks() {
        return Stream.of(AppenderRun.LOGBACK, AppenderRun.LOG4J2);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("frameworks")
    void appenderDeliversThroughAnAssumedRoleIntoLocalStacksS3(AppenderRun.Framework framework) throws Exception {
        String name = "logs-" + framework.toString().toLowerCase();
        StaticCredentialsProvider credentials = StaticCredentialsProvider.create(
                AwsBasicCredentials.create(LOCALSTACK.getAccessKey(), LOCALSTACK.getSecretKey()));
        Region region = Region.of(LOCALSTACK.getRegion());
        try (S3Client s3 = S3Client.builder().endpointOverride(LOCALSTACK.getEndpoint()).region(region).credentialsProvider(credentials)
                .forcePathStyle(true).httpClientBuilder(UrlConnectionHttpClient.builder()).build();
             FirehoseClient firehose = FirehoseClient.builder().endpointOverride(LOCALSTACK.getEndpoint()).region(region)
                     .credentialsProvider(credentials).httpClientBuilder(UrlConnectionHttpClient.builder()).build()) {
            s3.createBucket(b -> b.bucket(name));
            firehose.createDeliveryStream(b -> b.deliveryStreamName(name).deliveryStreamType("DirectPut")
                    .extendedS3DestinationConfiguration(d -> d.bucketARN("arn:aws:s3:::" + name).roleARN(ROLE)
                            .prefix("logging/").bufferingHints(h -> h.sizeInMBs(1).intervalInSeconds(0))));
            await().atMost(Duration.ofSeconds(60)).until(() -> "ACTIVE".equals(firehose.describeDeliveryStream(b -> b
                    .deliveryStreamName(name)).deliveryStreamDescription().deliveryStreamStatusAsString()));

            List<String> logged = new ArrayList<>();
            Map<String, String> options = new LinkedHashMap<>();
            options.put("deliveryStream", name);
            options.put("region", region.id());
            options.put("endpoint", LOCALSTACK.getEndpoint().toString());
            options.put("stsEndpoint", LOCALSTACK.getEndpoint().toString());
            options.put("roleArn", ROLE);
            try (AppenderRun appender = framework.start(options)) {
                for (int i = 0; i < 20; i++) {
                    String message = framework + " through LocalStack " + i;
                    appender.log(message);
                    logged.add(message);
                }
                assertTrue(appender.flush(), appender.status());
            }

            List<String> delivered = new ArrayList<>();
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                delivered.clear();
                for (S3Object object : s3.listObjectsV2(b -> b.bucket(name)).contents()) {
                    String text = s3.getObjectAsBytes(b -> b.bucket(name).key(object.key())).asString(StandardCharsets.UTF_8);
                    for (String line : text.split("\n")) {
                        if (!line.isEmpty()) {
                            delivered.add(json.readTree(line).get("message").asText());
                        }
                    }
                }
                assertEquals(logged.size(), delivered.size());
            });
            Collections.sort(delivered);
            Collections.sort(logged);
            assertEquals(logged, delivered);
        }
    }
}
