package io.github.firehoseappender.core.json;

import io.github.firehoseappender.core.trace.TraceCapture;
import io.github.firehoseappender.core.trace.TraceKeys;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The MDC entries one event's line writes as top-level columns instead of inside {@code mdc}: trace context, the
 * fields Powertools for AWS Lambda puts in the MDC, the Lambda request id and the promoted keys. {@link #read} takes
 * them from one event; the entries it took are then left out of {@code mdc}, so no value is written twice.
 *
 * <p>Where a column already has a value from elsewhere (the {@code service} option, the Lambda runtime context), that
 * value stays and the MDC entry is left out only when it says the same; a differing one stays in {@code mdc}, so
 * nothing is lost. Values that do not fit their column's type ({@code cold_start} not true/false,
 * {@code function_memory_size} not digits) stay in {@code mdc} too.
 *
 * <p>Mutable per-event state of one encoder: used on the sender thread only, under the encoder's lock.
 */
final class MdcColumns {
    // Powertools for AWS Lambda's MDC keys (its PowertoolsLoggedFields).
    static final String POWERTOOLS_SERVICE = "service";
    static final String POWERTOOLS_FUNCTION_NAME = "function_name";
    static final String POWERTOOLS_FUNCTION_VERSION = "function_version";
    static final String POWERTOOLS_FUNCTION_MEMORY_SIZE = "function_memory_size";
    static final String POWERTOOLS_FUNCTION_ARN = "function_arn";
    static final String POWERTOOLS_FUNCTION_REQUEST_ID = "function_request_id";
    static final String POWERTOOLS_COLD_START = "cold_start";
    static final String POWERTOOLS_CORRELATION_ID = "correlation_id";
    static final String POWERTOOLS_SAMPLING_RATE = "sampling_rate";

    private final TraceKeys traceKeys;
    private final String[] promotedKeys;
    /** Every key {@link #read} may take but the request id's (that one comes with each call). */
    private final Set<String> columnKeys = new HashSet<>();

    String service;
    String requestId;
    String functionName;
    String functionVersion;
    String memoryMb;
    String functionArn;
    Boolean coldStart;
    String correlationId;
    String samplingRate;
    String traceId;
    String spanId;
    String traceFlags;
    String xrayTraceId;
    final String[] promotedValues;

    private Map<String, String> mdc;
    private String[] taken = new String[16];
    private int takenCount;

    /** @param traceKeys null: no trace columns, the trace keys stay in {@code mdc} */
    MdcColumns(TraceKeys traceKeys, List<String> promotedKeys) {
        this.traceKeys = traceKeys;
        this.promotedKeys = promotedKeys.toArray(new String[0]);
        this.promotedValues = new String[this.promotedKeys.length];
        columnKeys.addAll(Arrays.asList(POWERTOOLS_SERVICE, POWERTOOLS_FUNCTION_NAME, POWERTOOLS_FUNCTION_VERSION,
                POWERTOOLS_FUNCTION_MEMORY_SIZE, POWERTOOLS_FUNCTION_ARN, POWERTOOLS_FUNCTION_REQUEST_ID,
                POWERTOOLS_COLD_START, POWERTOOLS_CORRELATION_ID, POWERTOOLS_SAMPLING_RATE));
        if (traceKeys != null) {
            columnKeys.addAll(Arrays.asList(traceKeys.traceIdKey(), traceKeys.spanIdKey(), traceKeys.traceFlagsKey(),
                    TraceCapture.XRAY_HEADER_KEY, TraceCapture.POWERTOOLS_XRAY_KEY));
        }
        columnKeys.addAll(promotedKeys);
    }

