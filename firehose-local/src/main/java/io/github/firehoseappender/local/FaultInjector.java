package io.github.firehoseappender.local;

import io.github.firehoseappender.local.faults.FaultPlan;
import io.github.firehoseappender.local.faults.QuotaLimit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Random;

/**
 * Run-time fault control for tests and outage rehearsals, deterministic and thread-safe. Rates
 * draw from one {@link Random} seeded by {@link #seed(long)}, so a seeded run fails the same
 * entries every time; time-based faults (outage window, quotas) read the instance's clock.
 *
 * <p>Faults apply in this order: {@link #outage(boolean) outage} (every Firehose call, any
 * operation), then for PutRecord/PutRecordBatch: {@link #dropNextCalls dropped connections}
 * (request not processed, no answer), {@link #failNextCalls whole failed calls} and
 * {@link #failCallRate call failure rate}, then per entry {@link #failEntries counted},
 * {@link #failEveryNthEntry every n-th} and {@link #failEntryRate rate} failures, then the
 * per-stream quotas: {@link #requestQuota(long) requests} per second for the whole call (checked once
 * its records are valid), then {@link #byteQuota(long) bytes} and {@link #recordQuota(long) records}
 * per second for each entry. Each stream has its own buckets; a stream's own quota
 * ({@link #quota(String, Quota)}) wins over every stream's ({@link #quota(Quota)}). A failed or
 * throttled entry is answered inside an HTTP 200 with {@code ErrorCode ServiceUnavailableException}
 * "Slow down." and is neither
 * recorded nor delivered, so tests can count exact deliveries. {@link #dropNextResponses Cut
 * answers} are processed first (the records are accepted) and then lost on the wire, as a
 * timeout after a successful call is. {@link #latency(Duration) Latency} delays every answer.
 */
public final class FaultInjector {
    /** Firehose's per-stream throughput quota in its largest regions. */
    public static final long FIVE_MIB_PER_SECOND = 5L * 1024 * 1024;
    /** Firehose's per-stream throughput quota in the other regions. */
    public static final long ONE_MIB_PER_SECOND = 1024L * 1024;

    private final FaultPlan plan;

    FaultInjector() {
        this(Clock.systemUTC());
    }

    FaultInjector(Clock clock) {
        this.plan = new FaultPlan(clock);
    }

    /** Re-seeds the random source every rate draws from; default seed 0. */
    public FaultInjector seed(long seed) {
        plan.seed(seed);
        return this;
    }

    /** The next {@code n} entries, across Put calls, fail with ServiceUnavailableException "Slow down.". */
    public FaultInjector failEntries(int n) {
        plan.failEntries(n);
        return this;
    }

    /**
     * Every {@code n}-th entry from now on (the n-th, 2n-th, ...) fails; 0 turns it off. A
     * PutRecord whose entry fails is answered as a whole-call 503 ServiceUnavailableException,
     * since PutRecord has no per-entry answer.
     */
    public FaultInjector failEveryNthEntry(int n) {
        plan.failEveryNthEntry(n);
        return this;
    }

    /** Each entry fails with probability {@code rate} (0..1), drawn from the seeded random source; 0 turns it off. */
    public FaultInjector failEntryRate(double rate) {
        plan.failEntryRate(rate);
        return this;
    }

    /**
     * The next {@code n} PutRecord/PutRecordBatch calls fail whole with {@code httpStatus}:
     * 503 ServiceUnavailableException "Slow down." (Firehose's throttling), 500 InternalFailure,
     * 429 ThrottlingException, 403 AccessDeniedException, any other status InternalFailure. Calls
     * the SDK retries count too.
     */
    public FaultInjector failNextCalls(int n, int httpStatus) {
        plan.failNextCalls(n, httpStatus);
        return this;
    }

    /** Each Put call fails whole with {@code httpStatus} (as {@link #failNextCalls}) with probability {@code rate}. */
    public FaultInjector failCallRate(double rate, int httpStatus) {
        plan.failCallRate(rate, httpStatus);
        return this;
    }

    /**
     * The next {@code n} Put calls are read, not processed, and their connection is closed
     * without an answer: the client sees the server hang up (records were not accepted).
     */
    public FaultInjector dropNextCalls(int n) {
        plan.dropNextCalls(n);
        return this;
    }

    /**
     * The next {@code n} Put calls are processed (their records accepted and delivered), then
     * their answer is cut off halfway and the connection closed: the client cannot tell, retries,
     * and Firehose's at-least-once duplicates appear.
     */
    public FaultInjector dropNextResponses(int n) {
        plan.dropNextResponses(n);
        return this;
    }

    /** Each Put call's connection is dropped without an answer (not processed) with probability {@code rate}. */
    public FaultInjector dropConnectionRate(double rate) {
        plan.dropConnectionRate(rate);
        return this;
    }

    /** Delays every answer by {@code latency}; {@link Duration#ZERO} turns it off. */
    public FaultInjector latency(Duration latency) {
        plan.latency(latency);
        return this;
    }

    /** While on, every Firehose call (any operation) is answered 503 ServiceUnavailableException. */
    public FaultInjector outage(boolean on) {
        plan.outage(on);
        return this;
    }

