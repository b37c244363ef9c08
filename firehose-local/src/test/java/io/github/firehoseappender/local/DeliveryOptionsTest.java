package io.github.firehoseappender.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.firehose.model.DeliveryStreamDescription;
import software.amazon.awssdk.services.firehose.model.ExtendedS3DestinationDescription;
import software.amazon.awssdk.services.firehose.model.FirehoseException;
import software.amazon.awssdk.services.firehose.model.ProcessorType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ErrorOutputPrefix, the AppendDelimiterToRecord processor, compression and prefix rules, as Firehose applies them. */
@Timeout(60)
class DeliveryOptionsTest {
    private static final Clock ARRIVAL = Clock.fixed(Instant.parse("2024-03-07T09:15:30Z"), ZoneOffset.UTC);
    private static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    @TempDir
    Path dataDir;

    @Test
    void recordsThatFailProcessingLandUnderTheErrorOutputPrefixInFirehosesErrorFormat() throws IOException {
        try (FirehoseLocal local = FirehoseLocal.builder().dataDir(dataDir).stream("logs").clock(ARRIVAL)
                .errorOutputPrefix("errors/!{firehose:error-output-type}/!{timestamp:yyyy/MM/dd}/!{firehose:random-string}/").start();
             FirehoseClient client = SdkClients.client(local)) {
            local.faults().failProcessing(1);

            client.putRecordBatch(b -> b.deliveryStreamName("logs").records(SdkClients.record("bad\n"), SdkClients.record("good\n")));
            local.flush();

            String errorKey = local.errorObjects("logs").get(0);
            assertTrue(errorKey.matches("errors/processing-failed/2024/03/07/[0-9A-Za-z]{11}/logs-1-2024-03-07-09-15-30-" + UUID), errorKey);
            JsonNode error = new ObjectMapper().readTree(Files.readString(dataDir.resolve(errorKey)));
            assertEquals("bad\n", new String(Base64.getDecoder().decode(error.get("rawData").asText()), StandardCharsets.UTF_8));
            assertEquals("Lambda.FunctionError", error.get("errorCode").asText());
            assertEquals(1, error.get("attemptsMade").asInt());
            assertEquals(ARRIVAL.millis(), error.get("arrivalTimestamp").asLong());
            String delivered = local.deliveredObjects("logs").get(0);
            assertEquals("good\n", Files.readString(dataDir.resolve(delivered)));
        }
    }

    @Test
    void withoutAnErrorOutputPrefixErrorsGoUnderProcessingFailedByHour() {
        try (FirehoseLocal local = FirehoseLocal.builder().stream("logs").clock(ARRIVAL).start(); FirehoseClient client = SdkClients.client(local)) {
            local.faults().failProcessing(1);

            client.putRecord(b -> b.deliveryStreamName("logs").record(SdkClients.record("bad\n")));

            assertTrue(local.errorObjects("logs").get(0).startsWith("processing-failed/2024/03/07/09/logs-1-2024-03-07-09-15-30-"));
            assertEquals(List.of(), local.lines("logs"));
        }
    }

    @Test
    void appendDelimiterProcessorEndsEveryDeliveredRecordWithANewline() throws IOException {
        try (FirehoseLocal local = FirehoseLocal.builder().dataDir(dataDir).stream("logs").appendDelimiter(true).start();
             FirehoseClient client = SdkClients.client(local)) {
            client.putRecordBatch(b -> b.deliveryStreamName("logs").records(SdkClients.record("{\"a\":1}"), SdkClients.record("{\"a\":2}")));
            local.flush();

            assertEquals("{\"a\":1}\n{\"a\":2}\n", Files.readString(dataDir.resolve(local.deliveredObjects("logs").get(0))));
        }
    }

