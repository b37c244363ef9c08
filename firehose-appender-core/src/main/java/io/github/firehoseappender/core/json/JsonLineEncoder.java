package io.github.firehoseappender.core.json;

import io.github.firehoseappender.core.EncodedLine;
import io.github.firehoseappender.core.EventEncoder;
import io.github.firehoseappender.core.context.RuntimeContext;
import io.github.firehoseappender.core.context.RuntimeContextResolver;
import io.github.firehoseappender.core.trace.TraceCapture;
import io.github.firehoseappender.core.trace.TraceKeys;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.ToIntFunction;

/**
 * The project's JSON schema ({@link LogSchema}) for any framework's events, read through a {@link LogEventAccessor}.
 * Both adapters use it, so Logback and Log4j2 write the same lines. Encoding runs on the sender thread.
 *
 * <p>Trace context, Powertools for AWS Lambda's fields and promoted MDC keys become columns of their own
 * ({@link MdcColumns}); what the application thread alone can see of the trace is captured by the adapter's snapshot
 * with {@link #traceCapture()}.
 *
 * <p>An event too large for a Firehose record is rewritten with its largest fields shortened (stack trace, then
 * message, then MDC, markers, names) and {@code "truncated":true}; the line stays valid JSON.
 */
public final class JsonLineEncoder<E> implements EventEncoder<E> {
    private static final int UNLIMITED = Integer.MAX_VALUE;
    private static final int FUNCTION_NAME_COLUMN = LogSchema.AWS_CONTEXT_COLUMNS.indexOf(LogSchema.LAMBDA_FUNCTION_NAME);
    private static final int FUNCTION_VERSION_COLUMN =
            LogSchema.AWS_CONTEXT_COLUMNS.indexOf(LogSchema.LAMBDA_FUNCTION_VERSION);
    private static final int MEMORY_COLUMN = LogSchema.AWS_CONTEXT_COLUMNS.indexOf(LogSchema.LAMBDA_MEMORY_MB);
    // Field names as written, encoded once.
    private static final byte[] EVENT_TIME = JsonLineWriter.name(LogSchema.EVENT_TIME);
    private static final byte[] LEVEL = JsonLineWriter.name(LogSchema.LEVEL);
    private static final byte[] LOGGER = JsonLineWriter.name(LogSchema.LOGGER);
    private static final byte[] THREAD = JsonLineWriter.name(LogSchema.THREAD);
    private static final byte[] MESSAGE = JsonLineWriter.name(LogSchema.MESSAGE);
    private static final byte[] MDC = JsonLineWriter.name(LogSchema.MDC);
    private static final byte[] MARKERS = JsonLineWriter.name(LogSchema.MARKERS);
    private static final byte[] EXCEPTION = JsonLineWriter.name(LogSchema.EXCEPTION);
    private static final byte[] EXCEPTION_CLASS = JsonLineWriter.name(LogSchema.EXCEPTION_CLASS);
    private static final byte[] EXCEPTION_MESSAGE = JsonLineWriter.name(LogSchema.EXCEPTION_MESSAGE);
    private static final byte[] EXCEPTION_STACK_TRACE = JsonLineWriter.name(LogSchema.EXCEPTION_STACK_TRACE);
    private static final byte[] EVENT_ID = JsonLineWriter.name(LogSchema.EVENT_ID);
    private static final byte[] SERVICE = JsonLineWriter.name(LogSchema.SERVICE);
    private static final byte[] ENVIRONMENT = JsonLineWriter.name(LogSchema.ENVIRONMENT);
    private static final byte[] HOST = JsonLineWriter.name(LogSchema.HOST);
    private static final byte[] AWS_REQUEST_ID = JsonLineWriter.name(LogSchema.AWS_REQUEST_ID);
    private static final byte[] LAMBDA_FUNCTION_ARN = JsonLineWriter.name(LogSchema.LAMBDA_FUNCTION_ARN);
    private static final byte[] LAMBDA_COLD_START = JsonLineWriter.name(LogSchema.LAMBDA_COLD_START);
    private static final byte[] CORRELATION_ID = JsonLineWriter.name(LogSchema.CORRELATION_ID);
    private static final byte[] SAMPLING_RATE = JsonLineWriter.name(LogSchema.SAMPLING_RATE);
    private static final byte[] TRACE_ID = JsonLineWriter.name(LogSchema.TRACE_ID);
    private static final byte[] SPAN_ID = JsonLineWriter.name(LogSchema.SPAN_ID);
    private static final byte[] TRACE_FLAGS = JsonLineWriter.name(LogSchema.TRACE_FLAGS);
    private static final byte[] XRAY_TRACE_ID = JsonLineWriter.name(LogSchema.XRAY_TRACE_ID);
    private static final byte[] TRUNCATED = JsonLineWriter.name(LogSchema.TRUNCATED);
    private static final byte[][] AWS_CONTEXT = new byte[LogSchema.AWS_CONTEXT_COLUMNS.size()][];

