package io.github.firehoseappender.local;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.firehose.model.FirehoseException;
import software.amazon.awssdk.services.firehose.model.PutRecordBatchResponse;
import software.amazon.awssdk.services.firehose.model.PutRecordBatchResponseEntry;
import software.amazon.awssdk.services.firehose.model.ServiceUnavailableException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FaultInjectorTest extends LocalFirehoseTestBase {

    @Test
    void failsEveryNthEntryAcrossCalls() {
        local.faults().failEveryNthEntry(3);

        PutRecordBatchResponse first = client.putRecordBatch(b -> b.deliveryStreamName("logs").records(SdkClients.records(4, "a")));
        PutRecordBatchResponse second = client.putRecordBatch(b -> b.deliveryStreamName("logs").records(SdkClients.records(4, "b")));

        assertEquals(List.of(false, false, true, false), failedFlags(first));
        assertEquals(List.of(false, true, false, false), failedFlags(second));
        assertEquals(1, first.failedPutCount());
        assertEquals(1, second.failedPutCount());
        assertEquals(List.of("a0", "a1", "a3", "b0", "b2", "b3"), local.lines("logs"));
    }

    @Test
    void failedEntriesCountDownAcrossCalls() {
        local.faults().failEntries(3);

        PutRecordBatchResponse first = client.putRecordBatch(b -> b.deliveryStreamName("logs").records(SdkClients.records(2, "a")));
        PutRecordBatchResponse second = client.putRecordBatch(b -> b.deliveryStreamName("logs").records(SdkClients.records(2, "b")));

        assertEquals(List.of(true, true), failedFlags(first));
        assertEquals(List.of(true, false), failedFlags(second));
        assertEquals(List.of("b1"), local.lines("logs"));
    }

    @Test
    void putRecordWithFailedEntryIsThrottledWhole() {
        local.faults().failEntries(1);

        assertThrows(ServiceUnavailableException.class,
                () -> client.putRecord(b -> b.deliveryStreamName("logs").record(SdkClients.record("x\n"))));
        client.putRecord(b -> b.deliveryStreamName("logs").record(SdkClients.record("y\n")));

        assertEquals(List.of("y"), local.lines("logs"));
    }

    @Test
    void failsNextCallsWith503ServiceUnavailable() {
        local.faults().failNextCalls(2, 503);

        for (int i = 0; i < 2; i++) {
            ServiceUnavailableException e = assertThrows(ServiceUnavailableException.class,
                    () -> client.putRecordBatch(b -> b.deliveryStreamName("logs").records(SdkClients.record("x\n"))));
            assertEquals(503, e.statusCode());
            assertEquals("Slow down.", e.awsErrorDetails().errorMessage());
        }
        client.putRecordBatch(b -> b.deliveryStreamName("logs").records(SdkClients.record("ok\n")));

        assertEquals(List.of("ok"), local.lines("logs"));
        assertEquals(1, local.calls("logs").size());
    }

    @Test
    void failsNextCallWith500InternalFailure() {
        local.faults().failNextCalls(1, 500);

        FirehoseException e = assertThrows(FirehoseException.class,
                () -> client.putRecordBatch(b -> b.deliveryStreamName("logs").records(SdkClients.record("x\n"))));

        assertEquals(500, e.statusCode());
        assertEquals("InternalFailure", e.awsErrorDetails().errorCode());
    }

    @Test
    void callFaultsLeaveControlPlaneAlone() {
        local.faults().failNextCalls(1, 503);

        client.describeDeliveryStream(b -> b.deliveryStreamName("logs"));

        assertThrows(ServiceUnavailableException.class,
                () -> client.putRecordBatch(b -> b.deliveryStreamName("logs").records(SdkClients.record("x\n"))));
    }

    @Test
    void sdkRetriesAbsorbFailedCalls() {
        local.faults().failNextCalls(2, 503);
        try (FirehoseClient retrying = FirehoseClient.builder()
                .endpointOverride(local.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDRETRY", "s")))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build()) {

            retrying.putRecordBatch(b -> b.deliveryStreamName("logs").records(SdkClients.record("after retries\n")));
        }

        assertEquals(List.of("after retries"), local.lines("logs"));
    }

    @Test
    void outageAnswersEveryCall503UntilLifted() {
        local.faults().outage(true);

        assertThrows(ServiceUnavailableException.class, () -> client.describeDeliveryStream(b -> b.deliveryStreamName("logs")));
        assertThrows(ServiceUnavailableException.class,
                () -> client.putRecordBatch(b -> b.deliveryStreamName("logs").records(SdkClients.record("x\n"))));
        local.faults().outage(false);
        client.putRecordBatch(b -> b.deliveryStreamName("logs").records(SdkClients.record("y\n")));

        assertEquals(List.of("y"), local.lines("logs"));
    }

    @Test
    void latencyDelaysTheAnswer() {
        local.faults().latency(Duration.ofMillis(300));

        long started = System.nanoTime();
        client.putRecordBatch(b -> b.deliveryStreamName("logs").records(SdkClients.record("x\n")));
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertTrue(took.compareTo(Duration.ofMillis(300)) >= 0, "took " + took);
    }

    @Test
    void resetTurnsEveryFaultOff() {
        local.faults().failEntries(5).failEveryNthEntry(1).failNextCalls(3, 500).outage(true).latency(Duration.ofSeconds(5));

        local.faults().reset();
        PutRecordBatchResponse response = client.putRecordBatch(b -> b.deliveryStreamName("logs").records(SdkClients.records(3, "r")));

        assertEquals(0, response.failedPutCount());
    }

    @Test
    void rejectsNonsenseSettings() {
        assertThrows(IllegalArgumentException.class, () -> local.faults().failEntries(-1));
        assertThrows(IllegalArgumentException.class, () -> local.faults().failNextCalls(1, 200));
        assertThrows(IllegalArgumentException.class, () -> local.faults().latency(Duration.ofMillis(-1)));
    }

    private static List<Boolean> failedFlags(PutRecordBatchResponse response) {
        List<Boolean> flags = new ArrayList<>();
        for (PutRecordBatchResponseEntry entry : response.requestResponses()) {
            flags.add(entry.errorCode() != null);
        }
        return flags;
    }
}
