package io.github.firehoseappender.springboot;

import io.github.firehoseappender.core.config.DeliveryConfig;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.BeanWrapper;
import org.springframework.beans.PropertyAccessorFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * The {@code firehose.*} properties: the appender's options under their kebab-case names
 * ({@code firehose.delivery-stream}, {@code firehose.max-batch-delay}, ...), so application.yml, system properties and
 * environment variables ({@code FIREHOSE_DELIVERY_STREAM}) all set them.
 *
 * <p>Every option is text, handed to the appender as logback.xml or log4j2.xml would hand it: the core parses and
 * checks it, so a value means the same, and a wrong one gets the same message, in all three places.
 */
@ConfigurationProperties(prefix = FirehoseProperties.PREFIX)
public class FirehoseProperties {
    public static final String PREFIX = "firehose";
    /** The options of the default JSON layout, beside {@link DeliveryConfig#PROPERTY_NAMES}. */
    public static final List<String> LAYOUT_OPTION_NAMES =
            List.of("service", "environment", "includeHost", "runtimeContext", "traceContext", "traceIdKey",
                    "spanIdKey", "traceFlagsKey", "promotedMdcKeys");

    /** Whether the starter adds the appender to the root logger; it also needs a delivery stream. */
    private boolean enabled = true;

    /** The appender's name: in the "[firehose-appender] NAME:" lines, its sender thread, JMX and meter tags. */
    private String name = "FIREHOSE";

    /**
     * The Firehose delivery stream's name, or several separated by commas (calls are spread over them); unset:
     * FIREHOSE_DELIVERY_STREAM. Without either, the starter adds no appender.
     */
    private String deliveryStream;

    /**
     * Role in the logging account to assume with STS; unset: FIREHOSE_ROLE_ARN; unset there too: the default
     * credentials sign.
     */
    private String roleArn;

    /** External id for AssumeRole; unset: FIREHOSE_EXTERNAL_ID. */
    private String externalId;

    /** STS session name, shown in the logging account's CloudTrail (default firehose-appender). */
    private String roleSessionName;

    /** Region of the stream; unset: FIREHOSE_REGION, else AWS_REGION, else the SDK's region chain. */
    private String region;

    /** Region of the STS endpoint (default: region). */
    private String stsRegion;

    /** Firehose endpoint override (firehose-local, VPC endpoints); unset: FIREHOSE_ENDPOINT. */
    private String endpoint;

    /** STS endpoint override; unset: FIREHOSE_STS_ENDPOINT. */
    private String stsEndpoint;

    /**
     * Longest an event waits before its batch is sent (default 1s); durations: 500ms, 1s,
     * 2m, ISO-8601 or milliseconds.
     */
    private String maxBatchDelay;

    /**
     * Memory bound of the buffer (default 64MiB, or a quarter of the max heap when less; min 1MiB);
     * sizes: 16MiB, 512KiB or bytes.
     */
    private String bufferSize;

    /** Bound of the buffer in events (default 100000). */
    private String bufferEvents;

    /**
     * When the buffer is full: DROP_NEWEST (default), DROP_OLDEST or BLOCK; every drop is
     * counted.
     */
    private String overflowPolicy;

    /** With BLOCK, how long logging may wait for room before dropping (default 100ms). */
    private String blockTimeout;

    /** Pack many JSON lines per Firehose record, billed per 5 KB record (default true). */
    private String aggregation;

    /** Record size limit (default and Firehose's maximum 1024000). */
    private String maxRecordBytes;

    /** Records per PutRecordBatch call (default and Firehose's maximum 500). */
    private String maxBatchRecords;

    /** Raw bytes per PutRecordBatch call (default 4000000). */
    private String maxBatchBytes;

    /** How long a record is retried before it is dropped and counted (default 5m). */
    private String retryTimeout;

    /** Attempts per record before it is dropped and counted (default 0: no limit but retryTimeout). */
    private String maxAttempts;

    /** First retry delay, doubled per attempt with full jitter (default 100ms). */
    private String initialBackoff;

    /** Retry delay cap (default 20s). */
    private String maxBackoff;

    /**
     * Pace of retries after errors that need a fix, such as an unknown stream or access denied (default 60s).
     */
    private String nonRetryableBackoff;

    /** Timeout of one HTTP attempt (default 10s). */
    private String requestTimeout;

    /**
     * Stop and flush the appender at JVM exit if Spring Boot has not (default true; it waits for Spring Boot's
     * own shutdown first).
     */
    private String shutdownHook;

    /** How long stopping may take to deliver what is buffered (default 10s). */
    private String shutdownTimeout;

    /**
     * Publish the counters as an MXBean io.github.firehoseappender:type=FirehoseAppender,name=NAME (default
     * true).
     */
    private String jmx;

    /**
     * Also print losses, persistent delivery failures and an undeliverable stop to stderr, as lines starting
     * "[firehose-appender] NAME:", at most one per cause per minute (default true).
     */
    private String stderrNotices;

