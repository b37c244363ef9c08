package io.github.firehoseappender.local.api;

import io.github.firehoseappender.local.delivery.DeliveryStream;
import io.github.firehoseappender.local.delivery.StreamRegistry;
import io.github.firehoseappender.local.faults.FaultPlan;
import io.github.firehoseappender.local.faults.QuotaLimit;
import io.github.firehoseappender.local.http.HttpAnswer;
import io.github.firehoseappender.local.http.ReceivedRequest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Run-time control on loopback, beside the AWS APIs on the same port (which binds 127.0.0.1
 * only): {@code GET /_admin/faults} shows the fault settings, {@code POST /_admin/faults} with a
 * JSON object changes them (same names; {@code "reset": true} first turns everything off),
 * {@code GET /_admin/stats} counts calls, records, refusals and injected faults, and
 * {@code POST /_admin/flush} delivers every stream's buffer now.
 */
public final class AdminApi {
    public static final String PREFIX = "/_admin/";
    static final List<String> FAULT_SETTINGS = Arrays.asList("reset", "seed", "failEntries", "failEveryNthEntry", "failEntryRate",
            "failNextCalls", "failNextCallsStatus", "failCallRate", "failCallRateStatus", "dropNextCalls", "dropNextResponses",
            "dropConnectionRate", "latencyMillis", "outage", "outageForSeconds", "outageFrom", "outageUntil",
            "byteQuotaPerSecond", "recordQuotaPerSecond", "requestQuotaPerSecond", "streamQuotas", "failProcessing");
    private static final List<String> QUOTA_SETTINGS = Arrays.asList("byteQuotaPerSecond", "recordQuotaPerSecond", "requestQuotaPerSecond");

    private final ObjectMapper json = new ObjectMapper();
    private final FaultPlan faults;
    private final StreamRegistry registry;
    private final FirehoseApi firehose;
    private final StsApi sts;

    public AdminApi(FaultPlan faults, StreamRegistry registry, FirehoseApi firehose, StsApi sts) {
        this.faults = faults;
        this.registry = registry;
        this.firehose = firehose;
        this.sts = sts;
    }

    public HttpAnswer handle(ReceivedRequest request) {
        String path = request.rawPath();
        String method = request.method();
        try {
            if (path.equals(PREFIX + "faults") && method.equals("GET")) {
                return ok(faultState());
            }
            if (path.equals(PREFIX + "faults") && method.equals("POST")) {
                apply(request.body());
                return ok(faultState());
            }
            if (path.equals(PREFIX + "stats") && method.equals("GET")) {
                return ok(stats());
            }
            if (path.equals(PREFIX + "flush") && method.equals("POST")) {
                for (DeliveryStream stream : registry.all()) {
                    stream.flush();
                }
                return ok(stats());
            }
            return problem(404, "No admin endpoint " + method + " " + path
                    + "; use GET/POST /_admin/faults, GET /_admin/stats, POST /_admin/flush");
        } catch (IllegalArgumentException e) {
            return problem(400, e.getMessage());
        }
    }

