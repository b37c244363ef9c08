package io.github.firehoseappender.local;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.firehose.model.FirehoseException;
import software.amazon.awssdk.services.firehose.model.PutRecordBatchResponse;
import software.amazon.awssdk.services.firehose.model.PutRecordBatchResponseEntry;
import software.amazon.awssdk.services.firehose.model.Record;
import software.amazon.awssdk.services.firehose.model.ServiceUnavailableException;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fault modes beyond counted failures: rates, dropped connections, outage windows, the byte quota. */
@Timeout(60)
class FaultModesTest {
    private static final Instant START = Instant.parse("2024-03-07T09:00:00Z");

    @Test
    void entryFailureRateFailsTheSameEntriesForTheSameSeed() {
        List<Boolean> first = failedFlagsWithSeed(42);
        List<Boolean> second = failedFlagsWithSeed(42);
        List<Boolean> otherSeed = failedFlagsWithSeed(7);

        assertEquals(first, second);
        assertNotEquals(first, otherSeed);
        long failed = first.stream().filter(f -> f).count();
        assertTrue(failed > 10 && failed < 90, "failed " + failed + " of 100 at rate 0.5");
    }

    @Test
    void failedEntriesCarryFirehosesThrottlingAnswer() {
        try (FirehoseLocal local = FirehoseLocal.builder().stream("logs").start(); FirehoseClient client = SdkClients.client(local)) {
            local.faults().failEntryRate(1.0);

            PutRecordBatchResponse response = client.putRecordBatch(b -> b.deliveryStreamName("logs").records(SdkClients.records(2, "r")));

            assertEquals(2, response.failedPutCount());
            PutRecordBatchResponseEntry entry = response.requestResponses().get(0);
            assertEquals("ServiceUnavailableException", entry.errorCode());
            assertEquals("Slow down.", entry.errorMessage());
            assertEquals(null, entry.recordId());
        }
    }

    @Test
    void callFailureRateFailsWholeCallsWithTheChosenStatus() {
        try (FirehoseLocal local = FirehoseLocal.builder().stream("logs").start(); FirehoseClient client = SdkClients.client(local)) {
            local.faults().failCallRate(1.0, 500);

            FirehoseException e = assertThrows(FirehoseException.class,
                    () -> client.putRecordBatch(b -> b.deliveryStreamName("logs").records(SdkClients.record("x\n"))));
            local.faults().failCallRate(1.0, 429);
            FirehoseException throttled = assertThrows(FirehoseException.class,
                    () -> client.putRecord(b -> b.deliveryStreamName("logs").record(SdkClients.record("x\n"))));

            assertEquals(500, e.statusCode());
            assertEquals("InternalFailure", e.awsErrorDetails().errorCode());
            assertEquals(429, throttled.statusCode());
            assertEquals("ThrottlingException", throttled.awsErrorDetails().errorCode());
            assertEquals(2L, local.faults().injected().get("failedCalls"));
        }
    }

    @Test
    void droppedConnectionLeavesTheClientWithoutAnAnswerAndTheRecordsUnaccepted() {
        try (FirehoseLocal local = FirehoseLocal.builder().stream("logs").start(); FirehoseClient client = SdkClients.client(local)) {
            local.faults().dropNextCalls(1);

            assertThrows(SdkClientException.class,
                    () -> client.putRecordBatch(b -> b.deliveryStreamName("logs").records(SdkClients.record("lost\n"))));
            client.putRecordBatch(b -> b.deliveryStreamName("logs").records(SdkClients.record("next\n")));

            assertEquals(List.of("next"), local.lines("logs"));
            assertEquals(1L, local.faults().injected().get("droppedConnections"));
        }
    }

    @Test
    void answerCutMidwayLeavesTheRecordsAcceptedSoARetryDuplicatesThem() {
        try (FirehoseLocal local = FirehoseLocal.builder().stream("logs").start(); FirehoseClient client = SdkClients.client(local)) {
            local.faults().dropNextResponses(1);

            assertThrows(SdkClientException.class,
                    () -> client.putRecordBatch(b -> b.deliveryStreamName("logs").records(SdkClients.record("twice\n"))));
            client.putRecordBatch(b -> b.deliveryStreamName("logs").records(SdkClients.record("twice\n")));

            assertEquals(List.of("twice", "twice"), local.lines("logs"));
            assertEquals(1L, local.faults().injected().get("cutAnswers"));
        }
    }

    @Test
    void connectionDropRateOneDropsEveryPutCallButNotTheControlPlane() {
        try (FirehoseLocal local = FirehoseLocal.builder().stream("logs").start(); FirehoseClient client = SdkClients.client(local)) {
            local.faults().dropConnectionRate(1.0);

            client.describeDeliveryStream(b -> b.deliveryStreamName("logs"));
            assertThrows(SdkClientException.class, () -> client.putRecord(b -> b.deliveryStreamName("logs").record(SdkClients.record("x\n"))));
        }
    }

    @Test
    void outageWindowAnswers503OnlyWhileItLasts() {
        MutableClock clock = new MutableClock(START);
        try (FirehoseLocal local = FirehoseLocal.builder().stream("logs").clock(clock).start(); FirehoseClient client = SdkClients.client(local)) {
            local.faults().outageBetween(START.plusSeconds(10), START.plusSeconds(20));

            client.putRecord(b -> b.deliveryStreamName("logs").record(SdkClients.record("before\n")));
            clock.advance(Duration.ofSeconds(10));
            ServiceUnavailableException e = assertThrows(ServiceUnavailableException.class,
                    () -> client.putRecord(b -> b.deliveryStreamName("logs").record(SdkClients.record("during\n"))));
            assertThrows(ServiceUnavailableException.class, () -> client.listDeliveryStreams());
            clock.advance(Duration.ofSeconds(10));
            client.putRecord(b -> b.deliveryStreamName("logs").record(SdkClients.record("after\n")));

            assertEquals(503, e.statusCode());
            assertEquals(List.of("before", "after"), local.lines("logs"));
        }
    }