    /** An outage (as {@link #outage(boolean)}) from {@code from} (inclusive) until {@code until} (exclusive), by this instance's clock. */
    public FaultInjector outageBetween(Instant from, Instant until) {
        plan.outageBetween(from, until);
        return this;
    }

    /** An outage starting now and lasting {@code duration}. */
    public FaultInjector outageFor(Duration duration) {
        plan.outageFor(duration);
        return this;
    }

    /**
     * Throttles each stream above {@code bytesPerSecond} of record data, as Firehose's
     * per-stream throughput quota does ({@link #ONE_MIB_PER_SECOND}, {@link #FIVE_MIB_PER_SECOND}):
     * a token bucket holding one second's worth, full at start, refilled by the clock. Entries
     * that do not fit fail with ServiceUnavailableException "Slow down." (a PutRecord whole,
     * with 503). 0 turns it off. Applies to every stream without a byte quota of its own.
     */
    public FaultInjector byteQuota(long bytesPerSecond) {
        plan.quota(null, QuotaLimit.BYTES, bytesPerSecond);
        return this;
    }

    /**
     * Throttles each stream above {@code recordsPerSecond} records, as {@link #byteQuota(long)}
     * does bytes: entries beyond it get "Slow down." inside the HTTP 200. 0 turns it off. Applies
     * to every stream without a record quota of its own.
     */
    public FaultInjector recordQuota(long recordsPerSecond) {
        plan.quota(null, QuotaLimit.RECORDS, recordsPerSecond);
        return this;
    }

    /**
     * Throttles each stream above {@code requestsPerSecond} Put calls (PutRecord and PutRecordBatch
     * together): a call beyond it is answered whole with 503 ServiceUnavailableException "Slow
     * down.", the error Firehose documents for exceeded throughput limits, and none of its records
     * is taken. 0 turns it off. Applies to every stream without a request quota of its own.
     */
    public FaultInjector requestQuota(long requestsPerSecond) {
        plan.quota(null, QuotaLimit.REQUESTS, requestsPerSecond);
        return this;
    }

    /** All three quotas of every stream that has none of its own, e.g. {@link Quota#SMALL}; {@link Quota#NONE} turns them off. */
    public FaultInjector quota(Quota quota) {
        return quota(null, quota);
    }

    /** The byte quota of one stream, over every stream's ({@code 0} turns it off for that stream only). */
    public FaultInjector byteQuota(String stream, long bytesPerSecond) {
        plan.quota(requireStream(stream), QuotaLimit.BYTES, bytesPerSecond);
        return this;
    }

    /** The record quota of one stream, over every stream's. */
    public FaultInjector recordQuota(String stream, long recordsPerSecond) {
        plan.quota(requireStream(stream), QuotaLimit.RECORDS, recordsPerSecond);
        return this;
    }

    /** The request quota of one stream, over every stream's. */
    public FaultInjector requestQuota(String stream, long requestsPerSecond) {
        plan.quota(requireStream(stream), QuotaLimit.REQUESTS, requestsPerSecond);
        return this;
    }

    /** All three quotas of one stream, over every stream's; {@link Quota#NONE} lifts them for that stream. */
    public FaultInjector quota(String stream, Quota quota) {
        Objects.requireNonNull(quota, "quota");
        String target = stream == null ? null : requireStream(stream);
        plan.quota(target, QuotaLimit.BYTES, quota.bytesPerSecond());
        plan.quota(target, QuotaLimit.RECORDS, quota.recordsPerSecond());
        plan.quota(target, QuotaLimit.REQUESTS, quota.requestsPerSecond());
        return this;
    }

    /** The quota in force for {@code stream}: its own limits where set, every stream's otherwise. */
    public Quota quotaOf(String stream) {
        requireStream(stream);
        return Quota.of(plan.quotaOf(stream, QuotaLimit.BYTES), plan.quotaOf(stream, QuotaLimit.RECORDS),
                plan.quotaOf(stream, QuotaLimit.REQUESTS));
    }

    /**
     * The next {@code n} accepted records fail processing, as records a failing Lambda
     * transformation returns: they are not delivered under the prefix but written, wrapped in
     * Firehose's error JSON, under the stream's ErrorOutputPrefix with
     * {@code !{firehose:error-output-type}} = {@code processing-failed}.
     */
    public FaultInjector failProcessing(int n) {
        plan.failProcessing(n);
        return this;
    }

    /** Turns every fault off (counters and the seed stay). */
    public FaultInjector reset() {
        plan.reset();
        return this;
    }

    /** The current settings, by the names the admin endpoint and the command line use. */
    public Map<String, Object> settings() {
        return plan.settings();
    }

    /** How many faults were injected so far, by kind. */
    public Map<String, Long> injected() {
        return plan.injected();
    }

    private static String requireStream(String stream) {
        if (stream == null || stream.isEmpty()) {
            throw new IllegalArgumentException("stream is empty; name a stream, or use the setter without one for every stream");
        }
        return stream;
    }

    /** The decisions behind these settings, for the API that applies them. */
    FaultPlan plan() {
        return plan;
    }
}
