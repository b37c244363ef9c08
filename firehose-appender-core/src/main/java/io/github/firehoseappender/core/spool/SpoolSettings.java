package io.github.firehoseappender.core.spool;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Where and how a {@link Spool} keeps calls on disk: an immutable value, built once and validated in
 * {@link Builder#build()}. Sizes are bytes of segment files; the small {@code lock} and {@code ack} files beside
 * them are not counted.
 */
public final class SpoolSettings {
    public static final long DEFAULT_MAX_BYTES = 1024L * 1024 * 1024;
    public static final SpoolSync DEFAULT_SYNC = SpoolSync.INTERVAL;
    public static final Duration DEFAULT_SYNC_INTERVAL = Duration.ofSeconds(1);
    public static final SpoolOverflow DEFAULT_OVERFLOW = SpoolOverflow.DROP_OLDEST;
    public static final long DEFAULT_CACHE_BYTES = 8L * 1024 * 1024;
    /** The largest default segment: deleting one frees at most this much at once. */
    public static final long MAX_DEFAULT_SEGMENT_BYTES = 64L * 1024 * 1024;
    /** The least default segment: one full call (4,000,000 bytes of data) with its framing fits. */
    public static final long MIN_DEFAULT_SEGMENT_BYTES = 4L * 1024 * 1024 + 64 * 1024;
    /** The least maxBytes and segmentBytes accepted. */
    public static final long MIN_BYTES = 1024;

    private final Path directory;
    private final long maxBytes;
    private final SpoolSync sync;
    private final Duration syncInterval;
    private final SpoolOverflow overflow;
    private final long segmentBytes;
    /** As set, null when derived: toBuilder() keeps deriving it from a new maxBytes. */
    private final Long segmentBytesSet;
    private final long cacheBytes;

    private SpoolSettings(Builder b, long segmentBytes) {
        this.directory = b.directory;
        this.maxBytes = b.maxBytes;
        this.sync = b.sync;
        this.syncInterval = b.syncInterval;
        this.overflow = b.overflow;
        this.segmentBytes = segmentBytes;
        this.segmentBytesSet = b.segmentBytes;
        this.cacheBytes = b.cacheBytes;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder().directory(directory).maxBytes(maxBytes).sync(sync).syncInterval(syncInterval)
                .overflow(overflow).cacheBytes(cacheBytes);
        b.segmentBytes = segmentBytesSet;
        return b;
    }

    /** The folder that holds the segments; created when missing. */
    public Path directory() { return directory; }
    /** The bound on the sum of segment file sizes; default 1 GiB. */
    public long maxBytes() { return maxBytes; }
    public SpoolSync sync() { return sync; }
    /** How often {@link SpoolSync#INTERVAL} forces to the device; default 1 s. */
    public Duration syncInterval() { return syncInterval; }
    public SpoolOverflow overflow() { return overflow; }
    /**
     * A segment file rolls when the next frame would pass this; a frame larger than it still goes alone into a
     * segment. Default: maxBytes/8, within [{@link #MIN_DEFAULT_SEGMENT_BYTES}, {@link #MAX_DEFAULT_SEGMENT_BYTES}],
     * and never above maxBytes.
     */
    public long segmentBytes() { return segmentBytes; }
    /**
     * Bytes of recently appended frames kept in memory so {@link Spool#next()} need not read them back; default
     * 8 MiB, 0 for none.
     */
    public long cacheBytes() { return cacheBytes; }

    static long defaultSegmentBytes(long maxBytes) {
        long preferred = Math.min(MAX_DEFAULT_SEGMENT_BYTES, Math.max(maxBytes / 8, MIN_DEFAULT_SEGMENT_BYTES));
        return Math.min(preferred, maxBytes);
    }

    /** Not thread-safe; each setter returns the builder. */
    public static final class Builder {
        private Path directory;
        private long maxBytes = DEFAULT_MAX_BYTES;
        private SpoolSync sync = DEFAULT_SYNC;
        private Duration syncInterval = DEFAULT_SYNC_INTERVAL;
        private SpoolOverflow overflow = DEFAULT_OVERFLOW;
        private Long segmentBytes;
        private long cacheBytes = DEFAULT_CACHE_BYTES;

        private Builder() {
        }

        public Builder directory(Path directory) { this.directory = directory; return this; }
        public Builder maxBytes(long maxBytes) { this.maxBytes = maxBytes; return this; }
        public Builder sync(SpoolSync sync) { this.sync = sync; return this; }
        public Builder syncInterval(Duration syncInterval) { this.syncInterval = syncInterval; return this; }
        public Builder overflow(SpoolOverflow overflow) { this.overflow = overflow; return this; }
        /** Unset, it is derived from maxBytes (see {@link SpoolSettings#segmentBytes()}). */
        public Builder segmentBytes(long segmentBytes) { this.segmentBytes = segmentBytes; return this; }
        public Builder cacheBytes(long cacheBytes) { this.cacheBytes = cacheBytes; return this; }

        /** @throws IllegalArgumentException naming every problem, each with its value, rule and fix */
        public SpoolSettings build() {
            List<String> problems = new ArrayList<>();
            if (directory == null) {
                problems.add("directory is not set; name the folder the spool may use");
            }
            if (maxBytes < MIN_BYTES) {
                problems.add("maxBytes=" + maxBytes + " is below " + MIN_BYTES + "; raise it or omit it for "
                        + DEFAULT_MAX_BYTES);
            }
            if (sync == null) {
                problems.add("sync is not set; use INTERVAL or BATCH, or omit it for " + DEFAULT_SYNC);
            }
            if (syncInterval == null || syncInterval.isNegative() || syncInterval.isZero()) {
                problems.add("syncInterval=" + syncInterval + " must be positive; omit it for "
                        + DEFAULT_SYNC_INTERVAL);
            }
            if (overflow == null) {
                problems.add("overflow is not set; use DROP_OLDEST or DROP_NEWEST, or omit it for " + DEFAULT_OVERFLOW);
            }
            long segment = segmentBytes != null ? segmentBytes : defaultSegmentBytes(maxBytes);
            if (segmentBytes != null && segment < MIN_BYTES) {
                problems.add("segmentBytes=" + segment + " is below " + MIN_BYTES + "; raise it or omit it");
            } else if (segmentBytes != null && segment > maxBytes) {
                problems.add("segmentBytes=" + segment + " exceeds maxBytes=" + maxBytes + "; lower it or omit it");
            }
            if (cacheBytes < 0) {
                problems.add("cacheBytes=" + cacheBytes + " is negative; use 0 for no cache or omit it for "
                        + DEFAULT_CACHE_BYTES);
            }
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException(String.join("; ", problems));
            }
            return new SpoolSettings(this, segment);
        }
    }
}
