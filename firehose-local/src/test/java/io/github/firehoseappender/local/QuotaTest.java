package io.github.firehoseappender.local;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.firehose.model.PutRecordBatchResponse;
import software.amazon.awssdk.services.firehose.model.PutRecordBatchResponseEntry;
import software.amazon.awssdk.services.firehose.model.Record;
import software.amazon.awssdk.services.firehose.model.ServiceUnavailableException;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Firehose's per-stream quotas on records, Put calls and bytes per second: each throttles exactly
 * what exceeds it, on its own stream only, until the injected clock refills the bucket.
 */
@Timeout(60)
class QuotaTest {
    private static final Instant START = Instant.parse("2024-03-07T09:00:00Z");

    @Test
    void recordQuotaThrottlesExactlyTheEntriesAboveItInsideA200() {
        MutableClock clock = new MutableClock(START);
        try (FirehoseLocal local = FirehoseLocal.builder().stream("logs").clock(clock).start(); FirehoseClient client = SdkClients.client(local)) {
            local.faults().recordQuota(5);

            PutRecordBatchResponse first = put(client, "logs", 8);
            clock.advance(Duration.ofMillis(400));   // 2 records' worth come back
            PutRecordBatchResponse second = put(client, "logs", 3);

            assertEquals(List.of(false, false, false, false, false, true, true, true), throttled(first));
            assertEquals("ServiceUnavailableException", first.requestResponses().get(5).errorCode());
            assertEquals("Slow down.", first.requestResponses().get(5).errorMessage());
            assertEquals(List.of(false, false, true), throttled(second));
            StreamCounters counters = local.counters("logs");
            assertEquals(2, counters.acceptedRequests());
            assertEquals(7, counters.acceptedRecords());
            assertEquals(4, counters.throttledEntries());
            assertEquals(4, counters.failedEntries());
            assertEquals(0, counters.throttledCalls());
            assertEquals(7, local.records("logs").size());
        }
    }

    @Test
    void requestQuotaThrottlesTheCallAboveItWholeAndTakesNothingFromIt() {
        MutableClock clock = new MutableClock(START);
        try (FirehoseLocal local = FirehoseLocal.builder().stream("logs").clock(clock).start(); FirehoseClient client = SdkClients.client(local)) {
            local.faults().requestQuota(3);

            put(client, "logs", 2);
            client.putRecord(b -> b.deliveryStreamName("logs").record(SdkClients.record("single\n")));
            put(client, "logs", 2);
            ServiceUnavailableException batch = assertThrows(ServiceUnavailableException.class, () -> put(client, "logs", 2));
            ServiceUnavailableException single = assertThrows(ServiceUnavailableException.class,
                    () -> client.putRecord(b -> b.deliveryStreamName("logs").record(SdkClients.record("refused\n"))));
            clock.advance(Duration.ofSeconds(1));
            put(client, "logs", 1);

            assertEquals(503, batch.statusCode());
            assertEquals("Slow down.", batch.awsErrorDetails().errorMessage());
            assertEquals(503, single.statusCode());
            StreamCounters counters = local.counters("logs");
            assertEquals(4, counters.acceptedRequests());
            assertEquals(6, counters.acceptedRecords());
            assertEquals(2, counters.throttledCalls());
            assertEquals(0, counters.throttledEntries());
            assertEquals(2L, local.faults().injected().get("throttledCalls"));
        }
    }

    @Test
    void putRecordAboveTheRecordQuotaIsThrottledWholeAndCountedAsBoth() {
        MutableClock clock = new MutableClock(START);
        try (FirehoseLocal local = FirehoseLocal.builder().stream("logs").clock(clock).start(); FirehoseClient client = SdkClients.client(local)) {
            local.faults().recordQuota(1);

            client.putRecord(b -> b.deliveryStreamName("logs").record(SdkClients.record("one\n")));
            assertThrows(ServiceUnavailableException.class,
                    () -> client.putRecord(b -> b.deliveryStreamName("logs").record(SdkClients.record("two\n"))));

            StreamCounters counters = local.counters("logs");
            assertEquals(1, counters.acceptedRecords());
            assertEquals(1, counters.throttledEntries());
            assertEquals(1, counters.throttledCalls());
        }
    }

