package io.github.firehoseappender.core.auth;

import io.github.firehoseappender.core.config.DeliveryConfig;
import java.net.URI;
import java.util.concurrent.ScheduledExecutorService;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

/**
 * What every SDK client we build shares, Firehose's and STS's alike: the one HTTP client we ship, our request
 * timeout, no SDK retries (the sender retries with its own budget), our internal timer thread, and the optional
 * endpoint override.
 */
public final class SdkClientSettings {
    private SdkClientSettings() {
    }

    public static <B extends AwsClientBuilder<B, ?> & SdkSyncClientBuilder<B, ?>> B apply(
            B builder, DeliveryConfig config, Region region, URI endpointOverride, ScheduledExecutorService sdkTimers) {
        builder.httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(config.requestTimeout())
                        .socketTimeout(config.requestTimeout()))
                .region(region)
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .retryStrategy(AwsRetryStrategy.doNotRetry())
                        .apiCallAttemptTimeout(config.requestTimeout())
                        .scheduledExecutorService(sdkTimers)
                        .build());
        if (endpointOverride != null) {
            builder.endpointOverride(endpointOverride);
        }
        return builder;
    }
}