    @Test
    void createDeliveryStreamWithTheProcessorAndErrorPrefixDescribesThemBack() {
        try (FirehoseLocal local = FirehoseLocal.builder().start(); FirehoseClient client = SdkClients.client(local)) {
            client.createDeliveryStream(b -> b.deliveryStreamName("audit").extendedS3DestinationConfiguration(s3 -> s3
                    .bucketARN("arn:aws:s3:::logs").roleARN("arn:aws:iam::123456789012:role/firehose")
                    .prefix("audit/!{timestamp:yyyy}/").errorOutputPrefix("audit-errors/!{firehose:error-output-type}/")
                    .compressionFormat("GZIP")
                    .bufferingHints(h -> h.sizeInMBs(128).intervalInSeconds(0))
                    .processingConfiguration(p -> p.enabled(true).processors(pr -> pr.type(ProcessorType.APPEND_DELIMITER_TO_RECORD)))));

            DeliveryStreamDescription description = client.describeDeliveryStream(b -> b.deliveryStreamName("audit")).deliveryStreamDescription();

            ExtendedS3DestinationDescription s3 = description.destinations().get(0).extendedS3DestinationDescription();
            assertEquals("audit-errors/!{firehose:error-output-type}/", s3.errorOutputPrefix());
            assertEquals(true, s3.processingConfiguration().enabled());
            assertEquals(ProcessorType.APPEND_DELIMITER_TO_RECORD, s3.processingConfiguration().processors().get(0).type());
            assertEquals(128, s3.bufferingHints().sizeInMBs());
            assertEquals(0, s3.bufferingHints().intervalInSeconds());
        }
    }

    @Test
    void prefixRulesAreFirehoses() {
        try (FirehoseLocal local = FirehoseLocal.builder().start(); FirehoseClient client = SdkClients.client(local)) {
            FirehoseException noErrorPrefix = assertThrows(FirehoseException.class, () -> client.createDeliveryStream(b -> b
                    .deliveryStreamName("a").extendedS3DestinationConfiguration(s3 -> s3.bucketARN("arn:aws:s3:::b")
                            .roleARN("arn:aws:iam::123456789012:role/r").prefix("x/!{timestamp:yyyy}/"))));
            FirehoseException typeInPrefix = assertThrows(FirehoseException.class, () -> client.createDeliveryStream(b -> b
                    .deliveryStreamName("b").extendedS3DestinationConfiguration(s3 -> s3.bucketARN("arn:aws:s3:::b")
                            .roleARN("arn:aws:iam::123456789012:role/r").prefix("x/!{firehose:error-output-type}/")
                            .errorOutputPrefix("e/!{firehose:error-output-type}/"))));
            FirehoseException errorPrefixWithoutType = assertThrows(FirehoseException.class, () -> client.createDeliveryStream(b -> b
                    .deliveryStreamName("c").extendedS3DestinationConfiguration(s3 -> s3.bucketARN("arn:aws:s3:::b")
                            .roleARN("arn:aws:iam::123456789012:role/r").prefix("x/!{timestamp:yyyy}/")
                            .errorOutputPrefix("e/!{timestamp:yyyy}/"))));
            FirehoseException otherProcessor = assertThrows(FirehoseException.class, () -> client.createDeliveryStream(b -> b
                    .deliveryStreamName("d").extendedS3DestinationConfiguration(s3 -> s3.bucketARN("arn:aws:s3:::b")
                            .roleARN("arn:aws:iam::123456789012:role/r")
                            .processingConfiguration(p -> p.enabled(true).processors(pr -> pr.type(ProcessorType.LAMBDA))))));

            for (FirehoseException e : List.of(noErrorPrefix, typeInPrefix, errorPrefixWithoutType, otherProcessor)) {
                assertEquals("InvalidArgumentException", e.awsErrorDetails().errorCode());
            }
            assertTrue(noErrorPrefix.awsErrorDetails().errorMessage().contains("ErrorOutputPrefix cannot be null or empty"));
            assertEquals(List.of(), local.streams());
        }
    }

    @Test
    void builderCompressionGzipsDeliveredObjects() {
        try (FirehoseLocal local = FirehoseLocal.builder().dataDir(dataDir).stream("logs").compression("GZIP").start();
             FirehoseClient client = SdkClients.client(local)) {
            client.putRecord(b -> b.deliveryStreamName("logs").record(SdkClients.record("x\n")));
            local.flush();

            assertTrue(local.deliveredObjects("logs").get(0).endsWith(".gz"));
        }
    }

    @Test
    void builderRefusesUnknownCompressionAndBadErrorPrefix() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FirehoseLocal.builder().compression("ZSTD").errorOutputPrefix("e/!{nope}/").start());

        assertTrue(e.getMessage().contains("compression=ZSTD is not supported"), e.getMessage());
        assertTrue(e.getMessage().contains("errorOutputPrefix: "), e.getMessage());
    }
}
