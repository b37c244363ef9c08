package io.github.firehoseappender.core.json;

import io.github.firehoseappender.core.EventEncoder;
import io.github.firehoseappender.core.context.RuntimeContext;
import io.github.firehoseappender.core.context.RuntimeContextResolver;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToIntFunction;

/**
 * The project's JSON schema ({@link LogSchema}) for any framework's events, read through a {@link LogEventAccessor}.
 * Both adapters use it, so Logback and Log4j2 write the same lines. Encoding runs on the sender thread.
 *
 * <p>An event too large for a Firehose record is rewritten with its largest fields shortened (stack trace, then
 * message, then MDC, markers, names) and {@code "truncated":true}; the line stays valid JSON.
 */
public final class JsonLineEncoder<E> implements EventEncoder<E> {
    private static final int UNLIMITED = Integer.MAX_VALUE;

    private final LogEventAccessor<E> accessor;
    private final ToIntFunction<E> sizeEstimator;
    private final String service;
    private final String environment;
    private final String host;
    private final RuntimeContextResolver contextResolver;
    private RuntimeContext context;
    private final String eventIdPrefix;
    private final AtomicLong eventCounter = new AtomicLong();
    private final JsonLineWriter writer = new JsonLineWriter();
    private final EventTimeText eventTime = new EventTimeText();

    private JsonLineEncoder(Builder<E> b) {
        this.accessor = b.accessor;
        this.sizeEstimator = b.sizeEstimator;
        this.service = b.service;
        this.environment = b.environment;
        this.host = b.host;
        this.contextResolver = b.contextResolver;
        // Random per encoder instance + a counter: unique per event without a UUID per event.
        this.eventIdPrefix = Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE) + "-";
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

    @Override
    public synchronized byte[] encode(E event) {
        return write(event, nextEventId(), FieldLimits.NONE, false);
    }

    @Override
    public synchronized byte[] encodeTruncated(E event, int maxBytes) {
        String eventId = nextEventId();
        FieldLimits limits = FieldLimits.NONE;
        byte[] line = write(event, eventId, limits, true);
        // Each round cuts the largest field by at least the excess (a char is at least one byte), so it ends fast.
        for (int round = 0; line.length > maxBytes && round < 64; round++) {
            limits = limits.shrink(line.length - maxBytes + 32, length(accessor.stackTrace(event)),
                    Math.max(length(accessor.message(event)), length(accessor.exceptionMessage(event))),
                    accessor.mdc(event).size(), accessor.markers(event).size(),
                    Math.max(length(accessor.logger(event)), length(accessor.thread(event))));
            line = write(event, eventId, limits, true);
        }
        return line.length <= maxBytes ? line : OversizedLine.wrapPrefix(line, maxBytes);
    }

    /**
     * What the buffered event retains, as the adapter's estimator says. The runtime context is not part of it: it is
     * shared, and added only to the encoded line, whose real length the sender counts against the same bound.
     */
    @Override
    public int estimateSize(E event) {
        return sizeEstimator.applyAsInt(event);
    }

    private String nextEventId() {
        return eventIdPrefix + Long.toHexString(eventCounter.incrementAndGet());
    }

    private byte[] write(E event, String eventId, FieldLimits limits, boolean truncated) {
        JsonLineWriter w = writer;
        w.begin();
        w.field(LogSchema.EVENT_TIME, eventTime.format(accessor.epochMillis(event)), UNLIMITED);
        w.field(LogSchema.LEVEL, accessor.level(event), UNLIMITED);
        w.field(LogSchema.LOGGER, accessor.logger(event), limits.names);
        w.field(LogSchema.THREAD, accessor.thread(event), limits.names);
        w.field(LogSchema.MESSAGE, nullToEmpty(accessor.message(event)), limits.message);
        w.mdc(LogSchema.MDC, accessor.mdc(event), limits.mdcEntries, limits.mdcValue);
        List<String> markers = accessor.markers(event);
        if (!markers.isEmpty()) {
            w.stringArray(LogSchema.MARKERS, markers, limits.markers);
        }
        String exceptionClass = accessor.exceptionClass(event);
        if (exceptionClass != null) {
            w.beginObject(LogSchema.EXCEPTION);
            w.field(LogSchema.EXCEPTION_CLASS, exceptionClass, Math.max(limits.names, 256));
            w.field(LogSchema.EXCEPTION_MESSAGE, accessor.exceptionMessage(event), limits.message);
            w.field(LogSchema.EXCEPTION_STACK_TRACE, accessor.stackTrace(event), limits.stackTrace);
            w.endObject();
        }
        w.field(LogSchema.EVENT_ID, eventId, UNLIMITED);
        w.field(LogSchema.SERVICE, service, UNLIMITED);
        w.field(LogSchema.ENVIRONMENT, environment, UNLIMITED);
        w.field(LogSchema.HOST, host, UNLIMITED);
        RuntimeContext aws = runtimeContext();
        List<RuntimeContext.Field> awsFields = aws.fields();
        for (int i = 0; i < awsFields.size(); i++) {
            RuntimeContext.Field f = awsFields.get(i);
            if (f.isNumber()) {
                w.number(f.name(), f.value());
            } else {
                w.field(f.name(), f.value(), UNLIMITED);
            }
        }
        if (aws.requestIdMdcKey() != null) {
            w.field(LogSchema.AWS_REQUEST_ID, accessor.mdc(event).get(aws.requestIdMdcKey()), limits.names);
        }
        if (truncated) {
            w.field(LogSchema.TRUNCATED, true);
        }
        return w.end();
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
            context = current;
        }
        return current;
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

        public JsonLineEncoder<E> build() {
            return new JsonLineEncoder<>(this);
        }

        private static String blankToNull(String s) {
            return s == null || s.trim().isEmpty() ? null : s.trim();
        }
    }
}
