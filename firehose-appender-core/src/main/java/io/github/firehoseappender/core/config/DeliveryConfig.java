package io.github.firehoseappender.core.config;

import io.github.firehoseappender.core.spool.SpoolOverflow;
import io.github.firehoseappender.core.spool.SpoolSync;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * Everything one appender needs to deliver to one Firehose stream: an immutable value, built once and
 * validated in one place. Unset values fall back to the environment variables of the project's contract
 * ({@code FIREHOSE_DELIVERY_STREAM}, {@code FIREHOSE_ROLE_ARN}, ...), then to the defaults below.
 *
 * <p>The builder's method names are the property names users write in logback.xml and log4j2.xml.
 */
public final class DeliveryConfig {
    /** Firehose's hard limit on one record. */
    public static final int FIREHOSE_MAX_RECORD_BYTES = 1_024_000;
    /** Firehose's hard limit on records per PutRecordBatch call. */
    public static final int FIREHOSE_MAX_BATCH_RECORDS = 500;
    /** Raw bytes per call: Firehose's limit is 4 MiB of request, base64 and JSON included; this leaves room for both. */
    public static final int FIREHOSE_MAX_BATCH_BYTES = 4_000_000;

    public static final Duration DEFAULT_MAX_BATCH_DELAY = Duration.ofSeconds(1);
    /**
     * The memory bound: estimated heap of buffered events plus the encoded lines the sender holds. 64 MiB takes a
     * start-up burst of 50,000 events of about 300 bytes (about 1.2 KB each on the heap with their MDC) before the
     * client is up, without a drop; 16 MiB dropped 15,000 of them. A small heap gets less: see
     * {@link #defaultBufferSize(long)}.
     */
    public static final long DEFAULT_BUFFER_SIZE = 64L * 1024 * 1024;
    /** The least default bound, whatever the heap. */
    static final long MIN_DEFAULT_BUFFER_SIZE = 4L * 1024 * 1024;
    public static final int DEFAULT_BUFFER_EVENTS = 100_000;
    public static final OverflowPolicy DEFAULT_OVERFLOW_POLICY = OverflowPolicy.DROP_NEWEST;
    public static final Duration DEFAULT_BLOCK_TIMEOUT = Duration.ofMillis(100);
    public static final boolean DEFAULT_AGGREGATION = true;
    public static final Duration DEFAULT_RETRY_TIMEOUT = Duration.ofMinutes(5);
    public static final int DEFAULT_MAX_ATTEMPTS = 0;
    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(100);
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(20);
    public static final Duration DEFAULT_NON_RETRYABLE_BACKOFF = Duration.ofSeconds(60);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(10);
    public static final String DEFAULT_ROLE_SESSION_NAME = "firehose-appender";
    /** The request body written by the appender; {@code sdk}, the SDK's Firehose client, stays as a fallback. */
    public static final Wire DEFAULT_WIRE = Wire.DIRECT;
    /** The spool's bound on disk: at 1,000 events/s of about 300 bytes, about an hour of outage. */
    public static final long DEFAULT_SPOOL_SIZE = 1024L * 1024 * 1024;
    /** The least spool: a few segments of one call (4 MB) each. */
    static final long MIN_SPOOL_SIZE = 16L * 1024 * 1024;
    public static final SpoolSync DEFAULT_SPOOL_SYNC = SpoolSync.INTERVAL;
    public static final SpoolOverflow DEFAULT_SPOOL_OVERFLOW = SpoolOverflow.DROP_OLDEST;

    /**
     * Every option users can write in logback.xml and log4j2.xml, by the name they write. Both adapters expose
     * exactly these (a test in each keeps them equal) and pass their text to {@link Builder#property}.
     */
    public static final List<String> PROPERTY_NAMES = Collections.unmodifiableList(Arrays.asList(
            "deliveryStream", "roleArn", "externalId", "roleSessionName", "region", "stsRegion", "endpoint",
            "stsEndpoint", "maxBatchDelay", "bufferSize", "bufferEvents", "overflowPolicy", "blockTimeout",
            "aggregation", "maxRecordBytes", "maxBatchRecords", "maxBatchBytes", "retryTimeout", "maxAttempts",
            "initialBackoff", "maxBackoff", "nonRetryableBackoff", "requestTimeout", "shutdownHook",
            "shutdownTimeout", "jmx", "stderrNotices", "maxRecordEvents", "maxBytesPerSecond", "maxCallsPerSecond",
            "wire", "spoolDirectory", "spoolSize", "spoolSync", "spoolOverflow"));

