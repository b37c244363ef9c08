package io.github.firehoseappender.log4j2;

import io.github.firehoseappender.core.EventEncoder;
import io.github.firehoseappender.core.FirehoseDelivery;
import io.github.firehoseappender.core.FlushResult;
import io.github.firehoseappender.core.SpringBootShutdown;
import io.github.firehoseappender.core.config.DeliveryConfig;
import io.github.firehoseappender.core.config.InvalidConfigException;
import io.github.firehoseappender.core.stats.LossNotice;
import io.github.firehoseappender.core.context.RuntimeContextResolver;
import io.github.firehoseappender.core.json.JsonLineEncoder;
import io.github.firehoseappender.core.json.LocalHostName;
import io.github.firehoseappender.core.stats.DeliveryStats;
import io.github.firehoseappender.core.trace.TraceCapture;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.Core;
import org.apache.logging.log4j.core.Filter;
import org.apache.logging.log4j.core.Layout;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.Property;
import org.apache.logging.log4j.core.config.plugins.Plugin;
import org.apache.logging.log4j.core.config.plugins.PluginBuilderAttribute;
import org.apache.logging.log4j.core.config.plugins.PluginBuilderFactory;
import org.apache.logging.log4j.core.impl.Log4jContextFactory;
import org.apache.logging.log4j.spi.LoggerContextFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * Ships Log4j2 events to an Amazon Data Firehose delivery stream, in batches, from a background thread.
 *
 * <pre>{@code
 * <Firehose name="FIREHOSE" deliveryStream="${env:FIREHOSE_DELIVERY_STREAM}" service="orders"/>
 * }</pre>
 *
 * <p>A translation layer only: every attribute maps 1:1 onto {@link DeliveryConfig}; buffering, packing, retries and
 * JSON live in the core. On the application thread {@link #append} makes the event safe to keep (an immutable copy
 * with its message formatted and its ThreadContext copied: async loggers and garbage-free mode reuse event objects)
 * and hands it over; nothing else happens there.
 */
@Plugin(name = "Firehose", category = Core.CATEGORY_NAME, elementType = Appender.ELEMENT_TYPE, printObject = true)
public final class FirehoseAppender extends AbstractAppender {
    /** The longest wait a flush takes, as the core's: no overflow in deadlines. */
    private static final Duration MAX_WAIT = Duration.ofDays(36_500);

    private final DeliveryConfig config;
    private final EventEncoder<LogEvent> lines;
    private final boolean customLayout;
    /** What the default layout's trace columns need taken on the logging thread; null with a custom layout. */
    private final TraceCapture traceCapture;
    private final LoggerContext loggerContext;
    private volatile FirehoseDelivery<LogEvent> delivery;

    FirehoseAppender(String name, Filter filter, Layout<? extends Serializable> layout, boolean ignoreExceptions,
                     Property[] properties, DeliveryConfig config, EventEncoder<LogEvent> lines,
                     LoggerContext loggerContext, TraceCapture traceCapture) {
        super(name, filter, layout, ignoreExceptions, properties);
        this.loggerContext = loggerContext;
        this.config = config;
        this.lines = lines;
        this.customLayout = layout != null;
        this.traceCapture = traceCapture;
    }

    @PluginBuilderFactory
    public static <B extends Builder<B>> B newBuilder() {
        return new Builder<B>().asBuilder();
    }

