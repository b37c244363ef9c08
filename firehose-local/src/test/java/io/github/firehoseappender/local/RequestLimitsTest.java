package io.github.firehoseappender.local;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.firehose.model.FirehoseException;
import software.amazon.awssdk.services.firehose.model.InvalidArgumentException;
import software.amazon.awssdk.services.firehose.model.Record;
import software.amazon.awssdk.services.firehose.model.ResourceNotFoundException;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Firehose's hard per-call limits, answered with the errors the SDK maps to its typed exceptions. */
class RequestLimitsTest extends LocalFirehoseTestBase {
    @Test
    void acceptsExactly500Records() {
        assertEquals(0, client.putRecordBatch(b -> b.deliveryStreamName("logs").records(SdkClients.records(500, "r")))
                .failedPutCount());
        assertEquals(500, local.records("logs").size());
    }

    @Test
    void refuses501RecordsWithValidationException() {
        FirehoseException e = assertThrows(FirehoseException.class,
                () -> client.putRecordBatch(b -> b.deliveryStreamName("logs").records(SdkClients.records(501, "r"))));

        assertEquals(400, e.statusCode());
        assertEquals("ValidationException", e.awsErrorDetails().errorCode());
        assertEquals(List.of(), local.records("logs"));
    }

    @Test
    void acceptsRecordOfExactly1024000Bytes() {
        client.putRecordBatch(b -> b.deliveryStreamName("logs").records(SdkClients.record(new byte[1_024_000])));

        assertEquals(1_024_000, local.records("logs").get(0).length);
    }

    @Test
    void refusesLargerRecordWithValidationException() {
        FirehoseException batch = assertThrows(FirehoseException.class, () -> client.putRecordBatch(
                b -> b.deliveryStreamName("logs").records(SdkClients.record("ok"), SdkClients.record(new byte[1_024_001]))));
        FirehoseException single = assertThrows(FirehoseException.class, () -> client.putRecord(
                b -> b.deliveryStreamName("logs").record(SdkClients.record(new byte[1_024_001]))));

        assertEquals("ValidationException", batch.awsErrorDetails().errorCode());
        assertEquals("ValidationException", single.awsErrorDetails().errorCode());
        assertEquals(List.of(), local.records("logs"));
    }

    @Test
    void refusesBatchOver4MebibytesWithInvalidArgumentException() {
        List<Record> records = batchOfTotalBytes(4 * 1024 * 1024 + 1);

        InvalidArgumentException e = assertThrows(InvalidArgumentException.class,
                () -> client.putRecordBatch(b -> b.deliveryStreamName("logs").records(records)));

        assertEquals("Records size exceeds 4 MB limit", e.awsErrorDetails().errorMessage());
        assertEquals(List.of(), local.records("logs"));
    }

    @Test
    void acceptsBatchOfExactly4Mebibytes() {
        List<Record> records = batchOfTotalBytes(4 * 1024 * 1024);

        assertEquals(0, client.putRecordBatch(b -> b.deliveryStreamName("logs").records(records)).failedPutCount());
    }

    @Test
    void unknownStreamIsResourceNotFound() {
        ResourceNotFoundException batch = assertThrows(ResourceNotFoundException.class,
                () -> client.putRecordBatch(b -> b.deliveryStreamName("missing").records(SdkClients.record("x"))));
        ResourceNotFoundException single = assertThrows(ResourceNotFoundException.class,
                () -> client.putRecord(b -> b.deliveryStreamName("missing").record(SdkClients.record("x"))));

        assertEquals(400, batch.statusCode());
        assertEquals("Firehose missing under account 123456789012 not found.", batch.awsErrorDetails().errorMessage());
        assertEquals("ResourceNotFoundException", single.awsErrorDetails().errorCode());
    }

    @Test
    void emptyBatchIsValidationException() {
        FirehoseException e = assertThrows(FirehoseException.class,
                () -> client.putRecordBatch(b -> b.deliveryStreamName("logs").records(List.of())));

        assertEquals("ValidationException", e.awsErrorDetails().errorCode());
    }

    /** Records of at most 1,024,000 bytes adding up to {@code totalBytes}. */
    private static List<Record> batchOfTotalBytes(int totalBytes) {
        List<Record> records = new ArrayList<>();
        for (int left = totalBytes; left > 0; left -= 1_024_000) {
            records.add(SdkClients.record(new byte[Math.min(left, 1_024_000)]));
        }
        return records;
    }
}
