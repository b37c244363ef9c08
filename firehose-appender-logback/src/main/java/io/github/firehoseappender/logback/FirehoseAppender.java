package io.github.firehoseappender.logback;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.AsyncAppenderBase;
import ch.qos.logback.core.Context;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.spi.FilterReply;
import ch.qos.logback.core.spi.AppenderAttachable;
import io.github.firehoseappender.core.EventEncoder;
import io.github.firehoseappender.core.FirehoseDelivery;
import io.github.firehoseappender.core.FlushResult;
import io.github.firehoseappender.core.SpringBootShutdown;
import io.github.firehoseappender.core.config.DeliveryConfig;
import io.github.firehoseappender.core.config.InvalidConfigException;
import io.github.firehoseappender.core.json.JsonLineEncoder;
import io.github.firehoseappender.core.trace.TraceCapture;
import io.github.firehoseappender.core.stats.LossNotice;
import io.github.firehoseappender.core.stats.DeliveryStats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;

/**
 * Ships Logback events to an Amazon Data Firehose delivery stream, in batches, from a background thread.
 *
 * <pre>{@code
 * <appender name="FIREHOSE" class="io.github.firehoseappender.logback.FirehoseAppender">
 *   <deliveryStream>${FIREHOSE_DELIVERY_STREAM}</deliveryStream>   <!-- or leave it to the environment -->
 *   <service>orders</service>
 *   <runtimeContext>auto</runtimeContext>   <!-- ECS task / EC2 instance / Lambda function fields; "off" for none -->
 * </appender>
 * }</pre>
 *
 * <p>A translation layer only: every option maps 1:1 onto {@link DeliveryConfig}; buffering, packing, retries and
 * JSON live in the core. On the application thread {@link #append} makes the event safe to keep (a
 * {@link BufferedLoggingEvent}: message formatted, MDC taken, no arguments) and hands it over; nothing else happens
 * there.
 */
public class FirehoseAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {
    /** The key under which Spring Boot's LogbackLoggingSystem marks a context it initialised (and stops at exit). */
    static final String SPRING_BOOT_LOGGING_SYSTEM = "org.springframework.boot.logging.LoggingSystem";
    private final DeliveryConfig.Builder config = DeliveryConfig.builder();
    private final JsonEncoderSettings json = new JsonEncoderSettings();
    private Encoder<ILoggingEvent> encoder;
    private Duration shutdownTimeout = DeliveryConfig.DEFAULT_SHUTDOWN_TIMEOUT;
    private volatile FirehoseDelivery<ILoggingEvent> delivery;
    /** Whether the encoder renders caller data, which only the logging thread can compute. */
    private volatile boolean callerDataNeeded;
    /** What the default JSON encoder's trace columns need taken on the logging thread; null with a custom encoder. */
    private volatile TraceCapture traceCapture;

