package io.github.firehoseappender.local;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.firehose.model.CompressionFormat;
import software.amazon.awssdk.services.firehose.model.CreateDeliveryStreamResponse;
import software.amazon.awssdk.services.firehose.model.DeliveryStreamDescription;
import software.amazon.awssdk.services.firehose.model.DeliveryStreamStatus;
import software.amazon.awssdk.services.firehose.model.DeliveryStreamType;
import software.amazon.awssdk.services.firehose.model.ExtendedS3DestinationDescription;
import software.amazon.awssdk.services.firehose.model.FirehoseException;
import software.amazon.awssdk.services.firehose.model.InvalidArgumentException;
import software.amazon.awssdk.services.firehose.model.ListDeliveryStreamsResponse;
import software.amazon.awssdk.services.firehose.model.ResourceInUseException;
import software.amazon.awssdk.services.firehose.model.ResourceNotFoundException;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StreamLifecycleTest extends LocalFirehoseTestBase {
    @Test
    void describesPreCreatedStreamAsFirehoseDoes() {
        DeliveryStreamDescription description = client.describeDeliveryStream(b -> b.deliveryStreamName("logs"))
                .deliveryStreamDescription();

        assertEquals("logs", description.deliveryStreamName());
        assertEquals("arn:aws:firehose:us-east-1:123456789012:deliverystream/logs", description.deliveryStreamARN());
        assertEquals(DeliveryStreamStatus.ACTIVE, description.deliveryStreamStatus());
        assertEquals(DeliveryStreamType.DIRECT_PUT, description.deliveryStreamType());
        assertEquals("1", description.versionId());
        assertNotNull(description.createTimestamp());
        assertFalse(description.hasMoreDestinations());
        ExtendedS3DestinationDescription s3 = description.destinations().get(0).extendedS3DestinationDescription();
        assertEquals(FirehoseLocal.DEFAULT_PREFIX, s3.prefix());
        assertEquals(5, s3.bufferingHints().sizeInMBs());
        assertEquals(300, s3.bufferingHints().intervalInSeconds());
        assertEquals(CompressionFormat.UNCOMPRESSED, s3.compressionFormat());
    }

    @Test
    void createsStreamWithExtendedS3Settings() {
        CreateDeliveryStreamResponse created = client.createDeliveryStream(b -> b.deliveryStreamName("app-logs")
                .deliveryStreamType(DeliveryStreamType.DIRECT_PUT)
                .extendedS3DestinationConfiguration(s3 -> s3.bucketARN("arn:aws:s3:::central-logs")
                        .roleARN("arn:aws:iam::123456789012:role/firehose")
                        .prefix("app/!{timestamp:yyyy}/")
                        .errorOutputPrefix("errors/")
                        .bufferingHints(h -> h.sizeInMBs(64).intervalInSeconds(60))
                        .compressionFormat(CompressionFormat.GZIP)));

        assertEquals("arn:aws:firehose:us-east-1:123456789012:deliverystream/app-logs", created.deliveryStreamARN());
        ExtendedS3DestinationDescription s3 = client.describeDeliveryStream(b -> b.deliveryStreamName("app-logs"))
                .deliveryStreamDescription().destinations().get(0).extendedS3DestinationDescription();
        assertEquals("arn:aws:s3:::central-logs", s3.bucketARN());
        assertEquals("app/!{timestamp:yyyy}/", s3.prefix());
        assertEquals("errors/", s3.errorOutputPrefix());
        assertEquals(64, s3.bufferingHints().sizeInMBs());
        assertEquals(60, s3.bufferingHints().intervalInSeconds());
        assertEquals(CompressionFormat.GZIP, s3.compressionFormat());
        assertEquals(List.of("app-logs", "logs"), local.streams());
    }

    @Test
    void createsStreamWithPlainS3DestinationAndTakesRecords() {
        client.createDeliveryStream(b -> b.deliveryStreamName("plain")
                .s3DestinationConfiguration(s3 -> s3.bucketARN("arn:aws:s3:::b").roleARN("arn:aws:iam::123456789012:role/r")));
        client.putRecord(b -> b.deliveryStreamName("plain").record(SdkClients.record("hello\n")));

        assertEquals(List.of("hello"), local.lines("plain"));
    }

    @Test
    void refusesToCreateAnExistingStream() {
        ResourceInUseException e = assertThrows(ResourceInUseException.class,
                () -> client.createDeliveryStream(b -> b.deliveryStreamName("logs")));

        assertEquals(400, e.statusCode());
        assertTrue(e.awsErrorDetails().errorMessage().contains("logs"), e.getMessage());
    }

    @Test
    void refusesBadPrefixExpressionOnCreate() {
        assertThrows(InvalidArgumentException.class, () -> client.createDeliveryStream(b -> b.deliveryStreamName("bad")
                .extendedS3DestinationConfiguration(s3 -> s3.prefix("x/!{nope:thing}/"))));
    }

    @Test
    void refusesInvalidStreamName() {
        FirehoseException e = assertThrows(FirehoseException.class,
                () -> client.createDeliveryStream(b -> b.deliveryStreamName("has space")));

        assertEquals("ValidationException", e.awsErrorDetails().errorCode());
    }

    @Test
    void listsStreamsSortedAndPaged() {
        client.createDeliveryStream(b -> b.deliveryStreamName("alpha"));
        client.createDeliveryStream(b -> b.deliveryStreamName("zeta"));

        ListDeliveryStreamsResponse first = client.listDeliveryStreams(b -> b.limit(2));
        ListDeliveryStreamsResponse rest = client.listDeliveryStreams(b -> b.exclusiveStartDeliveryStreamName("logs"));

        assertEquals(List.of("alpha", "logs"), first.deliveryStreamNames());
        assertTrue(first.hasMoreDeliveryStreams());
        assertEquals(List.of("zeta"), rest.deliveryStreamNames());
        assertFalse(rest.hasMoreDeliveryStreams());
    }

    @Test
    void deletedStreamIsNotFoundAnymore() {
        client.deleteDeliveryStream(b -> b.deliveryStreamName("logs"));

        assertEquals(List.of(), client.listDeliveryStreams(b -> { }).deliveryStreamNames());
        ResourceNotFoundException e = assertThrows(ResourceNotFoundException.class,
                () -> client.describeDeliveryStream(b -> b.deliveryStreamName("logs")));
        assertEquals("Firehose logs under account 123456789012 not found.", e.awsErrorDetails().errorMessage());
        assertThrows(ResourceNotFoundException.class, () -> client.deleteDeliveryStream(b -> b.deliveryStreamName("logs")));
    }
}