    /**
     * Reads one event's columns.
     *
     * @param staticService the {@code service} option, or null
     * @param lambda the runtime context's function name, version and memory (null entries when absent)
     * @param requestIdMdcKey the MDC key of the Lambda request id the runtime context names, or null
     */
    void read(Map<String, String> eventMdc, String staticService, String[] lambda, String requestIdMdcKey) {
        mdc = eventMdc;
        takenCount = 0;
        // Most MDCs hold none of these keys: one look-up per entry then, instead of one per column.
        if (eventMdc.isEmpty() || !holdsAColumnKey(eventMdc, requestIdMdcKey)) {
            service = staticService;
            functionName = lambda[0];
            functionVersion = lambda[1];
            memoryMb = lambda[2];
            requestId = functionArn = correlationId = samplingRate = null;
            traceId = spanId = traceFlags = xrayTraceId = null;
            coldStart = null;
            Arrays.fill(promotedValues, null);
            return;
        }
        service = take(POWERTOOLS_SERVICE, staticService);
        functionName = take(POWERTOOLS_FUNCTION_NAME, lambda[0]);
        functionVersion = take(POWERTOOLS_FUNCTION_VERSION, lambda[1]);
        String memory = eventMdc.get(POWERTOOLS_FUNCTION_MEMORY_SIZE);
        memoryMb = memory != null && isDigits(memory) ? take(POWERTOOLS_FUNCTION_MEMORY_SIZE, lambda[2]) : lambda[2];
        requestId = requestIdMdcKey == null ? null : take(requestIdMdcKey, null);
        requestId = take(POWERTOOLS_FUNCTION_REQUEST_ID, requestId);
        functionArn = take(POWERTOOLS_FUNCTION_ARN, null);
        String cold = eventMdc.get(POWERTOOLS_COLD_START);
        coldStart = "true".equals(cold) ? Boolean.TRUE : "false".equals(cold) ? Boolean.FALSE : null;
        if (coldStart != null) {
            take(POWERTOOLS_COLD_START, null);
        }
        correlationId = take(POWERTOOLS_CORRELATION_ID, null);
        samplingRate = take(POWERTOOLS_SAMPLING_RATE, null);
        if (traceKeys != null) {
            traceId = take(traceKeys.traceIdKey(), null);
            spanId = take(traceKeys.spanIdKey(), null);
            traceFlags = take(traceKeys.traceFlagsKey(), null);
            String header = take(TraceCapture.XRAY_HEADER_KEY, null);
            xrayTraceId = take(TraceCapture.POWERTOOLS_XRAY_KEY, header == null ? null : xrayRoot(header));
        } else {
            traceId = spanId = traceFlags = xrayTraceId = null;
        }
        for (int i = 0; i < promotedKeys.length; i++) {
            promotedValues[i] = take(promotedKeys[i], null);
        }
    }

    private boolean holdsAColumnKey(Map<String, String> eventMdc, String requestIdMdcKey) {
        for (String key : eventMdc.keySet()) {
            if (key != null && (columnKeys.contains(key) || key.equals(requestIdMdcKey))) {
                return true;
            }
        }
        return false;
    }

    /** True when {@code mdc} leaves this key out: its value went to a column. */
    boolean taken(String key) {
        for (int i = 0; i < takenCount; i++) {
            if (taken[i].equals(key)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The column's value: {@code current} when it has one, else the MDC entry's. The entry is taken (left out of
     * {@code mdc}) when it is the value written.
     */
    private String take(String key, String current) {
        String value = mdc.get(key);
        if (value == null || current != null && !current.equals(value)) {
            return current;
        }
        if (takenCount == taken.length) {
            taken = Arrays.copyOf(taken, takenCount * 2);
        }
        taken[takenCount++] = key;
        return value;
    }

    /** The root trace id of an X-Ray header ({@code Root=1-…;Parent=…;Sampled=1}); the text itself when it has none. */
    static String xrayRoot(String header) {
        int root = header.indexOf("Root=");
        if (root < 0) {
            return header.trim();
        }
        int end = header.indexOf(';', root);
        return header.substring(root + 5, end < 0 ? header.length() : end).trim();
    }

    private static boolean isDigits(String s) {
        if (s.isEmpty() || s.length() > 9) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