    @Override
    public void start() {
        if (isStarted()) {
            return;
        }
        List<String> problems = new ArrayList<>();
        DeliveryConfig built = null;
        try {
            built = config.name(getName()).build();
        } catch (InvalidConfigException e) {
            problems.addAll(e.problems());
        }
        EventEncoder<ILoggingEvent> lines = null;
        TraceCapture capture = null;
        if (encoder == null) {
            try {
                JsonLineEncoder<ILoggingEvent> jsonLines = json.build(new LogbackStatusReporter(this));
                capture = jsonLines.traceCapture();
                lines = jsonLines;
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            // WARN, not ERROR: Spring Boot refuses to start on any ERROR status, and a logging appender's
            // configuration must never stop the application. The stderr line makes it visible without a listener.
            for (String problem : problems) {
                addWarn("Appender [" + getName() + "]: " + problem);
            }
            addWarn("Appender [" + getName() + "] not started: fix the configuration above");
            LossNotice.notStarted(getName(), problems);
            return;
        }
        if (encoder != null) {
            if (!encoder.isStarted()) {
                encoder.start();
            }
            lines = new LogbackEncoderLines(encoder);
        }
        callerDataNeeded = encoder != null && CallerDataUse.of(encoder);
        traceCapture = capture;
        try {
            delivery = FirehoseDelivery.start(built, lines, new LogbackStatusReporter(this));
        } catch (RuntimeException e) {
            addWarn("Appender [" + getName() + "] could not start delivery to " + built.deliveryStream(), e);
            LossNotice.notStarted(getName(),
                    List.of("could not start delivery to " + built.deliveryStream() + ": " + e));
            stopEncoder();
            return;
        }
        shutdownTimeout = built.shutdownTimeout();
        // At JVM exit, let Logback's <shutdownHook/> or Spring Boot stop us with the context, after the lines they and
        // the application log while shutting down, instead of our own hook racing them.
        delivery.deferShutdownTo(this::frameworkStopsAtExit);
        addInfo("Appender [" + getName() + "] ships to Firehose stream " + built.deliveryStream()
                + (built.roleArn() == null ? "" : " through role " + built.roleArn()));
        super.start();
    }

    /**
     * True when the context has Logback's shutdown hook or Spring Boot's logging system, or Spring Boot's shutdown
     * hook is running (it removes its mark from the context when the application context starts closing): they stop
     * the context at exit, after the lines logged while shutting down.
     */
    private boolean frameworkStopsAtExit() {
        Context context = getContext();
        return context != null && (context.getObject(CoreConstants.SHUTDOWN_HOOK_THREAD) != null
                || context.getObject(SPRING_BOOT_LOGGING_SYSTEM) != null) || SpringBootShutdown.inProgressAtExit();
    }

    /**
     * Logback's own, except after stop: Logback would only warn "Attempted to append to non started appender" (a few
     * times) and lose the event uncounted; once a delivery has existed, such an event is counted as appended and
     * dropped (NOT_RUNNING), without formatting it. Flush marks are taken here, never shipped.
     */
    @Override
    public void doAppend(ILoggingEvent event) {
        if (event instanceof HandOverMark) {
            ((HandOverMark) event).arrivedAt(this);
            return;
        }
        FirehoseDelivery<ILoggingEvent> current = delivery;
        if (!isStarted() && current != null) {
            // Our own filters still decide, and the event is made safe to keep as on the started path.
            if (getFilterChainDecision(event) != FilterReply.DENY) {
                append(event);
            }
            return;
        }
        super.doAppend(event);
    }

    @Override
    protected void append(ILoggingEvent event) {
        // The SDK logs through SLF4J on our sender thread: never ship our own machinery's events back into us. The
        // core refuses them (counted as ignoredInternal) before touching the event, so none is prepared. Behind an
        // AsyncAppender they reach us on its worker: the event's thread name tells them apart.
        if (FirehoseDelivery.isInternalThread()) {
            delivery.append(event);
            return;
        }
        if (delivery.ignoredAsInternal(event.getThreadName())) {
            return;
        }
        if (delivery.dropIfFull()) {
            return; // counted; under overload, formatting and copying an event that is dropped anyway costs most
        }
        // Caller data can only be computed on the thread that logged; a wrapper may have taken it already.
        boolean loggingThread = onLoggingThread(event);
        boolean callerData = callerDataNeeded && (event.hasCallerData() || loggingThread);
        // Keep only what encoding needs: not the caller's arguments, not the throwable (what they retain is unbounded).
        ILoggingEvent kept;
        try {
            kept = BufferedLoggingEvent.of(event, callerData, traceCapture, loggingThread);
        } catch (RuntimeException e) {
            // An argument whose toString() throws, say: never thrown (doAppend's late path has no catch around us);
            // counted and reported (rate-limited) by the core.
            delivery.appendFailed(event.getLoggerName(), e);
            return;
        }
        delivery.append(kept);
    }

    /**
     * True unless the event was handed over by another thread (an AsyncAppender's worker, always named): an unnamed
     * thread (a virtual thread, which Logback names "virtual-" + id in the event) can only be the logging thread.
     */
    private static boolean onLoggingThread(ILoggingEvent event) {
        String current = Thread.currentThread().getName();
        return current.isEmpty() || current.equals(event.getThreadName());
    }

    /**
     * Delivers everything appended so far, waiting at most {@code timeout}; call it before a Lambda handler
     * returns so no log of one invocation waits for the next.
     */
    public FlushResult flush(Duration timeout) {
        FirehoseDelivery<ILoggingEvent> current = delivery;
        return current == null ? FlushResult.completed() : current.flush(timeout);
    }

    /**
     * Flushes every started FirehoseAppender of this context, also those behind wrappers ({@code AsyncAppender}, any
     * {@code AppenderAttachable}, nested): first, within the same deadline, each wrapper hands over what was queued in
     * it before this call, then each FirehoseAppender delivers what it holds.
     *
     * <p>A wrapper holding only FirehoseAppenders (and wrappers of them) is sent a {@link HandOverMark}: its worker
     * hands events over in queue order, so the mark's arrival proves every earlier event arrived, however much others
     * keep logging. Logback's AsyncAppender takes a single appender, so that is the usual case. A wrapper that also
     * feeds other appenders (a custom {@code AppenderAttachable}, or an AsyncAppender in front of one) cannot be sent
     * a mark (they would print it): for it the wait ends when its queue is seen empty, which under a steady stream of
     * new events may only happen at the deadline, and an event its worker has taken but not yet passed on may be
     * missed. A mark the wrapper refuses (a
     * filter on it that denies an ERROR event, a full queue with {@code neverBlock}) makes the wait last until the
     * deadline; the result then counts what the wrapper still holds as pending.
     */
    public static FlushResult flushAll(LoggerContext context, Duration timeout) {
        long deadline = System.nanoTime() + FirehoseDelivery.nanos(timeout);
        Set<FirehoseAppender> ours = new LinkedHashSet<>();
        Map<Appender<ILoggingEvent>, Set<FirehoseAppender>> wrappers = new IdentityHashMap<>();
        for (Logger logger : context.getLoggerList()) {
            for (Iterator<Appender<ILoggingEvent>> it = logger.iteratorForAppenders(); it.hasNext(); ) {
                Appender<ILoggingEvent> appender = it.next();
                if (appender instanceof AppenderAttachable && appender.isStarted() && !wrappers.containsKey(appender)) {
                    Set<FirehoseAppender> behind = new LinkedHashSet<>();
                    boolean onlyOurs = collect(appender, behind, Collections.newSetFromMap(new IdentityHashMap<>()));
                    if (!behind.isEmpty()) {
                        wrappers.put(appender, onlyOurs ? behind : Collections.<FirehoseAppender>emptySet());
                        ours.addAll(behind);
                    }
                } else if (appender instanceof FirehoseAppender && appender.isStarted()) {
                    ours.add((FirehoseAppender) appender);
                }
            }
        }
        long pending = 0;
        for (Map.Entry<Appender<ILoggingEvent>, Set<FirehoseAppender>> wrapper : wrappers.entrySet()) {
            pending += awaitHandOver(wrapper.getKey(), wrapper.getValue(), context, deadline);
        }
        for (FirehoseAppender appender : ours) {
            pending += appender.flush(Duration.ofNanos(Math.max(0, deadline - System.nanoTime()))).pendingEvents();
        }
        return pending == 0 ? FlushResult.completed() : FlushResult.timedOut(pending);
    }

    /** Adds the started FirehoseAppenders behind {@code wrapper}; true when nothing else is behind it. */
    @SuppressWarnings("unchecked")
    private static boolean collect(Appender<ILoggingEvent> wrapper, Set<FirehoseAppender> found,
                                   Set<Appender<ILoggingEvent>> seen) {
        if (!seen.add(wrapper)) {
            return true;
        }
        boolean onlyOurs = true;
        Iterator<Appender<ILoggingEvent>> it = ((AppenderAttachable<ILoggingEvent>) wrapper).iteratorForAppenders();
        while (it.hasNext()) {
            Appender<ILoggingEvent> inner = it.next();
            if (inner instanceof FirehoseAppender) {
                if (inner.isStarted()) {
                    found.add((FirehoseAppender) inner);
                }
            } else if (inner instanceof AppenderAttachable) {
                onlyOurs &= collect(inner, found, seen);
            } else {
                onlyOurs = false;
            }
        }
        return onlyOurs;
    }

    /** Waits until the wrapper has handed over what it held at the call; returns what it still holds if not. */
    private static long awaitHandOver(Appender<ILoggingEvent> wrapper, Set<FirehoseAppender> marked,
                                      LoggerContext context, long deadline) {
        if (!marked.isEmpty()) {
            HandOverMark mark = new HandOverMark(marked, context.getLoggerContextRemoteView());
            wrapper.doAppend(mark);
            if (mark.await(deadline)) {
                return 0;
            }
        } else if (wrapper instanceof AsyncAppenderBase) {
            AsyncAppenderBase<ILoggingEvent> async = (AsyncAppenderBase<ILoggingEvent>) wrapper;
            while (async.getNumberOfElementsInQueue() > 0 && deadline - System.nanoTime() > 0) {
                // The queue gives no signal to wait on; flushAll is rare (once per Lambda invocation).
                LockSupport.parkNanos(Math.min(1_000_000L, Math.max(0, deadline - System.nanoTime())));
            }
        }
        return wrapper instanceof AsyncAppenderBase
                ? ((AsyncAppenderBase<ILoggingEvent>) wrapper).getNumberOfElementsInQueue() : 0;
    }

    /** Counters of this appender (also published over JMX); null before start. */
    public DeliveryStats getStats() {
        FirehoseDelivery<ILoggingEvent> current = delivery;
        return current == null ? null : current.stats();
    }

    @Override
    public void stop() {
        if (!isStarted()) {
            return;
        }
        super.stop();
        if (SpringBootShutdown.inProgress() && getContext().getObject(CoreConstants.SHUTDOWN_HOOK_THREAD) != null) {
            addWarn("Appender [" + getName() + "] stopped by Logback's <shutdownHook/> while Spring Boot was still "
                    + "closing the application: lines its beans log while closing are lost (counted NOT_RUNNING). "
                    + "Remove <shutdownHook/> from the Logback configuration: Spring Boot stops logging itself, last");
        }
        // Logback's LoggerContext.stop() gives appenders no timeout: ours bounds the wait. The core reports an
        // undelivered stop on the status channel itself (once), so nothing is added here.
        delivery.stop(shutdownTimeout);
        stopEncoder();
    }

    /** The encoder is ours to stop once nothing encodes with it any more (the sender has finished). */
    private void stopEncoder() {
        if (encoder != null && encoder.isStarted()) {
            encoder.stop();
        }
    }

    // Options: one setter per DeliveryConfig.PROPERTY_NAMES entry, text parsed by the core.
    public void setDeliveryStream(String v) { config.property("deliveryStream", v); }
    public void setRoleArn(String v) { config.property("roleArn", v); }
    public void setExternalId(String v) { config.property("externalId", v); }
    public void setRoleSessionName(String v) { config.property("roleSessionName", v); }
    public void setRegion(String v) { config.property("region", v); }
    public void setStsRegion(String v) { config.property("stsRegion", v); }
    public void setEndpoint(String v) { config.property("endpoint", v); }
    public void setStsEndpoint(String v) { config.property("stsEndpoint", v); }
    public void setMaxBatchDelay(String v) { config.property("maxBatchDelay", v); }
    public void setBufferSize(String v) { config.property("bufferSize", v); }
    public void setBufferEvents(String v) { config.property("bufferEvents", v); }
    public void setOverflowPolicy(String v) { config.property("overflowPolicy", v); }
    public void setBlockTimeout(String v) { config.property("blockTimeout", v); }
    public void setAggregation(String v) { config.property("aggregation", v); }
    public void setMaxRecordBytes(String v) { config.property("maxRecordBytes", v); }
    public void setMaxBatchRecords(String v) { config.property("maxBatchRecords", v); }
    public void setMaxBatchBytes(String v) { config.property("maxBatchBytes", v); }
    public void setRetryTimeout(String v) { config.property("retryTimeout", v); }
    public void setMaxAttempts(String v) { config.property("maxAttempts", v); }
    public void setInitialBackoff(String v) { config.property("initialBackoff", v); }
    public void setMaxBackoff(String v) { config.property("maxBackoff", v); }
    public void setNonRetryableBackoff(String v) { config.property("nonRetryableBackoff", v); }
    public void setRequestTimeout(String v) { config.property("requestTimeout", v); }
    public void setShutdownHook(String v) { config.property("shutdownHook", v); }
    public void setShutdownTimeout(String v) { config.property("shutdownTimeout", v); }
    public void setJmx(String v) { config.property("jmx", v); }
    public void setStderrNotices(String v) { config.property("stderrNotices", v); }
    public void setMaxRecordEvents(String v) { config.property("maxRecordEvents", v); }
    public void setMaxBytesPerSecond(String v) { config.property("maxBytesPerSecond", v); }
    public void setMaxCallsPerSecond(String v) { config.property("maxCallsPerSecond", v); }
    public void setWire(String v) { config.property("wire", v); }
    public void setSpoolDirectory(String v) { config.property("spoolDirectory", v); }
    public void setSpoolSize(String v) { config.property("spoolSize", v); }
    public void setSpoolSync(String v) { config.property("spoolSync", v); }
    public void setSpoolOverflow(String v) { config.property("spoolOverflow", v); }

    // Fields of the default JSON encoder (ignored when a custom encoder is set).
    public void setService(String v) { json.service(v); }
    public void setEnvironment(String v) { json.environment(v); }
    public void setIncludeHost(String v) { json.includeHost(v); }
    /** AWS fields in every event: {@code auto} (default), {@code off}, or a list of {@code ecs}, {@code ec2}, {@code lambda}. */
    public void setRuntimeContext(String v) { json.runtimeContext(v); }
    /** Trace columns from the MDC, the current OpenTelemetry span and the X-Ray header: {@code true} (default) or {@code false}. */
    public void setTraceContext(String v) { json.traceContext(v); }
    /** MDC key of {@code trace_id}; {@code trace_id} (the OpenTelemetry agent's) by default. */
    public void setTraceIdKey(String v) { json.traceIdKey(v); }
    /** MDC key of {@code span_id}; {@code span_id} by default. */
    public void setSpanIdKey(String v) { json.spanIdKey(v); }
    /** MDC key of {@code trace_flags}; {@code trace_flags} by default. */
    public void setTraceFlagsKey(String v) { json.traceFlagsKey(v); }
    /** Comma-separated MDC keys written as top-level columns (snake_case, not Athena reserved words). */
    public void setPromotedMdcKeys(String v) { json.promotedMdcKeys(v); }
    /** For tests and embedders: the environment the runtime context reads; {@code System.getenv()} by default. */
    public void setRuntimeContextEnvironment(Map<String, String> v) { json.runtimeContextEnvironment(v); }

    /** Any Logback encoder; the default writes the project's JSON schema. */
    public void setEncoder(Encoder<ILoggingEvent> encoder) { this.encoder = encoder; }

    /** For programmatic use and tests: settings no XML can express (credentials, environment). */
    public DeliveryConfig.Builder getConfigBuilder() { return config; }
}
