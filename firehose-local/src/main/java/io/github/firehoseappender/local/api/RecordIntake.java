package io.github.firehoseappender.local.api;

import io.github.firehoseappender.local.auth.Caller;
import io.github.firehoseappender.local.delivery.DeliveryStream;
import io.github.firehoseappender.local.delivery.PutCall;
import io.github.firehoseappender.local.delivery.StreamRegistry;
import io.github.firehoseappender.local.faults.FaultPlan;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

/**
 * PutRecord and PutRecordBatch: checks Firehose's hard limits, then the stream's request quota, applies
 * entry faults (injected failures, the byte and record quotas), hands the accepted records to their stream and answers per entry in
 * request order.
 */
public final class RecordIntake {
    /** What a failed or throttled entry carries in a PutRecordBatch answer. */
    static final String ENTRY_ERROR_CODE = "ServiceUnavailableException";
    static final String ENTRY_ERROR_MESSAGE = "Slow down.";
    static final int MAX_RECORDS_PER_BATCH = 500;
    static final int MAX_RECORD_BYTES = 1_024_000;
    static final long MAX_BATCH_BYTES = 4L * 1024 * 1024;

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final StreamRegistry registry;
    private final FaultPlan faults;

    public RecordIntake(StreamRegistry registry, FaultPlan faults) {
        this.registry = registry;
        this.faults = faults;
    }

    ObjectNode putRecord(JsonRequest request, Caller caller) {
        String name = request.requiredString("DeliveryStreamName");
        byte[] data = request.requiredObject("Record").requiredBlob("Data");
        if (data.length > MAX_RECORD_BYTES) {
            throw tooLarge("record.data");
        }
        DeliveryStream stream = registry.get(name);
        admit(stream);
        FaultPlan.EntryOutcome outcome = faults.entryOutcomes(name, new long[] {data.length})[0];
        if (outcome != FaultPlan.EntryOutcome.ACCEPTED) {
            // PutRecord has no per-entry answer: Firehose throttles the whole call.
            if (outcome == FaultPlan.EntryOutcome.THROTTLED) {
                faults.countThrottledCall();
                stream.countThrottledCall(1);
            }
            throw ApiException.serviceUnavailable();
        }
        PutCall call = new PutCall(name, "PutRecord", 1, data.length, 0, 0, caller);
        List<byte[]> accepted = Collections.singletonList(data);
        int failing = faults.processingFailures(1);
        if (!stream.accept(failing == 0 ? accepted : Collections.emptyList(), failing == 0 ? Collections.emptyList() : accepted, call)) {
            throw ApiException.resourceNotFound(name, registry.accountId());
        }
        ObjectNode answer = JSON.objectNode();
        answer.put("RecordId", newRecordId());
        answer.put("Encrypted", false);
        return answer;
    }

    ObjectNode putRecordBatch(JsonRequest request, Caller caller) {
        String name = request.requiredString("DeliveryStreamName");
        JsonRequest[] entries = request.requiredObjects("Records");
        if (entries.length == 0 || entries.length > MAX_RECORDS_PER_BATCH) {
            throw ApiException.validation("1 validation error detected: Value at 'records' failed to satisfy constraint: "
                    + "Member must have length " + (entries.length == 0 ? "greater than or equal to 1"
                    : "less than or equal to " + MAX_RECORDS_PER_BATCH));
        }
        List<byte[]> data = new ArrayList<>(entries.length);
        long totalBytes = 0;
        for (int i = 0; i < entries.length; i++) {
            byte[] one = entries[i].requiredBlob("Data");
            if (one.length > MAX_RECORD_BYTES) {
                throw tooLarge("records." + (i + 1) + ".member.data");
            }
            data.add(one);
            totalBytes += one.length;
        }
        DeliveryStream stream = registry.get(name);
        if (totalBytes > MAX_BATCH_BYTES) {
            throw ApiException.invalidArgument("Records size exceeds 4 MB limit");
        }
        admit(stream);

        long[] sizes = new long[entries.length];
        for (int i = 0; i < sizes.length; i++) {
            sizes[i] = data.get(i).length;
        }
        FaultPlan.EntryOutcome[] outcomes = faults.entryOutcomes(name, sizes);
        List<byte[]> accepted = new ArrayList<>(entries.length);
        ArrayNode responses = JSON.arrayNode(entries.length);
        int failedCount = 0;
        int throttledCount = 0;
        for (int i = 0; i < entries.length; i++) {
            ObjectNode response = responses.addObject();
            if (outcomes[i] != FaultPlan.EntryOutcome.ACCEPTED) {
                failedCount++;
                if (outcomes[i] == FaultPlan.EntryOutcome.THROTTLED) {
                    throttledCount++;
                }
                response.put("ErrorCode", ENTRY_ERROR_CODE);
                response.put("ErrorMessage", ENTRY_ERROR_MESSAGE);
            } else {
                accepted.add(data.get(i));
                response.put("RecordId", newRecordId());
            }
        }
        PutCall call = new PutCall(name, "PutRecordBatch", entries.length, totalBytes,
                failedCount, throttledCount, caller);
        int failing = faults.processingFailures(accepted.size());
        List<byte[]> processingFailed = new ArrayList<>(accepted.subList(0, failing));
        accepted = new ArrayList<>(accepted.subList(failing, accepted.size()));
        if (!stream.accept(accepted, processingFailed, call)) {
            throw ApiException.resourceNotFound(name, registry.accountId());
        }
        ObjectNode answer = JSON.objectNode();
        answer.put("FailedPutCount", failedCount);
        answer.put("Encrypted", false);
        answer.set("RequestResponses", responses);
        return answer;
    }

    /** The stream's requests-per-second quota: a call beyond it is throttled whole, as Firehose documents (ServiceUnavailableException). */
    private void admit(DeliveryStream stream) {
        if (!faults.admitCall(stream.name())) {
            stream.countThrottledCall(0);
            throw ApiException.serviceUnavailable();
        }
    }

    private static ApiException tooLarge(String path) {
        return ApiException.validation("1 validation error detected: Value at '" + path
                + "' failed to satisfy constraint: Member must have length less than or equal to " + MAX_RECORD_BYTES);
    }

    private static String newRecordId() {
        return UUID.randomUUID().toString().replace("-", "") + UUID.randomUUID().toString().replace("-", "");
    }
}
