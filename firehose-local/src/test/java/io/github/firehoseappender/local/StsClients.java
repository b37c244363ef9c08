package io.github.firehoseappender.local;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.sts.StsClient;

/** The real SDK's STS client and a Firehose client on any credentials provider, pointed at a FirehoseLocal, without retries. */
final class StsClients {
    static final String ROLE_ARN = "arn:aws:iam::123456789012:role/log-producer";
    static final String USER_KEY = "AKIDAPPACCOUNT";
    static final String USER_SECRET = "app-account-secret";

    private StsClients() {
    }

    static StsClient sts(FirehoseLocal local, String accessKeyId, String secret) {
        return StsClient.builder()
                .endpointOverride(local.stsEndpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, secret)))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    static FirehoseClient firehose(FirehoseLocal local, AwsCredentialsProvider credentials) {
        return FirehoseClient.builder()
                .endpointOverride(local.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials)
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }
}
