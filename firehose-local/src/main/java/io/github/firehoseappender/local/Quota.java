package io.github.firehoseappender.local;

import java.util.Arrays;
import java.util.List;

/**
 * Firehose's per-stream quota for Direct PUT: bytes, records and Put calls (PutRecord and
 * PutRecordBatch together) per second. 0 in any of them is no limit. Immutable.
 *
 * @see <a href="https://docs.aws.amazon.com/firehose/latest/dev/limits.html">Amazon Data Firehose Quota</a>
 */
public final class Quota {
    private static final long MIB = 1024L * 1024;
    /** The regions with the larger quota; every other region has {@link #SMALL}. */
    public static final List<String> LARGE_REGIONS = Arrays.asList("us-east-1", "us-west-2", "eu-west-1");
    /** us-east-1, us-west-2 and eu-west-1: 5 MiB/s, 500,000 records/s, 2,000 requests/s. */
    public static final Quota LARGE = new Quota(5 * MIB, 500_000, 2_000);
    /** Every other region: 1 MiB/s, 100,000 records/s, 1,000 requests/s. */
    public static final Quota SMALL = new Quota(MIB, 100_000, 1_000);
    /** No limit (firehose-local's default). */
    public static final Quota NONE = new Quota(0, 0, 0);

    private final long bytesPerSecond;
    private final long recordsPerSecond;
    private final long requestsPerSecond;

    private Quota(long bytesPerSecond, long recordsPerSecond, long requestsPerSecond) {
        this.bytesPerSecond = bytesPerSecond;
        this.recordsPerSecond = recordsPerSecond;
        this.requestsPerSecond = requestsPerSecond;
    }

    /** @throws IllegalArgumentException naming a negative limit */
    public static Quota of(long bytesPerSecond, long recordsPerSecond, long requestsPerSecond) {
        if (bytesPerSecond < 0 || recordsPerSecond < 0 || requestsPerSecond < 0) {
            throw new IllegalArgumentException("Quota bytesPerSecond=" + bytesPerSecond + ", recordsPerSecond=" + recordsPerSecond
                    + ", requestsPerSecond=" + requestsPerSecond + ": none may be negative; 0 is no limit");
        }
        return new Quota(bytesPerSecond, recordsPerSecond, requestsPerSecond);
    }

    /** The default quota a new stream gets in {@code region}: {@link #LARGE} or {@link #SMALL}. */
    public static Quota forRegion(String region) {
        return LARGE_REGIONS.contains(region) ? LARGE : SMALL;
    }

    public long bytesPerSecond() {
        return bytesPerSecond;
    }

    public long recordsPerSecond() {
        return recordsPerSecond;
    }

    public long requestsPerSecond() {
        return requestsPerSecond;
    }

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof Quota)) {
            return false;
        }
        Quota that = (Quota) other;
        return bytesPerSecond == that.bytesPerSecond && recordsPerSecond == that.recordsPerSecond
                && requestsPerSecond == that.requestsPerSecond;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(bytesPerSecond) * 961 + Long.hashCode(recordsPerSecond) * 31 + Long.hashCode(requestsPerSecond);
    }

    @Override
    public String toString() {
        return "Quota{bytesPerSecond=" + bytesPerSecond + ", recordsPerSecond=" + recordsPerSecond
                + ", requestsPerSecond=" + requestsPerSecond + "}";
    }
}
