package io.github.firehoseappender.core.send;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.firehoseappender.core.config.DeliveryConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;

/** Where Firehose's region comes from when the appender names none. */
@ResourceLock("aws.region")
class SdkFirehoseTransportRegionTest {
    private final List<String> info = new ArrayList<>();

    private static DeliveryConfig.Builder config(Map<String, String> env) {
        return DeliveryConfig.builder().environment(env).deliveryStream("logs");
    }

    @Test
    void withAnEndpointOverrideTheRegionStillComesFromTheSdkChain() {
        String before = System.getProperty("aws.region");
        System.setProperty("aws.region", "eu-west-2");
        try {
            DeliveryConfig config = config(Map.of()).endpoint("http://127.0.0.1:4566").build();
            assertThat(SdkFirehoseTransport.region(config)).isEqualTo(Region.EU_WEST_2);
        } finally {
            if (before == null) {
                System.clearProperty("aws.region");
            } else {
                System.setProperty("aws.region", before);
            }
        }
    }

    @Test
    void firehoseRegionThenAwsRegionWinOverTheSdkChain() {
        DeliveryConfig both = config(Map.of("FIREHOSE_REGION", "eu-central-1", "AWS_REGION", "ap-south-1"))
                .endpoint("http://127.0.0.1:4566").build();
        DeliveryConfig awsOnly = config(Map.of("AWS_REGION", "ap-south-1")).build();
        assertThat(SdkFirehoseTransport.region(both, () -> Region.EU_WEST_2, info::add))
                .isEqualTo(Region.EU_CENTRAL_1);
        assertThat(SdkFirehoseTransport.region(awsOnly, () -> Region.EU_WEST_2, info::add))
                .isEqualTo(Region.AP_SOUTH_1);
        assertThat(info).isEmpty();
    }

    @Test
    void fallsBackToUsEast1OnlyWhenTheChainFindsNothingAndAnEndpointIsSetAndSaysSo() {
        DeliveryConfig withEndpoint = config(Map.of()).endpoint("http://127.0.0.1:4566").build();
        assertThat(SdkFirehoseTransport.region(withEndpoint, SdkFirehoseTransportRegionTest::noRegion, info::add))
                .isEqualTo(Region.US_EAST_1);
        assertThat(info).singleElement().asString().contains("us-east-1").contains("http://127.0.0.1:4566")
                .contains("FIREHOSE_REGION");

        DeliveryConfig withoutEndpoint = config(Map.of()).build();
        assertThatThrownBy(() -> SdkFirehoseTransport.region(withoutEndpoint,
                SdkFirehoseTransportRegionTest::noRegion, info::add))
                .isInstanceOf(DeliveryUnavailableException.class).hasMessageContaining("no AWS region");
    }

    private static Region noRegion() {
        throw SdkClientException.create("Unable to load region from any of the providers in the chain");
    }
}