    /**
     * Most events (lines) in one Firehose record, 0 for no limit but max-record-bytes; 500 when the logging account
     * partitions by service (dynamic partitioning deaggregates at most 500 per record).
     */
    private String maxRecordEvents;

    /** Client-side pacing: bytes per second sent to each stream, below its quota (default 0: off). */
    private String maxBytesPerSecond;

    /** Client-side pacing: PutRecordBatch calls per second to each stream (default 0: off). */
    private String maxCallsPerSecond;

    /**
     * How PutRecordBatch calls go on the wire: direct (default: the request body written by the appender, signed by
     * the SDK's SigV4 signer and sent by the SDK's HTTP client) or sdk (the SDK's Firehose client, the fallback for
     * this release).
     */
    private String wire;

    /**
     * A directory where calls wait on disk until Firehose has them, replayed after a restart or crash (default: none,
     * memory only). One process per directory.
     */
    private String spoolDirectory;

    /** The spool's bound on disk, such as 1GiB (default 1 GiB, at least 16 MiB). */
    private String spoolSize;

    /** When the spool forces its writes to the device: interval (every second, default) or batch (every call). */
    private String spoolSync;

    /** What a full spool gives up: dropOldest (its oldest segment, default) or dropNewest (the call being written). */
    private String spoolOverflow;

    /** Static service field added to every event. */
    private String service;

    /** Static environment field added to every event. */
    private String environment;

    /** Add the host field to every event (default false). */
    private String includeHost;

    /**
     * AWS runtime fields added to every event: auto (default: detect ECS, EC2, Lambda), off, or a list
     * such as ecs,lambda.
     */
    private String runtimeContext;

    /**
     * Trace columns (trace_id, span_id, trace_flags, xray_trace_id) from the MDC, the current OpenTelemetry span and
     * the X-Ray trace header (default true); false: none, and the trace keys stay in mdc.
     */
    private String traceContext;

    /** MDC key the trace_id column is read from (default trace_id, the OpenTelemetry agent's). */
    private String traceIdKey;

    /** MDC key the span_id column is read from (default span_id). */
    private String spanIdKey;

    /** MDC key the trace_flags column is read from (default trace_flags). */
    private String traceFlagsKey;

    /**
     * Comma-separated MDC keys written as top-level string columns (e.g. request_id,tenant): snake_case, at most 10,
     * not an Athena reserved word; deploy the logging account with the same PromotedMdcKeys.
     */
    private String promotedMdcKeys;

    private final Health health = new Health();

    public boolean isEnabled() { return enabled; }
    public void setEnabled(boolean enabled) { this.enabled = enabled; }
    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public Health getHealth() { return health; }

    public String getDeliveryStream() { return deliveryStream; }
    public void setDeliveryStream(String v) { this.deliveryStream = v; }

    public String getRoleArn() { return roleArn; }
    public void setRoleArn(String v) { this.roleArn = v; }

    public String getExternalId() { return externalId; }
    public void setExternalId(String v) { this.externalId = v; }

    public String getRoleSessionName() { return roleSessionName; }
    public void setRoleSessionName(String v) { this.roleSessionName = v; }

    public String getRegion() { return region; }
    public void setRegion(String v) { this.region = v; }

    public String getStsRegion() { return stsRegion; }
    public void setStsRegion(String v) { this.stsRegion = v; }

    public String getEndpoint() { return endpoint; }
    public void setEndpoint(String v) { this.endpoint = v; }

    public String getStsEndpoint() { return stsEndpoint; }
    public void setStsEndpoint(String v) { this.stsEndpoint = v; }

    public String getMaxBatchDelay() { return maxBatchDelay; }
    public void setMaxBatchDelay(String v) { this.maxBatchDelay = v; }

    public String getBufferSize() { return bufferSize; }
    public void setBufferSize(String v) { this.bufferSize = v; }

    public String getBufferEvents() { return bufferEvents; }
    public void setBufferEvents(String v) { this.bufferEvents = v; }

    public String getOverflowPolicy() { return overflowPolicy; }
    public void setOverflowPolicy(String v) { this.overflowPolicy = v; }

    public String getBlockTimeout() { return blockTimeout; }
    public void setBlockTimeout(String v) { this.blockTimeout = v; }

    public String getAggregation() { return aggregation; }
    public void setAggregation(String v) { this.aggregation = v; }

    public String getMaxRecordBytes() { return maxRecordBytes; }
    public void setMaxRecordBytes(String v) { this.maxRecordBytes = v; }

    public String getMaxBatchRecords() { return maxBatchRecords; }
    public void setMaxBatchRecords(String v) { this.maxBatchRecords = v; }

    public String getMaxBatchBytes() { return maxBatchBytes; }
    public void setMaxBatchBytes(String v) { this.maxBatchBytes = v; }

    public String getRetryTimeout() { return retryTimeout; }
    public void setRetryTimeout(String v) { this.retryTimeout = v; }

    public String getMaxAttempts() { return maxAttempts; }
    public void setMaxAttempts(String v) { this.maxAttempts = v; }

