package io.github.firehoseappender.local;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.firehose.model.PutRecordBatchResponse;
import software.amazon.awssdk.services.firehose.model.PutRecordBatchResponseEntry;
import software.amazon.awssdk.services.firehose.model.PutRecordResponse;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

class PutRecordBatchTest extends LocalFirehoseTestBase {
    @Test
    void acceptsBatchAndKeepsRecordsInOrder() {
        PutRecordBatchResponse response = client.putRecordBatch(b -> b.deliveryStreamName("logs")
                .records(SdkClients.record("{\"a\":1}\n"), SdkClients.record("{\"a\":2}\n{\"a\":3}\n")));

        assertEquals(0, response.failedPutCount());
        assertFalse(response.encrypted());
        assertEquals(2, response.requestResponses().size());
        for (PutRecordBatchResponseEntry entry : response.requestResponses()) {
            assertNotNull(entry.recordId());
            assertNull(entry.errorCode());
        }
        assertEquals(List.of("{\"a\":1}", "{\"a\":2}", "{\"a\":3}"), local.lines("logs"));
        assertArrayEquals("{\"a\":1}\n".getBytes(StandardCharsets.UTF_8), local.records("logs").get(0));
    }

    @Test
    void recordsEachCallWithTheSignersAccessKey() {
        client.putRecordBatch(b -> b.deliveryStreamName("logs").records(SdkClients.records(3, "line")));
        try (FirehoseClient other = SdkClients.client(local, "AKIDOTHER")) {
            other.putRecord(b -> b.deliveryStreamName("logs").record(SdkClients.record("x\n")));
        }

        assertEquals(List.of(
                new FirehoseLocal.Call("logs", "PutRecordBatch", 3, 18, 0, SdkClients.ACCESS_KEY_ID),
                new FirehoseLocal.Call("logs", "PutRecord", 1, 2, 0, "AKIDOTHER")), local.calls("logs"));
    }

    @Test
    void putRecordAnswersRecordIdUnencrypted() {
        PutRecordResponse response = client.putRecord(b -> b.deliveryStreamName("logs").record(SdkClients.record("one\n")));

        assertNotNull(response.recordId());
        assertFalse(response.encrypted());
        assertEquals(List.of("one"), local.lines("logs"));
    }

    @Test
    void linesKeepsAnUnterminatedLastLine() {
        client.putRecordBatch(b -> b.deliveryStreamName("logs")
                .records(SdkClients.record("a\nb"), SdkClients.record("c\n\nd")));

        assertEquals(List.of("a", "bc", "", "d"), local.lines("logs"));
    }

    @Test
    void failedEntriesAreAnsweredInOrderAndNotRecorded() {
        local.faults().failEntries(2);

        PutRecordBatchResponse response = client.putRecordBatch(b -> b.deliveryStreamName("logs")
                .records(SdkClients.records(4, "r")));

        assertEquals(2, response.failedPutCount());
        List<PutRecordBatchResponseEntry> entries = response.requestResponses();
        assertEquals("ServiceUnavailableException", entries.get(0).errorCode());
        assertEquals("Slow down.", entries.get(0).errorMessage());
        assertNull(entries.get(0).recordId());
        assertEquals("ServiceUnavailableException", entries.get(1).errorCode());
        assertNull(entries.get(2).errorCode());
        assertNotNull(entries.get(2).recordId());
        assertNull(entries.get(3).errorCode());
        assertEquals(List.of("r2", "r3"), local.lines("logs"));
        assertEquals(2, local.calls("logs").get(0).failedCount());
    }
}
