package io.github.firehoseappender.local;

import java.time.Duration;

/** How one stream delivers to its S3-shaped folder: prefix, buffering hints, compression. Immutable. */
final class DestinationSettings {
    static final String UNCOMPRESSED = "UNCOMPRESSED";
    static final String GZIP = "GZIP";

    private final PrefixExpander prefix;
    private final String errorOutputPrefix;
    private final long bufferSizeBytes;
    private final Duration bufferInterval;
    private final String compressionFormat;
    private final String bucketArn;
    private final String roleArn;

    DestinationSettings(PrefixExpander prefix, String errorOutputPrefix, long bufferSizeBytes,
                        Duration bufferInterval, String compressionFormat, String bucketArn, String roleArn) {
        this.prefix = prefix;
        this.errorOutputPrefix = errorOutputPrefix;
        this.bufferSizeBytes = bufferSizeBytes;
        this.bufferInterval = bufferInterval;
        this.compressionFormat = compressionFormat;
        this.bucketArn = bucketArn;
        this.roleArn = roleArn;
    }

    PrefixExpander prefix() {
        return prefix;
    }

    /** Stored and described only: firehose-local never fails a delivery into it. May be null. */
    String errorOutputPrefix() {
        return errorOutputPrefix;
    }

    long bufferSizeBytes() {
        return bufferSizeBytes;
    }

    /** Zero means: deliver at the end of each accepted Put call. */
    Duration bufferInterval() {
        return bufferInterval;
    }

    String compressionFormat() {
        return compressionFormat;
    }

    String bucketArn() {
        return bucketArn;
    }

    String roleArn() {
        return roleArn;
    }
}
