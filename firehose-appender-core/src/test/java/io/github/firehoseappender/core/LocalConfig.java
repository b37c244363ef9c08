package io.github.firehoseappender.core;

import io.github.firehoseappender.core.config.DeliveryConfig;
import java.net.URI;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * A delivery configured against firehose-local on loopback, as the tests over real HTTP need it: no environment
 * variables of the build machine, us-east-1, static test keys, no shutdown hook, no MBean. Each test adds its timing.
 */
public final class LocalConfig {
    public static final StaticCredentialsProvider TEST_KEYS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTESTKEY", "test-secret-key"));

    private LocalConfig() {
    }

    /** {@code streams}: one delivery stream's name, or several separated by commas. */
    public static DeliveryConfig.Builder against(URI endpoint, String streams) {
        return DeliveryConfig.builder()
                .environment(Map.of())
                .deliveryStream(streams)
                .endpoint(endpoint.toString())
                .region("us-east-1")
                .credentialsProvider(TEST_KEYS)
                .shutdownHook(false)
                .jmx(false);
    }
}