    /** Applies a JSON object of fault settings, {@code reset} first. */
    void apply(byte[] body) {
        JsonNode settings;
        try {
            settings = json.readTree(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("The body must be a JSON object of fault settings: " + e.getMessage());
        }
        if (settings == null || !settings.isObject()) {
            throw new IllegalArgumentException("The body must be a JSON object of fault settings " + FAULT_SETTINGS);
        }
        for (Iterator<String> names = settings.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FAULT_SETTINGS.contains(name)) {
                throw new IllegalArgumentException("Unknown fault setting '" + name + "'; known: " + FAULT_SETTINGS);
            }
        }
        if (settings.path("reset").asBoolean(false)) {
            faults.reset();
        }
        if (settings.has("seed")) {
            faults.seed(number(settings, "seed"));
        }
        if (settings.has("failEntries")) {
            faults.failEntries((int) number(settings, "failEntries"));
        }
        if (settings.has("failEveryNthEntry")) {
            faults.failEveryNthEntry((int) number(settings, "failEveryNthEntry"));
        }
        if (settings.has("failEntryRate")) {
            faults.failEntryRate(rate(settings, "failEntryRate"));
        }
        if (settings.has("failNextCalls")) {
            faults.failNextCalls((int) number(settings, "failNextCalls"),
                    settings.has("failNextCallsStatus") ? (int) number(settings, "failNextCallsStatus") : 503);
        }
        if (settings.has("failCallRate")) {
            faults.failCallRate(rate(settings, "failCallRate"),
                    settings.has("failCallRateStatus") ? (int) number(settings, "failCallRateStatus") : 503);
        }
        if (settings.has("dropNextCalls")) {
            faults.dropNextCalls((int) number(settings, "dropNextCalls"));
        }
        if (settings.has("dropNextResponses")) {
            faults.dropNextResponses((int) number(settings, "dropNextResponses"));
        }
        if (settings.has("dropConnectionRate")) {
            faults.dropConnectionRate(rate(settings, "dropConnectionRate"));
        }
        if (settings.has("latencyMillis")) {
            faults.latency(Duration.ofMillis(number(settings, "latencyMillis")));
        }
        if (settings.has("outage")) {
            faults.outage(settings.get("outage").asBoolean());
        }
        if (settings.has("outageForSeconds")) {
            faults.outageFor(Duration.ofSeconds(number(settings, "outageForSeconds")));
        }
        if (settings.has("outageFrom") || settings.has("outageUntil")) {
            faults.outageBetween(instant(settings, "outageFrom"), instant(settings, "outageUntil"));
        }
        applyQuotas(null, settings);
        if (settings.has("streamQuotas")) {
            JsonNode streams = settings.get("streamQuotas");
            if (!streams.isObject()) {
                throw new IllegalArgumentException("streamQuotas must be an object of stream name to quotas, e.g. "
                        + "{\"logs\": {\"requestQuotaPerSecond\": 1000}}");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = streams.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> stream = it.next();
                if (!stream.getValue().isObject()) {
                    throw new IllegalArgumentException("streamQuotas." + stream.getKey() + " must be an object of " + QUOTA_SETTINGS);
                }
                for (Iterator<String> names = stream.getValue().fieldNames(); names.hasNext(); ) {
                    String name = names.next();
                    if (!QUOTA_SETTINGS.contains(name)) {
                        throw new IllegalArgumentException("Unknown quota '" + name + "' for stream " + stream.getKey()
                                + "; known: " + QUOTA_SETTINGS);
                    }
                }
                applyQuotas(stream.getKey(), stream.getValue());
            }
        }
        if (settings.has("failProcessing")) {
            faults.failProcessing((int) number(settings, "failProcessing"));
        }
    }

    /** The three quota keys of {@code settings}, for one stream or (null) every stream. */
    private void applyQuotas(String stream, JsonNode settings) {
        QuotaLimit[] limits = {QuotaLimit.BYTES, QuotaLimit.RECORDS, QuotaLimit.REQUESTS};
        for (int i = 0; i < limits.length; i++) {
            if (settings.has(QUOTA_SETTINGS.get(i))) {
                faults.quota(stream, limits[i], number(settings, QUOTA_SETTINGS.get(i)));
            }
        }
    }

    private ObjectNode faultState() {
        ObjectNode state = json.valueToTree(faults.settings());
        state.set("injected", json.valueToTree(faults.injected()));
        return state;
    }

    private ObjectNode stats() {
        ObjectNode stats = json.createObjectNode();
        ObjectNode streams = stats.putObject("streams");
        for (DeliveryStream stream : registry.all()) {
            ObjectNode one = streams.putObject(stream.name());
            for (Map.Entry<String, Long> counter : stream.counters().entrySet()) {
                one.put(counter.getKey(), counter.getValue());
            }
        }
        stats.set("refusedCalls", json.valueToTree(firehose.refusedByType()));
        stats.set("injectedFaults", json.valueToTree(faults.injected()));
        ObjectNode stsStats = stats.putObject("sts");
        stsStats.put("sessionsIssued", sts.sessionsIssued());
        stsStats.put("refusedCalls", sts.refusedCalls());
        return stats;
    }

    private static long number(JsonNode settings, String name) {
        JsonNode value = settings.get(name);
        if (!value.isIntegralNumber()) {
            throw new IllegalArgumentException(name + "=" + value + " must be a whole number");
        }
        return value.asLong();
    }

    private static double rate(JsonNode settings, String name) {
        JsonNode value = settings.get(name);
        if (!value.isNumber()) {
            throw new IllegalArgumentException(name + "=" + value + " must be a number in 0..1");
        }
        return value.asDouble();
    }

    private static Instant instant(JsonNode settings, String name) {
        JsonNode value = settings.get(name);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("outageFrom and outageUntil go together, each an ISO-8601 instant like 2024-01-01T10:00:00Z");
        }
        try {
            return Instant.parse(value.asText());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + "='" + value.asText() + "' is not an ISO-8601 instant like 2024-01-01T10:00:00Z");
        }
    }

    private HttpAnswer ok(ObjectNode body) {
        return new HttpAnswer(200, "application/json", bytes(body));
    }

    private HttpAnswer problem(int status, String message) {
        ObjectNode body = json.createObjectNode();
        body.put("error", message);
        return new HttpAnswer(status, "application/json", bytes(body));
    }

    private byte[] bytes(ObjectNode body) {
        try {
            return json.writerWithDefaultPrettyPrinter().writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