    @Override
    public void start() {
        if (isStarted()) {
            return;
        }
        setStarting();
        try {
            delivery = FirehoseDelivery.start(config, lines, new Log4j2StatusReporter(getName()));
        } catch (RuntimeException e) {
            // Stays stopped: Log4j2 reports appends to a non-started appender through its error handler.
            LOGGER.warn("Firehose appender [{}] could not start delivery to {}", getName(), config.deliveryStream(), e);
            LossNotice.notStarted(getName(), java.util.List.of("could not start delivery to " + config.deliveryStream()
                    + ": " + e));
            setStopped();
            return;
        }
        // Spring Boot turns Log4j2's own hook off and stops the context itself once the application context has
        // closed: at exit our hook waits for that instead of refusing what the beans log while closing.
        delivery.deferShutdownTo(SpringBootShutdown::inProgressAtExit);
        LOGGER.info("Firehose appender [{}] ships to Firehose stream {}{}", getName(), config.deliveryStream(),
                config.roleArn() == null ? "" : " through role " + config.roleArn());
        super.start();
    }

    @Override
    public void append(LogEvent event) {
        FirehoseDelivery<LogEvent> current = delivery;
        if (current == null) {
            return;
        }
        // The SDK logs through SLF4J on our sender thread: such events are refused (and counted as ignoredInternal)
        // by the core; checked first so they cost no copy. With async loggers they reach us on Log4j2's own thread,
        // so the thread that logged them is checked (and counted) too.
        if (FirehoseDelivery.isInternalThread()) {
            current.append(event);
            return;
        }
        if (current.ignoredAsInternal(event.getThreadId())) {
            return;
        }
        if (current.dropIfFull()) {
            return; // counted; under overload, copying an event that is dropped anyway costs most
        }
        LogEvent copy;
        try {
            copy = EventSnapshot.of(event, customLayout, traceCapture);
        } catch (RuntimeException e) {
            // A message whose formatting throws, say: never thrown; counted and reported (rate-limited) by the core.
            current.appendFailed(event.getLoggerName(), e);
            return;
        }
        current.append(copy);
    }