    static {
        for (int i = 0; i < AWS_CONTEXT.length; i++) {
            AWS_CONTEXT[i] = JsonLineWriter.name(LogSchema.AWS_CONTEXT_COLUMNS.get(i));
        }
    }

    private final LogEventAccessor<E> accessor;
    private final ToIntFunction<E> sizeEstimator;
    private final String service;
    private final String environment;
    private final String host;
    private final RuntimeContextResolver contextResolver;
    private RuntimeContext context;
    /** The runtime context's values of {@link LogSchema#AWS_CONTEXT_COLUMNS}, by position; set with the context. */
    private String[] contextValues;
    private final String[] lambdaValues = new String[3];
    private final MdcColumns columns;
    private final TraceCapture traceCapture;
    private final List<String> promotedMdcKeys;
    private final byte[][] promotedNames;
    private byte[] eventIdPrefix;
    private long eventCounter;
    private final JsonLineWriter writer = new JsonLineWriter();
    /** Where {@link #encode(Object)} and the truncation rounds write; {@link #encode(Object, EncodedLine)} does not. */
    private final EncodedLine scratch = new EncodedLine();
    private final EventTimeText eventTime = new EventTimeText();
    private final RepeatedText lastLevel = new RepeatedText();
    private final RepeatedText lastLogger = new RepeatedText();
    private final RepeatedText lastThread = new RepeatedText();
    private final RepeatedText lastService = new RepeatedText();
    private final RepeatedText lastEnvironment = new RepeatedText();
    private final RepeatedText lastHost = new RepeatedText();
    /** Per runtime-context column, by position. */
    private final RepeatedText[] lastContext = new RepeatedText[AWS_CONTEXT.length];

    private JsonLineEncoder(Builder<E> b) {
        this.accessor = b.accessor;
        this.sizeEstimator = b.sizeEstimator;
        this.service = b.service;
        this.environment = b.environment;
        this.host = b.host;
        this.contextResolver = b.contextResolver;
        this.columns = new MdcColumns(b.traceKeys, b.promotedMdcKeys);
        this.traceCapture = b.traceKeys == null ? null : new TraceCapture(b.traceKeys, b.processEnvironment);
        this.promotedMdcKeys = b.promotedMdcKeys;
        for (int i = 0; i < lastContext.length; i++) {
            lastContext[i] = new RepeatedText();
        }
        this.promotedNames = new byte[b.promotedMdcKeys.size()][];
        for (int i = 0; i < promotedNames.length; i++) {
            promotedNames[i] = JsonLineWriter.name(b.promotedMdcKeys.get(i)); // checked as column names: ASCII
        }
        // Random per encoder instance + a counter: unique per event without a UUID per event.
        this.eventIdPrefix = eventIdPrefix(ThreadLocalRandom.current().nextLong());
    }

    /**
     * A builder for an encoder over one framework's events.
     *
     * @param accessor reads the framework's event (sender thread)
     * @param sizeEstimator cheap size guess used by the buffer on the application thread
     */
    public static <E> Builder<E> builder(LogEventAccessor<E> accessor, ToIntFunction<E> sizeEstimator) {
        return new Builder<>(accessor, sizeEstimator);
    }

    /**
     * What the adapter's snapshot calls on the application thread to capture the trace context there; null when the
     * trace columns are off ({@code traceContext=false}).
     */
    public TraceCapture traceCapture() {
        return traceCapture;
    }

    /** The columns these lines have: {@link LogSchema#fields(List)} with the promoted MDC keys. */
    public List<LogSchema.Field> fields() {
        return LogSchema.fields(promotedMdcKeys);
    }

    @Override
    public synchronized byte[] encode(E event) {
        write(event, ++eventCounter, FieldLimits.NONE, false, scratch);
        return scratch.toByteArray();
    }

    @Override
    public synchronized void encode(E event, EncodedLine into) {
        write(event, ++eventCounter, FieldLimits.NONE, false, into);
    }

    /**
     * Environments restored from one snapshot would otherwise share this encoder's {@code event_id} prefix and
     * counter, and so write the same ids: a new prefix from {@link SecureRandom}, made now (a seed kept in the
     * snapshot would be shared too), and the runtime context read again on the next event.
     */
    @Override
    public synchronized void afterRestore() {
        eventIdPrefix = eventIdPrefix(new SecureRandom().nextLong());
        context = null;
    }

