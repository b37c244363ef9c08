package io.github.firehoseappender.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.firehose.model.PutRecordBatchResponse;
import software.amazon.awssdk.services.firehose.model.ServiceUnavailableException;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The admin endpoint on the same loopback port: faults at run time, stats, flush. */
@Timeout(60)
class AdminApiTest {
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void postedFaultsTakeEffectAndAreShownBack() throws Exception {
        try (FirehoseLocal local = FirehoseLocal.builder().stream("logs").start(); FirehoseClient client = SdkClients.client(local)) {
            JsonNode shown = post(local, "/_admin/faults", "{\"failEntries\": 1, \"latencyMillis\": 0, \"byteQuotaPerSecond\": 1048576}");

            PutRecordBatchResponse response = client.putRecordBatch(b -> b.deliveryStreamName("logs").records(SdkClients.records(2, "r")));

            assertEquals(1, shown.get("failEntries").asInt());
            assertEquals(1048576, shown.get("byteQuotaPerSecond").asLong());
            assertEquals(1, response.failedPutCount());
            JsonNode now = get(local, "/_admin/faults");
            assertEquals(0, now.get("failEntries").asInt());
            assertEquals(1, now.get("injected").get("failedEntries").asInt());
        }
    }

    @Test
    void outageForSecondsAndResetThroughTheEndpoint() throws Exception {
        try (FirehoseLocal local = FirehoseLocal.builder().stream("logs").start(); FirehoseClient client = SdkClients.client(local)) {
            post(local, "/_admin/faults", "{\"outageForSeconds\": 600}");
            assertThrows(ServiceUnavailableException.class, () -> client.listDeliveryStreams());

            JsonNode reset = post(local, "/_admin/faults", "{\"reset\": true}");
            client.listDeliveryStreams();

            assertEquals(false, reset.get("inOutageNow").asBoolean());
        }
    }

    @Test
    void statsCountCallsRecordsRefusalsAndInjectedFaults() throws Exception {
        try (FirehoseLocal local = FirehoseLocal.builder().stream("logs").start(); FirehoseClient client = SdkClients.client(local)) {
            client.putRecordBatch(b -> b.deliveryStreamName("logs").records(SdkClients.records(3, "r")));
            local.faults().failNextCalls(1, 503);
            assertThrows(ServiceUnavailableException.class,
                    () -> client.putRecordBatch(b -> b.deliveryStreamName("logs").records(SdkClients.records(1, "r"))));

            JsonNode stats = get(local, "/_admin/stats");

            JsonNode logs = stats.get("streams").get("logs");
            assertEquals(1, logs.get("calls").asInt());
            assertEquals(3, logs.get("records").asInt());
            assertEquals(9, logs.get("bytes").asInt());   // "r0\n" "r1\n" "r2\n"
            assertEquals(9, logs.get("bufferedBytes").asInt());
            assertEquals(1, stats.get("refusedCalls").get("ServiceUnavailableException").asInt());
            assertEquals(1, stats.get("injectedFaults").get("failedCalls").asInt());
            assertEquals(0, stats.get("sts").get("sessionsIssued").asInt());
        }
    }

    @Test
    void flushDeliversEveryStreamNow() throws Exception {
        try (FirehoseLocal local = FirehoseLocal.builder().stream("logs").start(); FirehoseClient client = SdkClients.client(local)) {
            client.putRecord(b -> b.deliveryStreamName("logs").record(SdkClients.record("x\n")));

            JsonNode stats = post(local, "/_admin/flush", "");

            assertEquals(1, stats.get("streams").get("logs").get("objects").asInt());
            assertEquals(1, local.deliveredObjects("logs").size());
        }
    }

    @Test
    void badSettingsAndUnknownPathsAreRefusedWithTheReason() throws Exception {
        try (FirehoseLocal local = FirehoseLocal.builder().start()) {
            HttpResponse<String> unknown = send(local, "POST", "/_admin/faults", "{\"failEverything\": true}");
            HttpResponse<String> badRate = send(local, "POST", "/_admin/faults", "{\"failEntryRate\": 2}");
            HttpResponse<String> missing = send(local, "GET", "/_admin/nothing", "");

            assertEquals(400, unknown.statusCode());
            assertTrue(unknown.body().contains("Unknown fault setting 'failEverything'"), unknown.body());
            assertEquals(400, badRate.statusCode());
            assertTrue(badRate.body().contains("rate=2.0 is outside 0..1"), badRate.body());
            assertEquals(404, missing.statusCode());
        }
    }

    @Test
    void quotasAreSetForEveryStreamAndPerStreamAndStatsCountThrottling() throws Exception {
        try (FirehoseLocal local = FirehoseLocal.builder().stream("logs").stream("audit").start();
             FirehoseClient client = SdkClients.client(local)) {
            JsonNode shown = post(local, "/_admin/faults", "{\"recordQuotaPerSecond\": 100000, \"requestQuotaPerSecond\": 1000,"
                    + " \"streamQuotas\": {\"audit\": {\"requestQuotaPerSecond\": 1}}}");
            client.putRecordBatch(b -> b.deliveryStreamName("audit").records(SdkClients.records(2, "r")));
            assertThrows(ServiceUnavailableException.class,
                    () -> client.putRecordBatch(b -> b.deliveryStreamName("audit").records(SdkClients.records(1, "r"))));
            JsonNode stats = get(local, "/_admin/stats");

            assertEquals(100000, shown.get("recordQuotaPerSecond").asLong());
            assertEquals(1000, shown.get("requestQuotaPerSecond").asLong());
            assertEquals(1, shown.get("streamQuotas").get("audit").get("requestQuotaPerSecond").asLong());
            assertEquals(Quota.of(0, 100_000, 1), local.faults().quotaOf("audit"));
            assertEquals(1, stats.get("streams").get("audit").get("throttledCalls").asLong());
            assertEquals(0, stats.get("streams").get("logs").get("throttledCalls").asLong());
            assertEquals(1, stats.get("injectedFaults").get("throttledCalls").asLong());
            assertEquals(400, send(local, "POST", "/_admin/faults", "{\"streamQuotas\": {\"audit\": {\"bytes\": 1}}}").statusCode());
        }
    }

    @Test
    void adminCallsNeedNoSignatureEvenWhenVerifying() throws Exception {
        try (FirehoseLocal local = FirehoseLocal.builder().role(StsClients.ROLE_ARN).start()) {
            assertEquals(200, send(local, "GET", "/_admin/stats", "").statusCode());
        }
    }

    private JsonNode get(FirehoseLocal local, String path) throws Exception {
        HttpResponse<String> response = send(local, "GET", path, "");
        assertEquals(200, response.statusCode(), response.body());
        return json.readTree(response.body());
    }

    private JsonNode post(FirehoseLocal local, String path, String body) throws Exception {
        HttpResponse<String> response = send(local, "POST", path, body);
        assertEquals(200, response.statusCode(), response.body());
        return json.readTree(response.body());
    }

    private HttpResponse<String> send(FirehoseLocal local, String method, String path, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(local.endpoint() + path))
                .method(method, body.isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json").build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