    @Test
    void outageForADurationStartsNow() {
        MutableClock clock = new MutableClock(START);
        try (FirehoseLocal local = FirehoseLocal.builder().stream("logs").clock(clock).start(); FirehoseClient client = SdkClients.client(local)) {
            local.faults().outageFor(Duration.ofMinutes(2));

            assertThrows(ServiceUnavailableException.class,
                    () -> client.putRecord(b -> b.deliveryStreamName("logs").record(SdkClients.record("x\n"))));
            clock.advance(Duration.ofMinutes(2));
            client.putRecord(b -> b.deliveryStreamName("logs").record(SdkClients.record("y\n")));

            assertEquals(List.of("y"), local.lines("logs"));
        }
    }

    @Test
    void byteQuotaThrottlesEntriesAboveOneSecondsWorthUntilTheBucketRefills() {
        MutableClock clock = new MutableClock(START);
        try (FirehoseLocal local = FirehoseLocal.builder().stream("logs").clock(clock).start(); FirehoseClient client = SdkClients.client(local)) {
            local.faults().byteQuota(FaultInjector.ONE_MIB_PER_SECOND);
            List<Record> twelve = records(12, 100_000);

            PutRecordBatchResponse first = client.putRecordBatch(b -> b.deliveryStreamName("logs").records(twelve));
            PutRecordBatchResponse stillEmpty = client.putRecordBatch(b -> b.deliveryStreamName("logs").records(records(1, 100_000)));
            clock.advance(Duration.ofSeconds(1));
            PutRecordBatchResponse refilled = client.putRecordBatch(b -> b.deliveryStreamName("logs").records(twelve));

            assertEquals(2, first.failedPutCount());   // 10 x 100,000 B fit in 1 MiB, the 11th does not
            assertEquals("ServiceUnavailableException", first.requestResponses().get(10).errorCode());
            assertEquals("Slow down.", first.requestResponses().get(11).errorMessage());
            assertEquals(1, stillEmpty.failedPutCount());
            assertEquals(2, refilled.failedPutCount());
            assertEquals(5L, local.faults().injected().get("throttledEntries"));
            assertEquals(20, local.records("logs").size());
        }
    }

    @Test
    void byteQuotaIsPerStream() {
        MutableClock clock = new MutableClock(START);
        try (FirehoseLocal local = FirehoseLocal.builder().stream("a").stream("b").clock(clock).start();
             FirehoseClient client = SdkClients.client(local)) {
            local.faults().byteQuota(200_000);

            PutRecordBatchResponse a = client.putRecordBatch(b -> b.deliveryStreamName("a").records(records(3, 100_000)));
            PutRecordBatchResponse b = client.putRecordBatch(r -> r.deliveryStreamName("b").records(records(3, 100_000)));

            assertEquals(1, a.failedPutCount());
            assertEquals(1, b.failedPutCount());
        }
    }

    @Test
    void putRecordAboveTheByteQuotaIsThrottledWhole() {
        MutableClock clock = new MutableClock(START);
        try (FirehoseLocal local = FirehoseLocal.builder().stream("logs").clock(clock).start(); FirehoseClient client = SdkClients.client(local)) {
            local.faults().byteQuota(1000);

            client.putRecord(b -> b.deliveryStreamName("logs").record(SdkClients.record(new byte[1000])));
            ServiceUnavailableException e = assertThrows(ServiceUnavailableException.class,
                    () -> client.putRecord(b -> b.deliveryStreamName("logs").record(SdkClients.record(new byte[1]))));

            assertEquals("Slow down.", e.awsErrorDetails().errorMessage());
        }
    }

    @Test
    void settingsListEveryFaultByName() {
        FaultInjector faults = new FaultInjector().failEntryRate(0.25).byteQuota(FaultInjector.FIVE_MIB_PER_SECOND).dropNextCalls(2)
                .outageBetween(START, START.plusSeconds(60));

        assertEquals(0.25, faults.settings().get("failEntryRate"));
        assertEquals(5L * 1024 * 1024, faults.settings().get("byteQuotaPerSecond"));
        assertEquals(2, faults.settings().get("dropNextCalls"));
        assertEquals("2024-03-07T09:00:00Z", faults.settings().get("outageFrom"));
        assertEquals(0.0, faults.reset().settings().get("failEntryRate"));
        assertThrows(IllegalArgumentException.class, () -> faults.failEntryRate(1.5));
        assertThrows(IllegalArgumentException.class, () -> faults.outageBetween(START, START));
        assertThrows(IllegalArgumentException.class, () -> faults.byteQuota(-1));
    }

    private static List<Boolean> failedFlagsWithSeed(long seed) {
        try (FirehoseLocal local = FirehoseLocal.builder().stream("logs").start(); FirehoseClient client = SdkClients.client(local)) {
            local.faults().seed(seed).failEntryRate(0.5);
            PutRecordBatchResponse response = client.putRecordBatch(b -> b.deliveryStreamName("logs").records(SdkClients.records(100, "r")));
            List<Boolean> flags = new ArrayList<>();
            for (PutRecordBatchResponseEntry entry : response.requestResponses()) {
                flags.add(entry.errorCode() != null);
            }
            return flags;
        }
    }

    private static List<Record> records(int count, int size) {
        return Collections.nCopies(count, SdkClients.record(new byte[size]));
    }
}
