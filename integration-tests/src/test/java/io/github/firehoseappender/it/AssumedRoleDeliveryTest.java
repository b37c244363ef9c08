package io.github.firehoseappender.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.firehoseappender.local.FirehoseLocal;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Both appenders, configured with roleArn, externalId and stsEndpoint, against a firehose-local
 * that accepts Put calls only from sessions of that role: what arrives was written through the
 * assumed role, and short sessions are renewed before they expire.
 */
@Timeout(120)
class AssumedRoleDeliveryTest {
    static final String ROLE = "arn:aws:iam::123456789012:role/log-producer";
    static final String EXTERNAL_ID = "logs-4f1c";
    private final ObjectMapper json = new ObjectMapper();

    static Stream<AppenderRun.Framework> frameworks() {
        return Stream.of(AppenderRun.LOGBACK, AppenderRun.LOG4J2);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("frameworks")
    void deliversThroughTheAssumedRoleOnly(AppenderRun.Framework framework) throws Exception {
        try (FirehoseLocal local = FirehoseLocal.builder().stream("logs").role(ROLE).externalId(EXTERNAL_ID).start();
             AppenderRun appender = framework.start(options(local, "checkout"))) {
            for (int i = 0; i < 50; i++) {
                appender.log("event " + i);
            }

            assertTrue(appender.flush(), appender.status());

            List<String> messages = messages(local);
            assertEquals(50, messages.size(), appender.status());
            assertEquals("event 0", messages.get(0));
            assertTrue(local.calls("logs").size() >= 1);
            for (FirehoseLocal.Call call : local.calls("logs")) {
                assertEquals(ROLE, call.roleArn(), call.toString());
                assertEquals("checkout", call.roleSessionName());
                assertEquals(0, call.failedCount());
            }
            assertEquals(1, local.sessionsIssued());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("frameworks")
    void wrongExternalIdDeliversNothingAndSaysSo(AppenderRun.Framework framework) throws Exception {
        Map<String, String> options;
        try (FirehoseLocal local = FirehoseLocal.builder().stream("logs").role(ROLE).externalId(EXTERNAL_ID).start()) {
            options = options(local, "wrong-id");
            options.put("externalId", "not-the-id");
            options.put("retryTimeout", "PT2S");
            options.put("shutdownTimeout", "PT1S");
            try (AppenderRun appender = framework.start(options)) {
                appender.log("never arrives");

                await().atMost(Duration.ofSeconds(30)).until(() -> appender.status().contains("AccessDenied"));
                assertEquals(List.of(), local.lines("logs"));
                assertEquals(0, local.sessionsIssued());
            }
        }
    }

    /**
     * Sessions of 3 s: the SDK's provider renews them (its stale window is longer than the
     * session), so calls keep succeeding across several expiries and none is refused.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("frameworks")
    void shortSessionsAreRenewedBeforeTheyExpire(AppenderRun.Framework framework) throws Exception {
        Duration session = Duration.ofSeconds(3);
        try (FirehoseLocal local = FirehoseLocal.builder().stream("logs").role(ROLE).externalId(EXTERNAL_ID)
                .sessionDuration(session).minimumSessionDuration(Duration.ofSeconds(1)).start();
             AppenderRun appender = framework.start(options(local, "refresh"))) {
            Instant start = Instant.now();
            List<String> logged = new ArrayList<>();

            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> {
                String message = "tick " + logged.size();
                appender.log(message);
                logged.add(message);
                assertTrue(appender.flush(), appender.status());
                return Duration.between(start, Instant.now()).compareTo(session.multipliedBy(3)) > 0;
            });

            assertEquals(logged, messages(local), appender.status());
            Set<String> keys = new HashSet<>();
            for (FirehoseLocal.Call call : local.calls("logs")) {
                assertEquals(ROLE, call.roleArn());
                keys.add(call.accessKeyId());
            }
            assertTrue(keys.size() >= 3, "calls spanning 3 session lifetimes used " + keys.size() + " sessions");
            assertTrue(local.sessionsIssued() >= 3);
            JsonNode refused = json.readTree(adminStats(local)).get("refusedCalls");
            assertEquals(0, refused.size(), "refused calls: " + refused);
        }
    }

    static Map<String, String> options(FirehoseLocal local, String session) {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("deliveryStream", "logs");
        options.put("region", "us-east-1");
        options.put("endpoint", local.endpoint().toString());
        options.put("stsEndpoint", local.stsEndpoint().toString());
        options.put("roleArn", ROLE);
        options.put("externalId", EXTERNAL_ID);
        options.put("roleSessionName", session);
        return options;
    }

    private List<String> messages(FirehoseLocal local) throws IOException {
        List<String> messages = new ArrayList<>();
        for (String line : local.lines("logs")) {
            messages.add(json.readTree(line).get("message").asText());
        }
        return messages;
    }

    private static String adminStats(FirehoseLocal local) throws Exception {
        java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(local.endpoint() + "/_admin/stats")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        return response.body();
    }
}