    public String getInitialBackoff() { return initialBackoff; }
    public void setInitialBackoff(String v) { this.initialBackoff = v; }

    public String getMaxBackoff() { return maxBackoff; }
    public void setMaxBackoff(String v) { this.maxBackoff = v; }

    public String getNonRetryableBackoff() { return nonRetryableBackoff; }
    public void setNonRetryableBackoff(String v) { this.nonRetryableBackoff = v; }

    public String getRequestTimeout() { return requestTimeout; }
    public void setRequestTimeout(String v) { this.requestTimeout = v; }

    public String getShutdownHook() { return shutdownHook; }
    public void setShutdownHook(String v) { this.shutdownHook = v; }

    public String getShutdownTimeout() { return shutdownTimeout; }
    public void setShutdownTimeout(String v) { this.shutdownTimeout = v; }

    public String getJmx() { return jmx; }
    public void setJmx(String v) { this.jmx = v; }

    public String getStderrNotices() { return stderrNotices; }
    public void setStderrNotices(String v) { this.stderrNotices = v; }

    public String getMaxRecordEvents() { return maxRecordEvents; }
    public void setMaxRecordEvents(String v) { this.maxRecordEvents = v; }

    public String getMaxBytesPerSecond() { return maxBytesPerSecond; }
    public void setMaxBytesPerSecond(String v) { this.maxBytesPerSecond = v; }

    public String getMaxCallsPerSecond() { return maxCallsPerSecond; }
    public void setMaxCallsPerSecond(String v) { this.maxCallsPerSecond = v; }
    public String getWire() { return wire; }
    public void setWire(String v) { this.wire = v; }
    public String getSpoolDirectory() { return spoolDirectory; }
    public void setSpoolDirectory(String v) { this.spoolDirectory = v; }
    public String getSpoolSize() { return spoolSize; }
    public void setSpoolSize(String v) { this.spoolSize = v; }
    public String getSpoolSync() { return spoolSync; }
    public void setSpoolSync(String v) { this.spoolSync = v; }
    public String getSpoolOverflow() { return spoolOverflow; }
    public void setSpoolOverflow(String v) { this.spoolOverflow = v; }

    public String getService() { return service; }
    public void setService(String v) { this.service = v; }

    public String getEnvironment() { return environment; }
    public void setEnvironment(String v) { this.environment = v; }

    public String getIncludeHost() { return includeHost; }
    public void setIncludeHost(String v) { this.includeHost = v; }

    public String getRuntimeContext() { return runtimeContext; }
    public void setRuntimeContext(String v) { this.runtimeContext = v; }

    public String getTraceContext() { return traceContext; }
    public void setTraceContext(String v) { this.traceContext = v; }

    public String getTraceIdKey() { return traceIdKey; }
    public void setTraceIdKey(String v) { this.traceIdKey = v; }

    public String getSpanIdKey() { return spanIdKey; }
    public void setSpanIdKey(String v) { this.spanIdKey = v; }

    public String getTraceFlagsKey() { return traceFlagsKey; }
    public void setTraceFlagsKey(String v) { this.traceFlagsKey = v; }

    public String getPromotedMdcKeys() { return promotedMdcKeys; }
    public void setPromotedMdcKeys(String v) { this.promotedMdcKeys = v; }

    /**
     * The {@code firehose.*} properties of {@code environment}, relaxed binding included.
     *
     * @throws BindException when one cannot be converted ({@code firehose.enabled=maybe}); options are text and
     *         always bind
     */
    static FirehoseProperties bind(Environment environment) {
        return Binder.get(environment).bind(PREFIX, FirehoseProperties.class).orElseGet(FirehoseProperties::new);
    }

    /**
     * The options that are set, by their names in logback.xml and log4j2.xml: {@link DeliveryConfig#PROPERTY_NAMES}
     * order, then the layout's.
     */
    Map<String, String> options() {
        BeanWrapper bean = PropertyAccessorFactory.forBeanPropertyAccess(this);
        Map<String, String> options = new LinkedHashMap<>();
        for (String option : DeliveryConfig.PROPERTY_NAMES) {
            put(options, option, bean);
        }
        for (String option : LAYOUT_OPTION_NAMES) {
            put(options, option, bean);
        }
        return options;
    }

    private static void put(Map<String, String> options, String option, BeanWrapper bean) {
        if (!bean.isReadableProperty(option)) {
            // A core option this class lacks: FirehosePropertiesMetadataTest fails the build first.
            throw new IllegalStateException("firehose." + option + " is not a property of " + FirehoseProperties.class);
        }
        Object value = bean.getPropertyValue(option);
        if (value != null && !value.toString().isBlank()) {
            options.put(option, value.toString());
        }
    }

    /** The {@code firehose} health indicator. */
    public static class Health {
        /** How long every call to Firehose must have failed before the health indicator says DOWN. */
        private Duration downAfter = Duration.ofSeconds(30);

        public Duration getDownAfter() { return downAfter; }
        public void setDownAfter(Duration downAfter) { this.downAfter = downAfter; }
    }
}
