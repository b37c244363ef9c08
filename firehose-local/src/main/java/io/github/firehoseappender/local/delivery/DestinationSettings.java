package io.github.firehoseappender.local.delivery;

import java.time.Duration;

/**
 * How one stream delivers to its S3-shaped folder: prefix, error prefix, buffering hints,
 * compression, and whether the AppendDelimiterToRecord processor runs. Immutable.
 */
public final class DestinationSettings {
    public static final String UNCOMPRESSED = "UNCOMPRESSED";
    public static final String GZIP = "GZIP";
    /** Where error output lands when no ErrorOutputPrefix is set: {@code processing-failed/yyyy/MM/dd/HH/}. */
    static final String DEFAULT_ERROR_PREFIX = "!{firehose:error-output-type}/!{timestamp:yyyy/MM/dd/HH}/";

    private final PrefixExpander prefix;
    private final String errorOutputPrefix;
    private final long bufferSizeBytes;
    private final Duration bufferInterval;
    private final String compressionFormat;
    private final String bucketArn;
    private final String roleArn;
    private final PrefixExpander errorPrefix;
    private final boolean appendDelimiter;

    DestinationSettings(PrefixExpander prefix, String errorOutputPrefix, long bufferSizeBytes,
                        Duration bufferInterval, String compressionFormat, String bucketArn, String roleArn) {
        this(prefix, errorOutputPrefix, bufferSizeBytes, bufferInterval, compressionFormat, bucketArn, roleArn, false);
    }

    public DestinationSettings(PrefixExpander prefix, String errorOutputPrefix, long bufferSizeBytes,
                               Duration bufferInterval, String compressionFormat, String bucketArn, String roleArn,
                               boolean appendDelimiter) {
        this.errorPrefix = PrefixExpander.compileErrorPrefix(errorOutputPrefix == null ? DEFAULT_ERROR_PREFIX : errorOutputPrefix);
        this.appendDelimiter = appendDelimiter;
        this.prefix = prefix;
        this.errorOutputPrefix = errorOutputPrefix;
        this.bufferSizeBytes = bufferSizeBytes;
        this.bufferInterval = bufferInterval;
        this.compressionFormat = compressionFormat;
        this.bucketArn = bucketArn;
        this.roleArn = roleArn;
    }

    public PrefixExpander prefix() {
        return prefix;
    }

    /** As configured (described back); null when not set. */
    public String errorOutputPrefix() {
        return errorOutputPrefix;
    }

    /** The ErrorOutputPrefix compiled, or {@link #DEFAULT_ERROR_PREFIX} when none was set. */
    public PrefixExpander errorPrefix() {
        return errorPrefix;
    }

    /** Whether each record gets a '\n' appended before delivery (the AppendDelimiterToRecord processor). */
    public boolean appendDelimiter() {
        return appendDelimiter;
    }

    DestinationSettings withAppendDelimiter(boolean append) {
        return new DestinationSettings(prefix, errorOutputPrefix, bufferSizeBytes, bufferInterval, compressionFormat,
                bucketArn, roleArn, append);
    }

    DestinationSettings withErrorOutputPrefix(String errorOutputPrefix) {
        return new DestinationSettings(prefix, errorOutputPrefix, bufferSizeBytes, bufferInterval, compressionFormat,
                bucketArn, roleArn, appendDelimiter);
    }

    DestinationSettings withCompression(String compressionFormat) {
        return new DestinationSettings(prefix, errorOutputPrefix, bufferSizeBytes, bufferInterval, compressionFormat,
                bucketArn, roleArn, appendDelimiter);
    }

    public long bufferSizeBytes() {
        return bufferSizeBytes;
    }

    /** Zero means: deliver at the end of each accepted Put call. */
    public Duration bufferInterval() {
        return bufferInterval;
    }

    public String compressionFormat() {
        return compressionFormat;
    }

    public String bucketArn() {
        return bucketArn;
    }

    public String roleArn() {
        return roleArn;
    }
}