    /**
     * Delivers everything appended so far, waiting at most {@code timeout}; call it before a Lambda handler
     * returns so no log of one invocation waits for the next. A null or negative timeout waits not at all, a huge one
     * about a century, as the core's flush does.
     */
    public FlushResult flush(Duration timeout) {
        FirehoseDelivery<LogEvent> current = delivery;
        if (current == null) {
            return FlushResult.completed();
        }
        long deadline = System.nanoTime() + nanos(timeout);
        // Events still in an async logger's queue were logged before this call too: let them reach us first.
        AsyncLoggerQueues.awaitDrained(loggerContext, deadline);
        return current.flush(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
    }

    /** Flushes every started Firehose appender of this context's configuration within one shared deadline. */
    public static FlushResult flushAll(LoggerContext context, Duration timeout) {
        long deadline = System.nanoTime() + nanos(timeout);
        long pending = 0;
        for (Appender appender : context.getConfiguration().getAppenders().values()) {
            if (appender instanceof FirehoseAppender && appender.isStarted()) {
                Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
                pending += ((FirehoseAppender) appender).flush(left).pendingEvents();
            }
        }
        return pending == 0 ? FlushResult.completed() : FlushResult.timedOut(pending);
    }

    /** The timeout in nanoseconds as the core reads it: null or negative as zero, huge as about a century. */
    static long nanos(Duration timeout) {
        if (timeout == null || timeout.isNegative()) {
            return 0;
        }
        return timeout.compareTo(MAX_WAIT) > 0 ? MAX_WAIT.toNanos() : timeout.toNanos();
    }

    /** {@link #flushAll(LoggerContext, Duration)} for the context of the caller's class loader. */
    public static FlushResult flushAll(Duration timeout) {
        return flushAll(LoggerContext.getContext(false), timeout);
    }

    /** Counters of this appender (also published over JMX); null before start. */
    public DeliveryStats getStats() {
        FirehoseDelivery<LogEvent> current = delivery;
        return current == null ? null : current.stats();
    }

    /** The configuration this appender was built with (after environment fallbacks). */
    public DeliveryConfig getDeliveryConfig() {
        return config;
    }

    /**
     * Flushes, then closes the delivery. This appender's own {@code shutdownTimeout} bounds the wait unless the caller
     * passes a longer timeout: Log4j2 stops appenders with whatever small timeout its caller chose
     * ({@code LogManager.shutdown()}, {@code Configurator.shutdown}, {@code LoggerContext.stop()}, its shutdown hook),
     * or none, and cutting delivery short to that would drop every buffered event, as Log4j2's own
     * {@code AsyncAppender} does not.
     *
     * @return true when everything buffered was delivered (or counted) before the deadline
     */
    @Override
    public boolean stop(long timeout, TimeUnit timeUnit) {
        setStopping();
        boolean stopped = super.stop(timeout, timeUnit, false);
        FirehoseDelivery<LogEvent> current = delivery;
        boolean delivered = true;
        if (current != null) {
            Duration limit = stopLimit(timeout, timeUnit, config.shutdownTimeout());
            FlushResult result = current.stop(limit);
            delivered = result.isCompleted();
            if (!delivered) {
                LOGGER.warn("Firehose appender [{}] stopped (within at most {}) with {} events undelivered (counted as "
                        + "dropped)", getName(), limit, result.pendingEvents());
            }
        }
        setStopped();
        return stopped && delivered;
    }

    /** The longer of what the caller passed (zero or negative: nothing) and this appender's shutdownTimeout. */
    static Duration stopLimit(long timeout, TimeUnit timeUnit, Duration shutdownTimeout) {
        if (timeout <= 0 || timeUnit == null) {
            return shutdownTimeout;
        }
        Duration passed = Duration.ofNanos(timeUnit.toNanos(timeout)); // toNanos saturates, never overflows
        return passed.compareTo(shutdownTimeout) > 0 ? passed : shutdownTimeout;
    }

    /**
     * The {@code <Firehose>} element's attributes. Each core option is a String named as in
     * {@link DeliveryConfig#PROPERTY_NAMES} and parsed by the core, so log4j2.xml and logback.xml accept identical
     * values; every problem is reported to the {@code StatusLogger} and the appender is not created.
     */
    public static class Builder<B extends Builder<B>> extends AbstractAppender.Builder<B>
            implements org.apache.logging.log4j.core.util.Builder<FirehoseAppender> {
        @PluginBuilderAttribute private String deliveryStream;
        @PluginBuilderAttribute private String roleArn;
        @PluginBuilderAttribute private String externalId;
        @PluginBuilderAttribute private String roleSessionName;
        @PluginBuilderAttribute private String region;
        @PluginBuilderAttribute private String stsRegion;
        @PluginBuilderAttribute private String endpoint;
        @PluginBuilderAttribute private String stsEndpoint;
        @PluginBuilderAttribute private String maxBatchDelay;
        @PluginBuilderAttribute private String bufferSize;
        @PluginBuilderAttribute private String bufferEvents;
        @PluginBuilderAttribute private String overflowPolicy;
        @PluginBuilderAttribute private String blockTimeout;
        @PluginBuilderAttribute private String aggregation;
        @PluginBuilderAttribute private String maxRecordBytes;
        @PluginBuilderAttribute private String maxBatchRecords;
        @PluginBuilderAttribute private String maxBatchBytes;
        @PluginBuilderAttribute private String retryTimeout;
        @PluginBuilderAttribute private String maxAttempts;
        @PluginBuilderAttribute private String initialBackoff;
        @PluginBuilderAttribute private String maxBackoff;
        @PluginBuilderAttribute private String nonRetryableBackoff;
        @PluginBuilderAttribute private String requestTimeout;
        /** Unset: off while Log4j2's own shutdown hook stops the configuration (see README), else on. */
        @PluginBuilderAttribute private String shutdownHook;
        @PluginBuilderAttribute private String shutdownTimeout;
        @PluginBuilderAttribute private String jmx;
        @PluginBuilderAttribute private String stderrNotices;
        @PluginBuilderAttribute private String maxRecordEvents;
        @PluginBuilderAttribute private String maxBytesPerSecond;
        @PluginBuilderAttribute private String maxCallsPerSecond;
        @PluginBuilderAttribute private String wire;
        @PluginBuilderAttribute private String spoolDirectory;
        @PluginBuilderAttribute private String spoolSize;
        @PluginBuilderAttribute private String spoolSync;
        @PluginBuilderAttribute private String spoolOverflow;
        // Fields of the default JSON layout (ignored when a Layout element is given).
        @PluginBuilderAttribute private String service;
        @PluginBuilderAttribute private String environment;
        @PluginBuilderAttribute private String includeHost;
        /** AWS fields in every event: {@code auto} (default), {@code off}, or a list of ecs, ec2, lambda. */
        @PluginBuilderAttribute private String runtimeContext;
        /** Trace columns from the context data, the current OpenTelemetry span and the X-Ray header: true (default) or false. */
        @PluginBuilderAttribute private String traceContext;
        @PluginBuilderAttribute private String traceIdKey;
        @PluginBuilderAttribute private String spanIdKey;
        @PluginBuilderAttribute private String traceFlagsKey;
        /** Comma-separated ThreadContext keys written as top-level columns (snake_case, not Athena reserved words). */
        @PluginBuilderAttribute private String promotedMdcKeys;

        private Map<String, String> environmentVariables;
        private AwsCredentialsProvider credentialsProvider;

        // Setters for programmatic configuration, one per attribute (the plugin processor checks they exist).
        public B setDeliveryStream(String v) { this.deliveryStream = v; return asBuilder(); }
        public B setRoleArn(String v) { this.roleArn = v; return asBuilder(); }
        public B setExternalId(String v) { this.externalId = v; return asBuilder(); }
        public B setRoleSessionName(String v) { this.roleSessionName = v; return asBuilder(); }
        public B setRegion(String v) { this.region = v; return asBuilder(); }
        public B setStsRegion(String v) { this.stsRegion = v; return asBuilder(); }
        public B setEndpoint(String v) { this.endpoint = v; return asBuilder(); }
        public B setStsEndpoint(String v) { this.stsEndpoint = v; return asBuilder(); }
        public B setMaxBatchDelay(String v) { this.maxBatchDelay = v; return asBuilder(); }
        public B setBufferSize(String v) { this.bufferSize = v; return asBuilder(); }
        public B setBufferEvents(String v) { this.bufferEvents = v; return asBuilder(); }
        public B setOverflowPolicy(String v) { this.overflowPolicy = v; return asBuilder(); }
        public B setBlockTimeout(String v) { this.blockTimeout = v; return asBuilder(); }
        public B setAggregation(String v) { this.aggregation = v; return asBuilder(); }
        public B setMaxRecordBytes(String v) { this.maxRecordBytes = v; return asBuilder(); }
        public B setMaxBatchRecords(String v) { this.maxBatchRecords = v; return asBuilder(); }
        public B setMaxBatchBytes(String v) { this.maxBatchBytes = v; return asBuilder(); }
        public B setRetryTimeout(String v) { this.retryTimeout = v; return asBuilder(); }
        public B setMaxAttempts(String v) { this.maxAttempts = v; return asBuilder(); }
        public B setInitialBackoff(String v) { this.initialBackoff = v; return asBuilder(); }
        public B setMaxBackoff(String v) { this.maxBackoff = v; return asBuilder(); }
        public B setNonRetryableBackoff(String v) { this.nonRetryableBackoff = v; return asBuilder(); }
        public B setRequestTimeout(String v) { this.requestTimeout = v; return asBuilder(); }
        public B setShutdownHook(String v) { this.shutdownHook = v; return asBuilder(); }
        public B setShutdownTimeout(String v) { this.shutdownTimeout = v; return asBuilder(); }
        public B setJmx(String v) { this.jmx = v; return asBuilder(); }
        public B setStderrNotices(String v) { this.stderrNotices = v; return asBuilder(); }
        public B setMaxRecordEvents(String v) { this.maxRecordEvents = v; return asBuilder(); }
        public B setMaxBytesPerSecond(String v) { this.maxBytesPerSecond = v; return asBuilder(); }
        public B setMaxCallsPerSecond(String v) { this.maxCallsPerSecond = v; return asBuilder(); }
        public B setWire(String v) { this.wire = v; return asBuilder(); }
        public B setSpoolDirectory(String v) { this.spoolDirectory = v; return asBuilder(); }
        public B setSpoolSize(String v) { this.spoolSize = v; return asBuilder(); }
        public B setSpoolSync(String v) { this.spoolSync = v; return asBuilder(); }
        public B setSpoolOverflow(String v) { this.spoolOverflow = v; return asBuilder(); }

        public B setService(String v) { this.service = v; return asBuilder(); }
        public B setEnvironment(String v) { this.environment = v; return asBuilder(); }
        public B setIncludeHost(String v) { this.includeHost = v; return asBuilder(); }
        public B setRuntimeContext(String v) { this.runtimeContext = v; return asBuilder(); }
        public B setTraceContext(String v) { this.traceContext = v; return asBuilder(); }
        public B setTraceIdKey(String v) { this.traceIdKey = v; return asBuilder(); }
        public B setSpanIdKey(String v) { this.spanIdKey = v; return asBuilder(); }
        public B setTraceFlagsKey(String v) { this.traceFlagsKey = v; return asBuilder(); }
        public B setPromotedMdcKeys(String v) { this.promotedMdcKeys = v; return asBuilder(); }

        /**
         * The environment variables to fall back on, and the runtime context reads; {@code System.getenv()} unless a
         * test says otherwise.
         */
        public B setEnvironmentVariables(Map<String, String> v) { this.environmentVariables = v; return asBuilder(); }

        /** Credentials no XML can express; null means the SDK's default chain. */
        public B setCredentialsProvider(AwsCredentialsProvider v) { this.credentialsProvider = v; return asBuilder(); }

        @Override
        public FirehoseAppender build() {
            DeliveryConfig.Builder config = DeliveryConfig.builder().name(getName());
            if (environmentVariables != null) {
                config.environment(environmentVariables);
            }
            config.credentialsProvider(credentialsProvider);
            config.property("deliveryStream", deliveryStream);
            config.property("roleArn", roleArn);
            config.property("externalId", externalId);
            config.property("roleSessionName", roleSessionName);
            config.property("region", region);
            config.property("stsRegion", stsRegion);
            config.property("endpoint", endpoint);
            config.property("stsEndpoint", stsEndpoint);
            config.property("maxBatchDelay", maxBatchDelay);
            config.property("bufferSize", bufferSize);
            config.property("bufferEvents", bufferEvents);
            config.property("overflowPolicy", overflowPolicy);
            config.property("blockTimeout", blockTimeout);
            config.property("aggregation", aggregation);
            config.property("maxRecordBytes", maxRecordBytes);
            config.property("maxBatchRecords", maxBatchRecords);
            config.property("maxBatchBytes", maxBatchBytes);
            config.property("retryTimeout", retryTimeout);
            config.property("maxAttempts", maxAttempts);
            config.property("initialBackoff", initialBackoff);
            config.property("maxBackoff", maxBackoff);
            config.property("nonRetryableBackoff", nonRetryableBackoff);
            config.property("requestTimeout", requestTimeout);
            config.property("shutdownHook", shutdownHook);
            config.property("shutdownTimeout", shutdownTimeout);
            config.property("jmx", jmx);
            config.property("stderrNotices", stderrNotices);
            config.property("maxRecordEvents", maxRecordEvents);
            config.property("maxBytesPerSecond", maxBytesPerSecond);
            config.property("maxCallsPerSecond", maxCallsPerSecond);
            config.property("wire", wire);
            config.property("spoolDirectory", spoolDirectory);
            config.property("spoolSize", spoolSize);
            config.property("spoolSync", spoolSync);
            config.property("spoolOverflow", spoolOverflow);
            if (isBlank(shutdownHook) && log4jStopsUsAtExit(getConfiguration())) {
                // Log4j2's hook stops the configuration, hence this appender, after the application's last events;
                // ours would race it and refuse those events. One owner of shutdown: Log4j2's.
                config.shutdownHook(false);
            }
            List<String> problems = new ArrayList<>();
            DeliveryConfig built = null;
            try {
                built = config.build();
            } catch (InvalidConfigException e) {
                problems.addAll(e.problems());
            }
            Layout<? extends Serializable> layout = getLayout();
            EventEncoder<LogEvent> lines = null;
            TraceCapture capture = null;
            if (layout != null) {
                lines = new Log4j2LayoutLines(layout);
            } else {
                try {
                    JsonLineEncoder<LogEvent> json = jsonLines();
                    capture = json.traceCapture();
                    lines = json;
                } catch (IllegalArgumentException e) {
                    problems.add(e.getMessage());
                }
            }
            if (!problems.isEmpty()) {
                // WARN on the status channel (shown with status="warn"); the one line every user sees is on stderr.
                for (String problem : problems) {
                    LOGGER.warn("Firehose appender [{}]: {}", getName(), problem);
                }
                LOGGER.warn("Firehose appender [{}] not created: fix the configuration above", getName());
                LossNotice.notStarted(getName(), problems);
                return null;
            }
            Configuration configuration = getConfiguration();
            if (AsyncLoggerQueues.asyncLoggersOnDisruptor4(
                    configuration == null ? null : configuration.getLoggerContext(), configuration)) {
                LOGGER.warn("Firehose appender [{}]: Log4j2's async loggers run on Disruptor 4 here; when their ring"
                        + " buffer is full, Log4j 2.26 discards events before any appender sees them, uncounted. Use"
                        + " com.lmax:disruptor 3.4.4, or a ring large enough for your bursts"
                        + " (log4j2.asyncLoggerRingBufferSize)", getName());
            }
            return new FirehoseAppender(getName(), getFilter(), layout, isIgnoreExceptions(), getPropertyArray(),
                    built, lines, configuration == null ? null : configuration.getLoggerContext(), capture);
        }

        /** The default layout; @throws IllegalArgumentException when one of its options is not valid */
        private JsonLineEncoder<LogEvent> jsonLines() {
            Map<String, String> processEnvironment = environmentVariables == null ? System.getenv() : environmentVariables;
            RuntimeContextResolver context = RuntimeContextResolver.builder()
                    .sources(runtimeContext)
                    .environment(processEnvironment)
                    .status(new Log4j2StatusReporter(getName()))
                    .build();
            return JsonLineEncoder.builder(new Log4j2EventAccessor(), Log4j2EventSize::estimate)
                    .service(service)
                    .environment(environment)
                    .host(LocalHostName.forIncludeHost(includeHost))
                    .runtimeContext(context)
                    .traceContext(traceContext, traceIdKey, spanIdKey, traceFlagsKey)
                    .processEnvironment(processEnvironment)
                    .promotedMdcKeys(promotedMdcKeys)
                    .build();
        }

        /** True when Log4j2 registers its JVM shutdown hook for this configuration (the default outside web apps). */
        static boolean log4jStopsUsAtExit(Configuration configuration) {
            LoggerContextFactory factory = LogManager.getFactory();
            return configuration != null && configuration.isShutdownHookEnabled()
                    && factory instanceof Log4jContextFactory && ((Log4jContextFactory) factory).isShutdownHookEnabled();
        }

        private static boolean isBlank(String s) {
            return s == null || s.trim().isEmpty();
        }
    }
}