    private static byte[] eventIdPrefix(long random) {
        return (Long.toHexString(random | Long.MIN_VALUE) + "-").getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public synchronized byte[] encodeTruncated(E event, int maxBytes) {
        long eventId = ++eventCounter;
        FieldLimits limits = FieldLimits.NONE;
        EncodedLine line = scratch;
        write(event, eventId, limits, true, line);
        // Each round cuts the largest field by at least the excess (a char is at least one byte), so it ends fast.
        for (int round = 0; line.length() > maxBytes && round < 64; round++) {
            limits = limits.shrink(line.length() - maxBytes + 32, length(accessor.stackTrace(event)),
                    Math.max(length(accessor.message(event)), length(accessor.exceptionMessage(event))),
                    accessor.mdc(event).size(), accessor.markers(event).size(),
                    Math.max(length(accessor.logger(event)), length(accessor.thread(event))));
            write(event, eventId, limits, true, line);
        }
        byte[] bytes = line.toByteArray();
        return bytes.length <= maxBytes ? bytes : OversizedLine.wrapPrefix(bytes, maxBytes);
    }

    /**
     * What the buffered event retains, as the adapter's estimator says. The runtime context is not part of it: it is
     * shared, and added only to the encoded line, whose real length the sender counts against the same bound.
     */
    @Override
    public int estimateSize(E event) {
        return sizeEstimator.applyAsInt(event);
    }

    private void write(E event, long eventId, FieldLimits limits, boolean truncated, EncodedLine into) {
        RuntimeContext aws = runtimeContext();
        Map<String, String> mdc = accessor.mdc(event);
        MdcColumns c = columns;
        c.read(mdc, service, lambdaValues, aws.requestIdMdcKey());
        JsonLineWriter w = writer;
        w.begin(into);
        w.plainAscii(EVENT_TIME, eventTime.text(), eventTime.write(accessor.epochMillis(event)));
        w.field(LEVEL, accessor.level(event), UNLIMITED, lastLevel);
        w.field(LOGGER, accessor.logger(event), limits.names, lastLogger);
        w.field(THREAD, accessor.thread(event), limits.names, lastThread);
        w.field(MESSAGE, nullToEmpty(accessor.message(event)), limits.message);
        w.mdc(MDC, mdc, limits.mdcEntries, limits.mdcValue, c);
        List<String> markers = accessor.markers(event);
        if (!markers.isEmpty()) {
            w.stringArray(MARKERS, markers, limits.markers);
        }
        String exceptionClass = accessor.exceptionClass(event);
        if (exceptionClass != null) {
            w.beginObject(EXCEPTION);
            w.field(EXCEPTION_CLASS, exceptionClass, Math.max(limits.names, 256));
            w.field(EXCEPTION_MESSAGE, accessor.exceptionMessage(event), limits.message);
            w.field(EXCEPTION_STACK_TRACE, accessor.stackTrace(event), limits.stackTrace);
            w.endObject();
        }
        w.hexString(EVENT_ID, eventIdPrefix, eventId);
        w.field(SERVICE, c.service, UNLIMITED, lastService);
        w.field(ENVIRONMENT, environment, UNLIMITED, lastEnvironment);
        w.field(HOST, host, UNLIMITED, lastHost);
        String[] fixed = contextValues;
        for (int i = 0; i < fixed.length; i++) {
            byte[] name = AWS_CONTEXT[i];
            String value = fixed[i];
            if (i == FUNCTION_NAME_COLUMN) {
                value = c.functionName;
            } else if (i == FUNCTION_VERSION_COLUMN) {
                value = c.functionVersion;
            } else if (i == MEMORY_COLUMN) {
                if (c.memoryMb != null) {
                    w.number(name, c.memoryMb);
                }
                continue;
            }
            w.field(name, value, UNLIMITED, lastContext[i]);
        }
        w.field(AWS_REQUEST_ID, c.requestId, limits.names);
        w.field(LAMBDA_FUNCTION_ARN, c.functionArn, limits.names);
        if (c.coldStart != null) {
            w.field(LAMBDA_COLD_START, c.coldStart);
        }
        w.field(CORRELATION_ID, c.correlationId, limits.names);
        w.field(SAMPLING_RATE, c.samplingRate, limits.names);
        w.field(TRACE_ID, c.traceId, limits.names);
        w.field(SPAN_ID, c.spanId, limits.names);
        w.field(TRACE_FLAGS, c.traceFlags, limits.names);
        w.field(XRAY_TRACE_ID, c.xrayTraceId, limits.names);
        if (truncated) {
            w.field(TRUNCATED, true);
        }
        for (int i = 0; i < promotedNames.length; i++) {
            w.field(promotedNames[i], c.promotedValues[i], limits.mdcValue);
        }
        w.end();
    }

    /**
     * Resolved once, on the first encode (sender thread); blocks only that thread, only that once. A resolver that
     * fails anyway (it reports its own failures) leaves the context empty rather than failing every event.
     */
    private RuntimeContext runtimeContext() {
        RuntimeContext current = context;
        if (current == null) {
            try {
                current = contextResolver == null ? RuntimeContext.EMPTY : contextResolver.resolve();
            } catch (RuntimeException e) {
                current = RuntimeContext.EMPTY;
            }
            contextValues = valuesByColumn(current);
            lambdaValues[0] = current.value(LogSchema.LAMBDA_FUNCTION_NAME);
            lambdaValues[1] = current.value(LogSchema.LAMBDA_FUNCTION_VERSION);
            lambdaValues[2] = current.value(LogSchema.LAMBDA_MEMORY_MB);
            context = current;
        }
        return current;
    }

    /** The context's fixed fields in {@link LogSchema#AWS_CONTEXT_COLUMNS} positions; null where absent. */
    private static String[] valuesByColumn(RuntimeContext context) {
        String[] values = new String[LogSchema.AWS_CONTEXT_COLUMNS.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = context.value(LogSchema.AWS_CONTEXT_COLUMNS.get(i));
        }
        return values;
    }

    private static int length(String s) {
        return s == null ? 0 : s.length();
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    /** Not thread-safe; the optional static fields are written only when set. */
    public static final class Builder<E> {
        private final LogEventAccessor<E> accessor;
        private final ToIntFunction<E> sizeEstimator;
        private String service;
        private String environment;
        private String host;
        private RuntimeContextResolver contextResolver;
        private TraceKeys traceKeys = TraceKeys.DEFAULT;
        private Map<String, String> processEnvironment = Collections.emptyMap();
        private List<String> promotedMdcKeys = Collections.emptyList();

        private Builder(LogEventAccessor<E> accessor, ToIntFunction<E> sizeEstimator) {
            this.accessor = accessor;
            this.sizeEstimator = sizeEstimator;
        }

        /** The {@code service} field of every event; blank means absent. */
        public Builder<E> service(String service) {
            this.service = blankToNull(service);
            return this;
        }

        /** The {@code environment} field of every event; blank means absent. */
        public Builder<E> environment(String environment) {
            this.environment = blankToNull(environment);
            return this;
        }

        /** The {@code host} field of every event; blank means absent. */
        public Builder<E> host(String host) {
            this.host = blankToNull(host);
            return this;
        }

        /**
         * Adds the AWS runtime context fields (and {@code aws_request_id} in Lambda) to every event, resolved on the
         * first encode; null (the default) adds none.
         */
        public Builder<E> runtimeContext(RuntimeContextResolver resolver) {
            this.contextResolver = resolver;
            return this;
        }

        /**
         * The trace columns ({@code trace_id}, {@code span_id}, {@code trace_flags}, {@code xray_trace_id}) as the
         * {@code traceContext}, {@code traceIdKey}, {@code spanIdKey} and {@code traceFlagsKey} options say: on
         * unless {@code enabled} is {@code false}; blank keys keep the OpenTelemetry agent's names.
         *
         * @throws IllegalArgumentException when {@code enabled} is not true or false
         */
        public Builder<E> traceContext(String enabled, String traceIdKey, String spanIdKey, String traceFlagsKey) {
            String t = enabled == null ? "" : enabled.trim();
            if (!t.isEmpty() && !t.equalsIgnoreCase("true") && !t.equalsIgnoreCase("false")) {
                throw new IllegalArgumentException("traceContext=" + t + " is not true or false");
            }
            this.traceKeys = t.equalsIgnoreCase("false") ? null : TraceKeys.of(traceIdKey, spanIdKey, traceFlagsKey);
            return this;
        }

        /**
         * The process environment the trace capture reads {@code _X_AMZN_TRACE_ID} from (once); empty by default.
         */
        public Builder<E> processEnvironment(Map<String, String> environment) {
            this.processEnvironment = environment == null ? Collections.<String, String>emptyMap() : environment;
            return this;
        }

        /**
         * The {@code promotedMdcKeys} option: comma-separated MDC keys written as top-level string fields.
         *
         * @throws IllegalArgumentException naming each key that cannot be a column, and why
         */
        public Builder<E> promotedMdcKeys(String keys) {
            this.promotedMdcKeys = PromotedMdcKeys.parse(keys);
            return this;
        }

        public JsonLineEncoder<E> build() {
            return new JsonLineEncoder<>(this);
        }

        private static String blankToNull(String s) {
            return s == null || s.trim().isEmpty() ? null : s.trim();
        }
    }
}