    @Test
    void eachStreamHasItsOwnQuotaAndItsOwnBuckets() {
        MutableClock clock = new MutableClock(START);
        try (FirehoseLocal local = FirehoseLocal.builder().stream("a").stream("b").stream("c").clock(clock)
                .quota(Quota.of(0, 0, 2)).quota("b", Quota.of(0, 0, 1)).start();
             FirehoseClient client = SdkClients.client(local)) {
            local.faults().byteQuota("c", 250);

            put(client, "a", 1);
            put(client, "a", 1);
            assertThrows(ServiceUnavailableException.class, () -> put(client, "a", 1));   // a's third call
            put(client, "b", 1);
            assertThrows(ServiceUnavailableException.class, () -> put(client, "b", 1));   // b's own quota: one call
            PutRecordBatchResponse c = put(client, "c", 3);                                // c's calls are its own; 100 B records

            assertEquals(List.of(false, false, true), throttled(c));
            assertEquals(Quota.of(0, 0, 2), local.faults().quotaOf("a"));
            assertEquals(Quota.of(0, 0, 1), local.faults().quotaOf("b"));
            assertEquals(Quota.of(250, 0, 2), local.faults().quotaOf("c"));
            assertCounters(local.counters("a"), 2, 2, 0, 1);
            assertCounters(local.counters("b"), 1, 1, 0, 1);
            assertCounters(local.counters("c"), 1, 2, 1, 0);
        }
    }

    @Test
    void byteAndRecordQuotasTogetherTakeAnEntryFromBothOrNeither() {
        MutableClock clock = new MutableClock(START);
        try (FirehoseLocal local = FirehoseLocal.builder().stream("logs").clock(clock).start(); FirehoseClient client = SdkClients.client(local)) {
            local.faults().quota(Quota.of(350, 10, 0));

            PutRecordBatchResponse bytesRunOut = put(client, "logs", 4);      // 3 x 100 B fit in 350 B
            clock.advance(Duration.ofSeconds(1));
            local.faults().byteQuota(0);                                        // records alone now: 10 per second, full again
            PutRecordBatchResponse recordsRunOut = put(client, "logs", 12);

            assertEquals(List.of(false, false, false, true), throttled(bytesRunOut));
            assertEquals(10, recordsRunOut.requestResponses().stream().filter(e -> e.errorCode() == null).count());
            assertEquals(13, local.counters("logs").acceptedRecords());
            assertEquals(1300, local.counters("logs").acceptedBytes());
        }
    }

    @Test
    void presetsAreFirehosesDocumentedQuotas() {
        assertEquals(Quota.of(5L * 1024 * 1024, 500_000, 2_000), Quota.LARGE);
        assertEquals(Quota.of(1024L * 1024, 100_000, 1_000), Quota.SMALL);
        assertEquals(Quota.LARGE, Quota.forRegion("eu-west-1"));
        assertEquals(Quota.SMALL, Quota.forRegion("eu-central-1"));
        assertThrows(IllegalArgumentException.class, () -> Quota.of(-1, 0, 0));
    }

    @Test
    void resetLiftsEveryQuotaAndAStreamCanLiftItsOwn() {
        try (FirehoseLocal local = FirehoseLocal.builder().stream("logs").quota(Quota.SMALL).quota("logs", Quota.LARGE).start()) {
            assertEquals(Quota.LARGE, local.faults().quotaOf("logs"));
            assertEquals(Quota.SMALL, local.faults().quotaOf("other"));

            local.faults().quota("logs", Quota.NONE);
            assertEquals(Quota.NONE, local.faults().quotaOf("logs"));
            local.faults().reset();
            assertEquals(Quota.NONE, local.faults().quotaOf("other"));
        }
    }

    @Test
    void builderRefusesANullQuota() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FirehoseLocal.builder().quota(null).quota("bad name", Quota.SMALL).start());
        assertEquals("Invalid FirehoseLocal configuration: quota is null; use Quota.NONE for no limit; "
                + "quota(bad name, " + Quota.SMALL + ") needs a Firehose stream name and a Quota", e.getMessage());
    }

    private static void assertCounters(StreamCounters counters, long requests, long records, long throttledEntries, long throttledCalls) {
        assertEquals(requests, counters.acceptedRequests(), counters.toString());
        assertEquals(records, counters.acceptedRecords(), counters.toString());
        assertEquals(throttledEntries, counters.throttledEntries(), counters.toString());
        assertEquals(throttledCalls, counters.throttledCalls(), counters.toString());
    }

    /** {@code count} records of 100 bytes each. */
    private static PutRecordBatchResponse put(FirehoseClient client, String stream, int count) {
        List<Record> records = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            records.add(SdkClients.record(new byte[100]));
        }
        return client.putRecordBatch(b -> b.deliveryStreamName(stream).records(records));
    }

    private static List<Boolean> throttled(PutRecordBatchResponse response) {
        List<Boolean> flags = new ArrayList<>();
        for (PutRecordBatchResponseEntry entry : response.requestResponses()) {
            flags.add(entry.errorCode() != null);
            if (entry.errorCode() == null) {
                assertNull(entry.errorMessage());
            }
        }
        return flags;
    }
}
