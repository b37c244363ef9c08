package io.github.firehoseappender.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.firehoseappender.core.spool.SpoolOverflow;
import io.github.firehoseappender.core.spool.SpoolSync;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeliveryConfigTest {

    private static DeliveryConfig.Builder valid() {
        return DeliveryConfig.builder().environment(Map.of()).deliveryStream("logs");
    }

    @Test
    void theDefaultBufferBoundIsSixtyFourMebibytesButNeverMoreThanAQuarterOfASmallHeap() {
        long mib = 1024 * 1024;
        assertThat(DeliveryConfig.defaultBufferSize(4096 * mib)).isEqualTo(64 * mib);
        assertThat(DeliveryConfig.defaultBufferSize(256 * mib)).isEqualTo(64 * mib); // a small container
        assertThat(DeliveryConfig.defaultBufferSize(100 * mib)).isEqualTo(100 * mib / 4); // a 128 MB Lambda function
        assertThat(DeliveryConfig.defaultBufferSize(8 * mib)).isEqualTo(4 * mib);
    }

    @Test
    void defaultsAreFirehoseLimitsAndDocumentedValues() {
        DeliveryConfig c = valid().build();
        assertThat(c.maxRecordBytes()).isEqualTo(1_024_000);
        assertThat(c.maxBatchRecords()).isEqualTo(500);
        assertThat(c.maxBatchBytes()).isEqualTo(4_000_000);
        assertThat(c.maxBatchDelay()).isEqualTo(Duration.ofSeconds(1));
        assertThat(c.overflowPolicy()).isEqualTo(OverflowPolicy.DROP_NEWEST);
        assertThat(c.aggregation()).isTrue();
        assertThat(c.name()).isEqualTo("logs");
    }

    @Test
    void reportsEveryProblemAtOnceNamingPropertyValueAndFix() {
        InvalidConfigException e = catchThrowableOfType(InvalidConfigException.class, () -> DeliveryConfig.builder()
                .environment(Map.of())
                .maxBatchBytes(5_000_000)
                .maxBatchRecords(501)
                .bufferEvents(0)
                .roleArn("producer")
                .build());
        assertThat(e.problems()).hasSize(5);
        assertThat(e.getMessage())
                .contains("deliveryStream is not set; set it in the appender configuration or in FIREHOSE_DELIVERY_STREAM")
                .contains("maxBatchBytes=5000000 exceeds 4000000; lower it or omit it")
                .contains("maxBatchRecords=501 exceeds 500")
                .contains("bufferEvents=0 must be at least 1")
                .contains("roleArn=producer is not an IAM role ARN");
    }

    @Test
    void environmentVariablesFillWhatTheConfigurationLeavesUnset() {
        DeliveryConfig c = DeliveryConfig.builder().environment(Map.of(
                "FIREHOSE_DELIVERY_STREAM", "from-env",
                "FIREHOSE_REGION", "eu-west-1",
                "AWS_REGION", "us-west-2",
                "FIREHOSE_ENDPOINT", "http://127.0.0.1:4573")).build();
        assertThat(c.deliveryStream()).isEqualTo("from-env");
        assertThat(c.region()).isEqualTo("eu-west-1");
        assertThat(c.endpoint().getPort()).isEqualTo(4573);
    }

    @Test
    void textPropertiesParseDurationsAndSizesAndReportBadOnes() {
        DeliveryConfig c = valid().property("maxBatchDelay", "500ms").property("bufferSize", "32MiB").build();
        assertThat(c.maxBatchDelay()).isEqualTo(Duration.ofMillis(500));
        assertThat(c.bufferSize()).isEqualTo(32L << 20);

        InvalidConfigException e = catchThrowableOfType(InvalidConfigException.class,
                () -> valid().property("maxBatchDelay", "soon").build());
        assertThat(e.getMessage()).contains("maxBatchDelay=soon is not a duration");
    }

    @Test
    void wireIsDirectByDefaultAndTheSdkClientWhenAsked() {
        assertThat(valid().build().wire()).isEqualTo(Wire.DIRECT);
        assertThat(valid().property("wire", "Direct").build().wire()).isEqualTo(Wire.DIRECT);
        assertThat(valid().property("wire", "sdk").build().wire()).isEqualTo(Wire.SDK);

        InvalidConfigException e = catchThrowableOfType(InvalidConfigException.class,
                () -> valid().property("wire", "raw").build());
        assertThat(e.getMessage()).contains("wire=raw is not a wire; use sdk or direct");
    }

    @Test
    void theSpoolIsOffByDefaultAndTakesItsDirectoryFromTheEnvironmentOrTheConfiguration() {
        DeliveryConfig off = valid().build();
        assertThat(off.spoolDirectory()).isNull();
        assertThat(off.spoolSize()).isEqualTo(1L << 30);
        assertThat(off.spoolSync()).isEqualTo(SpoolSync.INTERVAL);
        assertThat(off.spoolOverflow()).isEqualTo(SpoolOverflow.DROP_OLDEST);

        DeliveryConfig fromEnv = DeliveryConfig.builder().deliveryStream("logs")
                .environment(Map.of("FIREHOSE_SPOOL_DIRECTORY", "/var/lib/app/spool")).build();
        assertThat(fromEnv.spoolDirectory()).isEqualTo(Paths.get("/var/lib/app/spool"));

        DeliveryConfig set = DeliveryConfig.builder().deliveryStream("logs")
                .environment(Map.of("FIREHOSE_SPOOL_DIRECTORY", "/from/env"))
                .property("spoolDirectory", "spool").property("spoolSize", "50MiB")
                .property("spoolSync", "Batch").property("spoolOverflow", "DROP_NEWEST").build();
        assertThat(set.spoolDirectory()).isEqualTo(Paths.get("spool"));
        assertThat(set.spoolSize()).isEqualTo(50L << 20);
        assertThat(set.spoolSync()).isEqualTo(SpoolSync.BATCH);
        assertThat(set.spoolOverflow()).isEqualTo(SpoolOverflow.DROP_NEWEST);
        assertThat(valid().property("spoolOverflow", "dropNewest").build().spoolOverflow())
                .isEqualTo(SpoolOverflow.DROP_NEWEST);
    }

    @Test
    void badSpoolOptionsAreReportedWithTheirFix() {
        InvalidConfigException e = catchThrowableOfType(InvalidConfigException.class, () -> valid()
                .property("spoolSize", "1MiB").property("spoolSync", "always").property("spoolOverflow", "block")
                .property("spoolDirectory", "${env:SPOOL_DIR}").build());
        assertThat(e.problems()).hasSize(4);
        assertThat(e.getMessage()).contains("spoolSize=1048576 is below 16777216 bytes (16 MiB)")
                .contains("spoolSync=always is not a spool sync; use interval")
                .contains("spoolOverflow=block is not a spool overflow; use dropOldest or dropNewest")
                .contains("spoolDirectory");
    }

    @Test
    void toStringHidesTheExternalId() {
        DeliveryConfig c = valid().roleArn("arn:aws:iam::123456789012:role/p").externalId("secret-id").build();
        assertThat(c.toString()).doesNotContain("secret-id").contains("externalId=(set)");
    }

    @Test
    void aPlaceholderLogbackCouldNotFillIsAnErrorThatSaysHowToFixIt() {
        InvalidConfigException e = catchThrowableOfType(InvalidConfigException.class, () -> DeliveryConfig.builder()
                .environment(Map.of()).property("deliveryStream", "FIREHOSE_DELIVERY_STREAM_IS_UNDEFINED").build());
        assertThat(e.getMessage())
                .contains("${FIREHOSE_DELIVERY_STREAM} is not defined")
                .contains("set the environment variable or property FIREHOSE_DELIVERY_STREAM")
                .contains("${FIREHOSE_DELIVERY_STREAM:-}")
                .as("no second, contradictory problem for the same option").doesNotContain("deliveryStream is not set");
    }

    @Test
    void aLookupLog4j2LeftAsWrittenIsAnErrorToo() {
        InvalidConfigException e = catchThrowableOfType(InvalidConfigException.class,
                () -> valid().property("roleArn", "${env:FIREHOSE_ROLE}").build());
        assertThat(e.getMessage()).contains("roleArn=${env:FIREHOSE_ROLE}").contains("${env:FIREHOSE_ROLE:-}");
        InvalidConfigException viaSetter = catchThrowableOfType(InvalidConfigException.class,
                () -> valid().region("${sys:aws.region}").build());
        assertThat(viaSetter.getMessage()).contains("region=${sys:aws.region}").contains("is not defined");
    }

    @Test
    void aMisspeltRegionIsAnErrorNamingWhereItCameFrom() {
        InvalidConfigException e = catchThrowableOfType(InvalidConfigException.class,
                () -> valid().property("region", "eu-west1").build());
        assertThat(e.getMessage()).contains("region=eu-west1 is not an AWS region name such as eu-west-1");
        InvalidConfigException fromEnv = catchThrowableOfType(InvalidConfigException.class, () -> DeliveryConfig
                .builder().environment(Map.of("AWS_REGION", "Frankfurt")).deliveryStream("logs").build());
        assertThat(fromEnv.getMessage()).contains("region=Frankfurt (from AWS_REGION)");
        InvalidConfigException sts = catchThrowableOfType(InvalidConfigException.class,
                () -> valid().region("eu-west-1").stsRegion("us_east_1").build());
        assertThat(sts.getMessage()).contains("stsRegion=us_east_1");
    }

    @Test
    void everyRegionShapeAwsUsesIsAccepted() {
        for (String region : new String[] {"eu-west-1", "us-east-1", "us-gov-west-1", "cn-north-1",
                "ap-southeast-5", "us-isob-east-1", "eusc-de-east-1", "il-central-1", "ca-west-1"}) {
            assertThat(valid().region(region).build().region()).isEqualTo(region);
        }
    }

    @Test
    void stderrNoticesAreOnByDefaultAndCanBeTurnedOff() {
        assertThat(valid().build().stderrNotices()).isTrue();
        assertThat(valid().property("stderrNotices", "false").build().stderrNotices()).isFalse();
    }

    @Test
    void severalStreamsAreACommaSeparatedListEachCheckedByName() {
        DeliveryConfig c = DeliveryConfig.builder().environment(Map.of("FIREHOSE_DELIVERY_STREAM", "logs-1, logs-2,logs-3"))
                .build();
        assertThat(c.deliveryStreams()).containsExactly("logs-1", "logs-2", "logs-3");
        assertThat(c.deliveryStream()).isEqualTo("logs-1,logs-2,logs-3");
        InvalidConfigException bad = catchThrowableOfType(InvalidConfigException.class,
                () -> valid().deliveryStream("logs-1,arn:aws:firehose:eu-west-1:1:deliverystream/x,logs-1").build());
        assertThat(bad.getMessage()).contains("arn:aws:firehose:eu-west-1:1:deliverystream/x is not a valid Firehose "
                + "stream name").contains("names a stream twice");
    }

    @Test
    void pacingBelowOneRecordIsRefusedAndRecordEventsMustNotBeNegative() {
        InvalidConfigException e = catchThrowableOfType(InvalidConfigException.class,
                () -> valid().property("maxBytesPerSecond", "512KiB").property("maxRecordEvents", "-1").build());
        assertThat(e.getMessage()).contains("maxBytesPerSecond=524288 is below maxRecordBytes=1024000")
                .contains("maxRecordEvents=-1");
        DeliveryConfig paced = valid().property("maxBytesPerSecond", "900KiB").property("maxRecordBytes", "500KiB")
                .property("maxCallsPerSecond", "100").property("maxRecordEvents", "500").build();
        assertThat(paced.maxBytesPerSecond()).isEqualTo(900 * 1024);
        assertThat(paced.maxCallsPerSecond()).isEqualTo(100);
        assertThat(paced.maxRecordEvents()).isEqualTo(500);
    }
}