    private final String deliveryStream;
    private final List<String> deliveryStreams;
    private final String roleArn;
    private final String externalId;
    private final String roleSessionName;
    private final String region;
    private final String stsRegion;
    private final URI endpoint;
    private final URI stsEndpoint;
    private final Duration maxBatchDelay;
    private final long bufferSize;
    private final int bufferEvents;
    private final OverflowPolicy overflowPolicy;
    private final Duration blockTimeout;
    private final boolean aggregation;
    private final int maxRecordBytes;
    private final int maxBatchRecords;
    private final int maxBatchBytes;
    private final Duration retryTimeout;
    private final int maxAttempts;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Duration nonRetryableBackoff;
    private final Duration requestTimeout;
    private final boolean shutdownHook;
    private final Duration shutdownTimeout;
    private final boolean jmx;
    private final boolean stderrNotices;
    private final int maxRecordEvents;
    private final long maxBytesPerSecond;
    private final int maxCallsPerSecond;
    private final Wire wire;
    private final Path spoolDirectory;
    private final long spoolSize;
    private final SpoolSync spoolSync;
    private final SpoolOverflow spoolOverflow;
    private final String name;
    private final AwsCredentialsProvider credentialsProvider;

    private DeliveryConfig(Builder b, String stream, String role, String extId, String reg, URI ep, URI stsEp,
                           Path spool) {
        this.deliveryStreams = streamNames(stream);
        this.deliveryStream = String.join(",", deliveryStreams);
        this.roleArn = role;
        this.externalId = extId;
        this.roleSessionName = b.roleSessionName;
        this.region = reg;
        this.stsRegion = blankToNull(b.stsRegion) != null ? b.stsRegion.trim() : reg;
        this.endpoint = ep;
        this.stsEndpoint = stsEp;
        this.maxBatchDelay = b.maxBatchDelay;
        this.bufferSize = b.bufferSize;
        this.bufferEvents = b.bufferEvents;
        this.overflowPolicy = b.overflowPolicy;
        this.blockTimeout = b.blockTimeout;
        this.aggregation = b.aggregation;
        this.maxRecordBytes = b.maxRecordBytes;
        this.maxBatchRecords = b.maxBatchRecords;
        this.maxBatchBytes = b.maxBatchBytes;
        this.retryTimeout = b.retryTimeout;
        this.maxAttempts = b.maxAttempts;
        this.initialBackoff = b.initialBackoff;
        this.maxBackoff = b.maxBackoff;
        this.nonRetryableBackoff = b.nonRetryableBackoff;
        this.requestTimeout = b.requestTimeout;
        this.shutdownHook = b.shutdownHook;
        this.shutdownTimeout = b.shutdownTimeout;
        this.jmx = b.jmx;
        this.stderrNotices = b.stderrNotices;
        this.maxRecordEvents = b.maxRecordEvents;
        this.maxBytesPerSecond = b.maxBytesPerSecond;
        this.maxCallsPerSecond = b.maxCallsPerSecond;
        this.wire = b.wire == null ? DEFAULT_WIRE : b.wire;
        this.spoolDirectory = spool;
        this.spoolSize = b.spoolSize;
        this.spoolSync = b.spoolSync;
        this.spoolOverflow = b.spoolOverflow;
        this.name = b.name == null ? stream : b.name;
        this.credentialsProvider = b.credentialsProvider;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The Firehose delivery stream's name. Required (or {@code FIREHOSE_DELIVERY_STREAM}). */
    /** The stream names as configured (several joined by commas): what messages and the MBean name. */
    public String deliveryStream() { return deliveryStream; }
    /**
     * The delivery streams calls are spread over: one, or several of the same table (a fleet past one stream's
     * quota). Each call goes to one of them; the sender moves away from one that throttles.
     */
    public List<String> deliveryStreams() { return deliveryStreams; }
    /** Role to assume with STS before calling Firehose; null signs with the default credentials chain. */
    public String roleArn() { return roleArn; }
    public String externalId() { return externalId; }
    public String roleSessionName() { return roleSessionName; }
    /** Firehose's region; null lets the SDK's region chain decide. */
    public String region() { return region; }
    public String stsRegion() { return stsRegion; }
    public URI endpoint() { return endpoint; }
    public URI stsEndpoint() { return stsEndpoint; }
    public Duration maxBatchDelay() { return maxBatchDelay; }
    /**
     * Bytes of memory the buffer may use, default {@link #DEFAULT_BUFFER_SIZE}: what buffered events retain on the
     * heap (the adapters' estimates) plus the encoded lines the sender holds until Firehose acknowledges them.
     */
    public long bufferSize() { return bufferSize; }

    /**
     * The bound used when none is configured: {@link #DEFAULT_BUFFER_SIZE}, but never more than a quarter of the
     * maximum heap (at least 4 MiB), so a 128 MB Lambda function or a small container cannot be pushed into an
     * OutOfMemoryError by its own logs during an outage. A 256 MiB heap still gets the full 64 MiB, which a start-up
     * burst of 50,000 events needs.
     */
    public static long defaultBufferSize(long maxHeapBytes) {
        return Math.min(DEFAULT_BUFFER_SIZE, Math.max(MIN_DEFAULT_BUFFER_SIZE, maxHeapBytes / 4));
    }
    public int bufferEvents() { return bufferEvents; }
    public OverflowPolicy overflowPolicy() { return overflowPolicy; }
    public Duration blockTimeout() { return blockTimeout; }
    public boolean aggregation() { return aggregation; }
    public int maxRecordBytes() { return maxRecordBytes; }
    public int maxBatchRecords() { return maxBatchRecords; }
    public int maxBatchBytes() { return maxBatchBytes; }
    public Duration retryTimeout() { return retryTimeout; }
    /** Attempts per record before it is dropped and counted; 0 means only {@link #retryTimeout()} bounds it. */
    public int maxAttempts() { return maxAttempts; }
    public Duration initialBackoff() { return initialBackoff; }
    public Duration maxBackoff() { return maxBackoff; }
    public Duration nonRetryableBackoff() { return nonRetryableBackoff; }
    public Duration requestTimeout() { return requestTimeout; }
    public boolean shutdownHook() { return shutdownHook; }
    public Duration shutdownTimeout() { return shutdownTimeout; }
    public boolean jmx() { return jmx; }
    /** Whether losses, persistent delivery failures and an undeliverable stop are also printed to stderr. */
    public boolean stderrNotices() { return stderrNotices; }
    /** Most events (lines) in one record, 0 for no limit but maxRecordBytes; 500 under dynamic partitioning. */
    public int maxRecordEvents() { return maxRecordEvents; }
    /** Client-side pacing: bytes per second sent to each stream, 0 for none (learn from throttling only). */
    public long maxBytesPerSecond() { return maxBytesPerSecond; }
    /** Client-side pacing: PutRecordBatch calls per second to each stream, 0 for none. */
    public int maxCallsPerSecond() { return maxCallsPerSecond; }
    /** How calls go on the wire: the SDK's client (default) or the direct body writer; see {@link Wire}. */
    public Wire wire() { return wire; }
    /**
     * Where sent calls wait on disk until Firehose has them ({@code FIREHOSE_SPOOL_DIRECTORY} when not set); null
     * (default) keeps them in memory only.
     */
    public Path spoolDirectory() { return spoolDirectory; }
    /** The spool's bound: the sum of its segment files never passes it. */
    public long spoolSize() { return spoolSize; }
    public SpoolSync spoolSync() { return spoolSync; }
    /** What a full spool gives up: its oldest segment (default) or the call being written. */
    public SpoolOverflow spoolOverflow() { return spoolOverflow; }
    /** The appender's name: names the sender thread and the JMX MBean. */
    public String name() { return name; }
    /** Credentials to sign with (or to call STS with when a role is set); null means the SDK's default chain. */
    public AwsCredentialsProvider credentialsProvider() { return credentialsProvider; }

    @Override
    public String toString() {
        // Never print anything secret: the external id is a shared secret of sorts, credentials are never held here.
        return "DeliveryConfig{deliveryStream=" + deliveryStream + ", roleArn=" + roleArn
                + ", externalId=" + (externalId == null ? "none" : "(set)") + ", region=" + region
                + ", endpoint=" + endpoint + ", stsEndpoint=" + stsEndpoint + ", maxBatchDelay=" + maxBatchDelay
                + ", bufferSize=" + bufferSize + ", bufferEvents=" + bufferEvents + ", overflowPolicy=" + overflowPolicy
                + ", aggregation=" + aggregation + (spoolDirectory == null ? "" : ", spoolDirectory=" + spoolDirectory
                + ", spoolSize=" + spoolSize + ", spoolSync=" + spoolSync + ", spoolOverflow=" + spoolOverflow) + "}";
    }

    /** {@code "a, b,c"} as [a, b, c]; blanks between commas are dropped. */
    static List<String> streamNames(String streams) {
        List<String> names = new ArrayList<>();
        if (streams != null) {
            for (String part : streams.split(",")) {
                if (!part.trim().isEmpty()) {
                    names.add(part.trim());
                }
            }
        }
        return Collections.unmodifiableList(names);
    }

    private static String blankToNull(String s) {
        return s == null || s.trim().isEmpty() ? null : s;
    }

    /** Mutable, not thread-safe; {@link #build()} validates every field at once. */
    public static final class Builder {
        private Map<String, String> environment = System.getenv();
        private String deliveryStream;
        private String roleArn;
        private String externalId;
        private String roleSessionName = DEFAULT_ROLE_SESSION_NAME;
        private String region;
        private String stsRegion;
        private String endpoint;
        private String stsEndpoint;
        private Duration maxBatchDelay = DEFAULT_MAX_BATCH_DELAY;
        private long bufferSize = defaultBufferSize(Runtime.getRuntime().maxMemory());
        private int bufferEvents = DEFAULT_BUFFER_EVENTS;
        private OverflowPolicy overflowPolicy = DEFAULT_OVERFLOW_POLICY;
        private Duration blockTimeout = DEFAULT_BLOCK_TIMEOUT;
        private boolean aggregation = DEFAULT_AGGREGATION;
        private int maxRecordBytes = FIREHOSE_MAX_RECORD_BYTES;
        private int maxBatchRecords = FIREHOSE_MAX_BATCH_RECORDS;
        private int maxBatchBytes = FIREHOSE_MAX_BATCH_BYTES;
        private Duration retryTimeout = DEFAULT_RETRY_TIMEOUT;
        private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
        private Duration initialBackoff = DEFAULT_INITIAL_BACKOFF;
        private Duration maxBackoff = DEFAULT_MAX_BACKOFF;
        private Duration nonRetryableBackoff = DEFAULT_NON_RETRYABLE_BACKOFF;
        private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
        private boolean shutdownHook = true;
        private Duration shutdownTimeout = DEFAULT_SHUTDOWN_TIMEOUT;
        private boolean jmx = true;
        private boolean stderrNotices = true;
        private int maxRecordEvents;
        private long maxBytesPerSecond;
        private int maxCallsPerSecond;
        private Wire wire = DEFAULT_WIRE;
        private String spoolDirectory;
        private long spoolSize = DEFAULT_SPOOL_SIZE;
        private SpoolSync spoolSync = DEFAULT_SPOOL_SYNC;
        private SpoolOverflow spoolOverflow = DEFAULT_SPOOL_OVERFLOW;
        private String name;
        private AwsCredentialsProvider credentialsProvider;
        private final List<String> textProblems = new ArrayList<>();
        /** Options whose text was a placeholder the framework left unfilled (already reported). */
        private final java.util.Set<String> unresolvedOptions = new java.util.HashSet<>();

        private Builder() {
        }

        /**
         * Sets one option from the text a user wrote, by its {@link #PROPERTY_NAMES name}. A value that does not
         * parse is not thrown here but reported by {@link #build()} with all the other problems; null or blank
         * text leaves the default.
         */
        public Builder property(String name, String text) {
            if (text == null || text.trim().isEmpty()) {
                return this;
            }
            String unresolved = PropertyText.unresolvedPlaceholder(name, text.trim());
            if (unresolved != null) {
                textProblems.add(unresolved);
                unresolvedOptions.add(name);
                return this;
            }
            try {
                applyText(name, text.trim());
            } catch (RuntimeException e) {
                textProblems.add(name + "=" + text.trim() + " " + e.getMessage());
            }
            return this;
        }

        private void applyText(String name, String t) {
            switch (name) {
                case "deliveryStream": deliveryStream = t; break;
                case "roleArn": roleArn = t; break;
                case "externalId": externalId = t; break;
                case "roleSessionName": roleSessionName = t; break;
                case "region": region = t; break;
                case "stsRegion": stsRegion = t; break;
                case "endpoint": endpoint = t; break;
                case "stsEndpoint": stsEndpoint = t; break;
                case "maxBatchDelay": maxBatchDelay = PropertyText.duration(t); break;
                case "bufferSize": bufferSize = PropertyText.bytes(t); break;
                case "bufferEvents": bufferEvents = PropertyText.integer(t); break;
                case "overflowPolicy": overflowPolicy = PropertyText.overflowPolicy(t); break;
                case "blockTimeout": blockTimeout = PropertyText.duration(t); break;
                case "aggregation": aggregation = PropertyText.bool(t); break;
                case "maxRecordBytes": maxRecordBytes = (int) Math.min(Integer.MAX_VALUE, PropertyText.bytes(t)); break;
                case "maxBatchRecords": maxBatchRecords = PropertyText.integer(t); break;
                case "maxBatchBytes": maxBatchBytes = (int) Math.min(Integer.MAX_VALUE, PropertyText.bytes(t)); break;
                case "retryTimeout": retryTimeout = PropertyText.duration(t); break;
                case "maxAttempts": maxAttempts = PropertyText.integer(t); break;
                case "initialBackoff": initialBackoff = PropertyText.duration(t); break;
                case "maxBackoff": maxBackoff = PropertyText.duration(t); break;
                case "nonRetryableBackoff": nonRetryableBackoff = PropertyText.duration(t); break;
                case "requestTimeout": requestTimeout = PropertyText.duration(t); break;
                case "shutdownHook": shutdownHook = PropertyText.bool(t); break;
                case "shutdownTimeout": shutdownTimeout = PropertyText.duration(t); break;
                case "jmx": jmx = PropertyText.bool(t); break;
                case "stderrNotices": stderrNotices = PropertyText.bool(t); break;
                case "maxRecordEvents": maxRecordEvents = PropertyText.integer(t); break;
                case "maxBytesPerSecond": maxBytesPerSecond = PropertyText.bytes(t); break;
                case "maxCallsPerSecond": maxCallsPerSecond = PropertyText.integer(t); break;
                case "wire": wire = Wire.parse(t); break;
                case "spoolDirectory": spoolDirectory = t; break;
                case "spoolSize": spoolSize = PropertyText.bytes(t); break;
                case "spoolSync": spoolSync = PropertyText.spoolSync(t); break;
                case "spoolOverflow": spoolOverflow = PropertyText.spoolOverflow(t); break;
                default:
                    throw new IllegalArgumentException("is not an option; known options: " + PROPERTY_NAMES);
            }
        }

        /** The environment variables to fall back on; {@code System.getenv()} unless a test says otherwise. */
        public Builder environment(Map<String, String> environment) { this.environment = environment; return this; }
        public Builder deliveryStream(String v) { this.deliveryStream = v; return this; }
        public Builder roleArn(String v) { this.roleArn = v; return this; }
        public Builder externalId(String v) { this.externalId = v; return this; }
        public Builder roleSessionName(String v) { this.roleSessionName = v; return this; }
        public Builder region(String v) { this.region = v; return this; }
        public Builder stsRegion(String v) { this.stsRegion = v; return this; }
        public Builder endpoint(String v) { this.endpoint = v; return this; }
        public Builder stsEndpoint(String v) { this.stsEndpoint = v; return this; }
        public Builder maxBatchDelay(Duration v) { this.maxBatchDelay = v; return this; }
        public Builder bufferSize(long bytes) { this.bufferSize = bytes; return this; }
        public Builder bufferEvents(int v) { this.bufferEvents = v; return this; }
        public Builder overflowPolicy(OverflowPolicy v) { this.overflowPolicy = v; return this; }
        public Builder blockTimeout(Duration v) { this.blockTimeout = v; return this; }
        public Builder aggregation(boolean v) { this.aggregation = v; return this; }
        public Builder maxRecordBytes(int v) { this.maxRecordBytes = v; return this; }
        public Builder maxBatchRecords(int v) { this.maxBatchRecords = v; return this; }
        public Builder maxBatchBytes(int v) { this.maxBatchBytes = v; return this; }
        public Builder retryTimeout(Duration v) { this.retryTimeout = v; return this; }
        public Builder maxAttempts(int v) { this.maxAttempts = v; return this; }
        public Builder initialBackoff(Duration v) { this.initialBackoff = v; return this; }
        public Builder maxBackoff(Duration v) { this.maxBackoff = v; return this; }
        public Builder nonRetryableBackoff(Duration v) { this.nonRetryableBackoff = v; return this; }
        public Builder requestTimeout(Duration v) { this.requestTimeout = v; return this; }
        public Builder shutdownHook(boolean v) { this.shutdownHook = v; return this; }
        public Builder shutdownTimeout(Duration v) { this.shutdownTimeout = v; return this; }
        public Builder jmx(boolean v) { this.jmx = v; return this; }
        public Builder stderrNotices(boolean v) { this.stderrNotices = v; return this; }
        public Builder maxRecordEvents(int v) { this.maxRecordEvents = v; return this; }
        public Builder maxBytesPerSecond(long v) { this.maxBytesPerSecond = v; return this; }
        public Builder maxCallsPerSecond(int v) { this.maxCallsPerSecond = v; return this; }
        public Builder wire(Wire v) { this.wire = v; return this; }
        public Builder spoolDirectory(String v) { this.spoolDirectory = v; return this; }
        public Builder spoolSize(long bytes) { this.spoolSize = bytes; return this; }
        public Builder spoolSync(SpoolSync v) { this.spoolSync = v; return this; }
        public Builder spoolOverflow(SpoolOverflow v) { this.spoolOverflow = v; return this; }
        public Builder name(String v) { this.name = v; return this; }
        public Builder credentialsProvider(AwsCredentialsProvider v) { this.credentialsProvider = v; return this; }

        /**
         * Resolves the environment fallbacks and checks every field.
         *
         * @throws InvalidConfigException listing every problem found, not just the first
         */
        public DeliveryConfig build() {
            List<String> problems = new ArrayList<>(textProblems);
            unresolved(problems, "deliveryStream", deliveryStream, "roleArn", roleArn, "externalId", externalId,
                    "roleSessionName", roleSessionName, "region", region, "stsRegion", stsRegion,
                    "endpoint", endpoint, "stsEndpoint", stsEndpoint, "spoolDirectory", spoolDirectory);
            String stream = firstNonBlank(deliveryStream, env("FIREHOSE_DELIVERY_STREAM"));
            if (stream == null) {
                if (!unresolvedOptions.contains("deliveryStream")) {
                    problems.add("deliveryStream is not set; set it in the appender configuration or in "
                            + "FIREHOSE_DELIVERY_STREAM");
                }
            } else {
                streamProblems(stream, problems);
            }
            String role = firstNonBlank(roleArn, env("FIREHOSE_ROLE_ARN"));
            if (role != null && !role.startsWith("arn:")) {
                problems.add("roleArn=" + role + " is not an IAM role ARN (arn:aws:iam::ACCOUNT:role/NAME); "
                        + "use the logging account's ApplicationAccountRoleArn output, or leave it empty to use the default credentials");
            }
            String extId = firstNonBlank(externalId, env("FIREHOSE_EXTERNAL_ID"));
            if (extId != null && role == null) {
                problems.add("externalId is set but roleArn is not; an external id only applies when assuming a role");
            }
            if (roleSessionName == null || !roleSessionName.matches("[\\w+=,.@-]{2,64}")) {
                problems.add("roleSessionName=" + roleSessionName + " must be 2-64 characters of letters, digits and +=,.@_-");
            }
            String reg = firstNonBlank(region, env("FIREHOSE_REGION"), env("AWS_REGION"));
            addIfProblem(problems, PropertyText.regionProblem("region", reg, blankToNull(region) != null ? ""
                    : blankToNull(env("FIREHOSE_REGION")) != null ? " (from FIREHOSE_REGION)" : " (from AWS_REGION)"));
            addIfProblem(problems, PropertyText.regionProblem("stsRegion", firstNonBlank(stsRegion), ""));
            URI ep = uri("endpoint", firstNonBlank(endpoint, env("FIREHOSE_ENDPOINT")), problems);
            URI stsEp = uri("stsEndpoint", firstNonBlank(stsEndpoint, env("FIREHOSE_STS_ENDPOINT")), problems);

            positive("maxBatchDelay", maxBatchDelay, problems);
            if (bufferSize < 1024 * 1024) {
                problems.add("bufferSize=" + bufferSize + " is below 1048576 bytes (1 MiB); raise it or omit it for "
                        + DEFAULT_BUFFER_SIZE);
            }
            if (bufferEvents < 1) {
                problems.add("bufferEvents=" + bufferEvents + " must be at least 1; omit it for " + DEFAULT_BUFFER_EVENTS);
            }
            if (overflowPolicy == null) {
                problems.add("overflowPolicy is not one of DROP_NEWEST, DROP_OLDEST, BLOCK");
            }
            notNegative("blockTimeout", blockTimeout, problems);
            range("maxRecordBytes", maxRecordBytes, 1024, FIREHOSE_MAX_RECORD_BYTES, problems);
            range("maxBatchRecords", maxBatchRecords, 1, FIREHOSE_MAX_BATCH_RECORDS, problems);
            range("maxBatchBytes", maxBatchBytes, 1024, FIREHOSE_MAX_BATCH_BYTES, problems);
            if (maxBatchBytes < maxRecordBytes && problems.isEmpty()) {
                problems.add("maxBatchBytes=" + maxBatchBytes + " is below maxRecordBytes=" + maxRecordBytes
                        + "; a full record must fit in one call");
            }
            positive("retryTimeout", retryTimeout, problems);
            if (maxAttempts < 0) {
                problems.add("maxAttempts=" + maxAttempts + " must be 0 (no limit but retryTimeout) or more");
            }
            positive("initialBackoff", initialBackoff, problems);
            positive("maxBackoff", maxBackoff, problems);
            if (initialBackoff != null && maxBackoff != null && maxBackoff.compareTo(initialBackoff) < 0) {
                problems.add("maxBackoff=" + maxBackoff + " is below initialBackoff=" + initialBackoff + "; raise it");
            }
            positive("nonRetryableBackoff", nonRetryableBackoff, problems);
            positive("requestTimeout", requestTimeout, problems);
            notNegative("shutdownTimeout", shutdownTimeout, problems);
            if (maxRecordEvents < 0) {
                problems.add("maxRecordEvents=" + maxRecordEvents + " must be 0 (no limit) or more; 500 is "
                        + "Firehose's limit for multi-record deaggregation (dynamic partitioning)");
            }
            if (maxBytesPerSecond != 0 && maxBytesPerSecond < maxRecordBytes) {
                problems.add("maxBytesPerSecond=" + maxBytesPerSecond + " is below maxRecordBytes=" + maxRecordBytes
                        + ": a record could never be sent; raise it (a stream's quota is 1 MiB/s or 5 MiB/s) or "
                        + "lower maxRecordBytes");
            }
            if (maxCallsPerSecond < 0) {
                problems.add("maxCallsPerSecond=" + maxCallsPerSecond + " must be 0 (no pacing) or more");
            }
            Path spool = spoolPath(firstNonBlank(spoolDirectory, env("FIREHOSE_SPOOL_DIRECTORY")), problems);
            if (spoolSize < MIN_SPOOL_SIZE) {
                problems.add("spoolSize=" + spoolSize + " is below " + MIN_SPOOL_SIZE + " bytes (16 MiB); raise it or "
                        + "omit it for " + DEFAULT_SPOOL_SIZE + " (1 GiB)");
            }
            if (spoolSync == null || spoolOverflow == null) {
                problems.add("spoolSync and spoolOverflow must be set; omit them for interval and dropOldest");
            }
            if (!problems.isEmpty()) {
                throw new InvalidConfigException(problems);
            }
            return new DeliveryConfig(this, stream, role, extId, reg, ep, stsEp, spool);
        }

        /** The spool directory as a path; whether it can be created, locked and written is found out at start. */
        private static Path spoolPath(String directory, List<String> problems) {
            String text = firstNonBlank(directory);
            if (text == null) {
                return null;
            }
            try {
                return Paths.get(text);
            } catch (InvalidPathException e) {
                problems.add("spoolDirectory=" + text + " is not a valid path: " + e.getReason());
                return null;
            }
        }

        private static void streamProblems(String streams, List<String> problems) {
            List<String> names = streamNames(streams);
            if (names.isEmpty()) {
                problems.add("deliveryStream=" + streams + " names no stream");
            }
            for (String name : names) {
                if (!name.matches("[a-zA-Z0-9_.-]{1,64}")) {
                    problems.add("deliveryStream=" + streams + ": " + name + " is not a valid Firehose stream name "
                            + "(1-64 characters of letters, digits, '_', '.', '-'); use the stream name, not its ARN"
                            + (names.size() > 1 || streams.contains(",") ? "; separate several with commas" : ""));
                }
            }
            if (new java.util.HashSet<>(names).size() < names.size()) {
                problems.add("deliveryStream=" + streams + " names a stream twice");
            }
        }

        /** Options set through the builder's setters: a placeholder the framework left unfilled is a problem too. */
        private static void unresolved(List<String> problems, String... namesAndValues) {
            for (int i = 0; i < namesAndValues.length; i += 2) {
                String value = namesAndValues[i + 1];
                addIfProblem(problems, value == null ? null
                        : PropertyText.unresolvedPlaceholder(namesAndValues[i], value.trim()));
            }
        }

        private static void addIfProblem(List<String> problems, String problem) {
            if (problem != null && !problems.contains(problem)) {
                problems.add(problem);
            }
        }

        private String env(String key) {
            return environment == null ? null : environment.get(key);
        }

        private static String firstNonBlank(String... values) {
            for (String v : values) {
                if (v != null && !v.trim().isEmpty()) {
                    return v.trim();
                }
            }
            return null;
        }

        private static URI uri(String property, String value, List<String> problems) {
            if (value == null) {
                return null;
            }
            try {
                URI uri = new URI(value);
                String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
                if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
                    problems.add(property + "=" + value + " is not an http(s) URL such as https://firehose.eu-west-1.amazonaws.com");
                    return null;
                }
                return uri;
            } catch (URISyntaxException e) {
                problems.add(property + "=" + value + " is not a valid URL: " + e.getReason());
                return null;
            }
        }

        private static void positive(String property, Duration value, List<String> problems) {
            if (value == null || value.isZero() || value.isNegative()) {
                problems.add(property + "=" + value + " must be a positive duration");
            }
        }

        private static void notNegative(String property, Duration value, List<String> problems) {
            if (value == null || value.isNegative()) {
                problems.add(property + "=" + value + " must be zero or a positive duration");
            }
        }

        private static void range(String property, long value, long min, long max, List<String> problems) {
            if (value < min || value > max) {
                problems.add(property + "=" + value + (value > max ? " exceeds " + max + "; lower it or omit it"
                        : " is below " + min + "; raise it or omit it"));
            }
        }
    }
}
