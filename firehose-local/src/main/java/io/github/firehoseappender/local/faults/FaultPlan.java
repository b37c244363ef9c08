package io.github.firehoseappender.local.faults;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Random;

/**
 * The faults planned for the calls to come, and the decisions they lead to: whether a call fails
 * whole, what happens to its connection, which of its entries fail. Thread-safe: every decision is
 * taken under this object's lock, so concurrent calls do not interleave. The public settings API
 * is {@code io.github.firehoseappender.local.FaultInjector}, which documents each fault.
 */
public final class FaultPlan {
    /** What happens to one entry of a Put call. */
    public enum EntryOutcome { ACCEPTED, FAILED, THROTTLED }

    /** What happens to the connection of one Put call. */
    public enum ConnectionOutcome { KEEP, DROP_BEFORE_PROCESSING, CUT_ANSWER }

    private final Clock clock;
    private Random random;
    private long seed;

    private int entriesToFail;
    private int failEveryNth;
    private long entriesSeen;
    private double entryFailureRate;
    private int callsToFail;
    private int failedCallStatus;
    private double callFailureRate;
    private int callFailureRateStatus = 503;
    private int callsToDrop;
    private int answersToCut;
    private double connectionDropRate;
    private Duration latency = Duration.ZERO;
    private boolean outage;
    private Instant outageFrom;
    private Instant outageUntil;
    private final StreamQuotas quotas;
    private int recordsToFailProcessing;

    private long injectedEntryFailures;
    private long throttledEntries;
    private long throttledCalls;
    private long injectedCallFailures;
    private long droppedConnections;
    private long cutAnswers;
    private long outageAnswers;
    private long processingFailures;

    public FaultPlan(Clock clock) {
        this.clock = clock;
        this.quotas = new StreamQuotas(clock);
        seed(0);
    }

    /** Re-seeds the random source every rate draws from; default seed 0. */
    public synchronized FaultPlan seed(long seed) {
        this.seed = seed;
        this.random = new Random(seed);
        return this;
    }

    /** The next {@code n} entries, across Put calls, fail with ServiceUnavailableException "Slow down.". */
    public synchronized FaultPlan failEntries(int n) {
        requireNotNegative(n, "n");
        entriesToFail = n;
        return this;
    }

    /**
     * Every {@code n}-th entry from now on (the n-th, 2n-th, ...) fails; 0 turns it off. A
     * PutRecord whose entry fails is answered as a whole-call 503 ServiceUnavailableException,
     * since PutRecord has no per-entry answer.
     */
    public synchronized FaultPlan failEveryNthEntry(int n) {
        requireNotNegative(n, "n");
        failEveryNth = n;
        entriesSeen = 0;
        return this;
    }

    /** Each entry fails with probability {@code rate} (0..1), drawn from the seeded random source; 0 turns it off. */
    public synchronized FaultPlan failEntryRate(double rate) {
        entryFailureRate = requireRate(rate);
        return this;
    }

    /**
     * The next {@code n} PutRecord/PutRecordBatch calls fail whole with {@code httpStatus}:
     * 503 ServiceUnavailableException "Slow down." (Firehose's throttling), 500 InternalFailure,
     * 429 ThrottlingException, 403 AccessDeniedException, any other status InternalFailure. Calls
     * the SDK retries count too.
     */
    public synchronized FaultPlan failNextCalls(int n, int httpStatus) {
        requireNotNegative(n, "n");
        requireErrorStatus(httpStatus);
        callsToFail = n;
        failedCallStatus = httpStatus;
        return this;
    }

    /** Each Put call fails whole with {@code httpStatus} (as {@link #failNextCalls}) with probability {@code rate}. */
    public synchronized FaultPlan failCallRate(double rate, int httpStatus) {
        requireErrorStatus(httpStatus);
        callFailureRate = requireRate(rate);
        callFailureRateStatus = httpStatus;
        return this;
    }

    /**
     * The next {@code n} Put calls are read, not processed, and their connection is closed
     * without an answer: the client sees the server hang up (records were not accepted).
     */
    public synchronized FaultPlan dropNextCalls(int n) {
        requireNotNegative(n, "n");
        callsToDrop = n;
        return this;
    }

    /**
     * The next {@code n} Put calls are processed (their records accepted and delivered), then
     * their answer is cut off halfway and the connection closed: the client cannot tell, retries,
     * and Firehose's at-least-once duplicates appear.
     */
    public synchronized FaultPlan dropNextResponses(int n) {
        requireNotNegative(n, "n");
        answersToCut = n;
        return this;
    }

    /** Each Put call's connection is dropped without an answer (not processed) with probability {@code rate}. */
    public synchronized FaultPlan dropConnectionRate(double rate) {
        connectionDropRate = requireRate(rate);
        return this;
    }

    /** Delays every answer by {@code latency}; {@link Duration#ZERO} turns it off. */
    public synchronized FaultPlan latency(Duration latency) {
        Objects.requireNonNull(latency, "latency");
        if (latency.isNegative()) {
            throw new IllegalArgumentException("latency=" + latency + " is negative");
        }
        this.latency = latency;
        return this;
    }

    /** While on, every Firehose call (any operation) is answered 503 ServiceUnavailableException. */
    public synchronized FaultPlan outage(boolean on) {
        outage = on;
        return this;
    }

    /** An outage (as {@link #outage(boolean)}) from {@code from} (inclusive) until {@code until} (exclusive), by this instance's clock. */
    public synchronized FaultPlan outageBetween(Instant from, Instant until) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(until, "until");
        if (!until.isAfter(from)) {
            throw new IllegalArgumentException("outage until=" + until + " must be after from=" + from);
        }
        outageFrom = from;
        outageUntil = until;
        return this;
    }

    /** An outage starting now and lasting {@code duration}. */
    public synchronized FaultPlan outageFor(Duration duration) {
        Instant now = clock.instant();
        return outageBetween(now, now.plus(duration));
    }

    /**
     * Sets one of Firehose's per-stream quotas, per second; 0 turns it off. Every stream's buckets
     * start full again.
     *
     * @param stream one stream, or null for every stream that has no limit of its own
     */
    public synchronized FaultPlan quota(String stream, QuotaLimit limit, long perSecond) {
        quotas.set(stream, limit, perSecond);
        return this;
    }

    /** The limit in force for {@code stream}: its own, else every stream's; 0 when there is none. */
    public synchronized long quotaOf(String stream, QuotaLimit limit) {
        return quotas.effective(stream, limit);
    }

    /**
     * The next {@code n} accepted records fail processing, as records a failing Lambda
     * transformation returns: they are not delivered under the prefix but written, wrapped in
     * Firehose's error JSON, under the stream's ErrorOutputPrefix with
     * {@code !{firehose:error-output-type}} = {@code processing-failed}.
     */
    public synchronized FaultPlan failProcessing(int n) {
        requireNotNegative(n, "n");
        recordsToFailProcessing = n;
        return this;
    }

    /** Turns every fault off (counters and the seed stay). */
    public synchronized FaultPlan reset() {
        entriesToFail = 0;
        failEveryNth = 0;
        entriesSeen = 0;
        entryFailureRate = 0;
        callsToFail = 0;
        failedCallStatus = 0;
        callFailureRate = 0;
        callFailureRateStatus = 503;
        callsToDrop = 0;
        answersToCut = 0;
        connectionDropRate = 0;
        latency = Duration.ZERO;
        outage = false;
        outageFrom = null;
        outageUntil = null;
        quotas.clear();
        recordsToFailProcessing = 0;
        return this;
    }

    /** The current settings, by the names the admin endpoint and the command line use. */
    public synchronized Map<String, Object> settings() {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("seed", seed);
        settings.put("failEntries", entriesToFail);
        settings.put("failEveryNthEntry", failEveryNth);
        settings.put("failEntryRate", entryFailureRate);
        settings.put("failNextCalls", callsToFail);
        settings.put("failNextCallsStatus", failedCallStatus);
        settings.put("failCallRate", callFailureRate);
        settings.put("failCallRateStatus", callFailureRateStatus);
        settings.put("dropNextCalls", callsToDrop);
        settings.put("dropNextResponses", answersToCut);
        settings.put("dropConnectionRate", connectionDropRate);
        settings.put("latencyMillis", latency.toMillis());
        settings.put("outage", outage);
        settings.put("outageFrom", outageFrom == null ? null : outageFrom.toString());
        settings.put("outageUntil", outageUntil == null ? null : outageUntil.toString());
        settings.put("inOutageNow", inOutage());
        settings.putAll(quotas.settings());
        settings.put("failProcessing", recordsToFailProcessing);
        return settings;
    }

    /** How many faults were injected so far, by kind. */
    public synchronized Map<String, Long> injected() {
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("failedEntries", injectedEntryFailures);
        counts.put("throttledEntries", throttledEntries);
        counts.put("throttledCalls", throttledCalls);
        counts.put("failedCalls", injectedCallFailures);
        counts.put("outageAnswers", outageAnswers);
        counts.put("droppedConnections", droppedConnections);
        counts.put("cutAnswers", cutAnswers);
        counts.put("processingFailures", processingFailures);
        return counts;
    }

    public synchronized Duration currentLatency() {
        return latency;
    }

    /**
     * @return the HTTP status a call must be answered with instead of running (503 during an
     *         outage; for Put calls the injected call failure's status), or 0 to run it
     */
    public synchronized int callFaultStatus(boolean putCall) {
        if (inOutage()) {
            outageAnswers++;
            return 503;
        }
        if (putCall && callsToFail > 0) {
            callsToFail--;
            injectedCallFailures++;
            return failedCallStatus;
        }
        if (putCall && callFailureRate > 0 && random.nextDouble() < callFailureRate) {
            injectedCallFailures++;
            return callFailureRateStatus;
        }
        return 0;
    }

    /** Decides, once per Put call, what happens to its connection. */
    public synchronized ConnectionOutcome connectionFault() {
        if (callsToDrop > 0) {
            callsToDrop--;
            droppedConnections++;
            return ConnectionOutcome.DROP_BEFORE_PROCESSING;
        }
        if (connectionDropRate > 0 && random.nextDouble() < connectionDropRate) {
            droppedConnections++;
            return ConnectionOutcome.DROP_BEFORE_PROCESSING;
        }
        if (answersToCut > 0) {
            answersToCut--;
            cutAnswers++;
            return ConnectionOutcome.CUT_ANSWER;
        }
        return ConnectionOutcome.KEEP;
    }

    /** Decides, in one step so concurrent calls do not interleave, which of a call's entries fail. */
    public synchronized boolean[] entryFailures(int entryCount) {
        EntryOutcome[] outcomes = entryOutcomes(null, new long[entryCount]);
        boolean[] failed = new boolean[entryCount];
        for (int i = 0; i < entryCount; i++) {
            failed[i] = outcomes[i] != EntryOutcome.ACCEPTED;
        }
        return failed;
    }

    /**
     * Takes one call from the stream's request quota, once its records are known to be valid.
     *
     * @return false when the stream's requests per second are used up: the call is throttled whole
     */
    public synchronized boolean admitCall(String stream) {
        if (quotas.takeRequest(stream)) {
            return true;
        }
        throttledCalls++;
        return false;
    }

    /** Counts a call throttled whole because its one entry did not fit the quota (PutRecord). */
    public synchronized void countThrottledCall() {
        throttledCalls++;
    }

    /**
     * Per entry of one Put call on {@code stream}, with each entry's decoded size: injected
     * failures first, then the byte and record quotas (an entry must fit both; it takes from both
     * or neither).
     */
    public synchronized EntryOutcome[] entryOutcomes(String stream, long[] sizes) {
        EntryOutcome[] outcomes = new EntryOutcome[sizes.length];
        for (int i = 0; i < sizes.length; i++) {
            entriesSeen++;
            boolean failed = false;
            if (entriesToFail > 0) {
                entriesToFail--;
                failed = true;
            } else if (failEveryNth > 0 && entriesSeen % failEveryNth == 0) {
                failed = true;
            } else if (entryFailureRate > 0 && random.nextDouble() < entryFailureRate) {
                failed = true;
            }
            if (failed) {
                injectedEntryFailures++;
                outcomes[i] = EntryOutcome.FAILED;
            } else if (stream != null && !quotas.takeEntry(stream, sizes[i])) {
                throttledEntries++;
                outcomes[i] = EntryOutcome.THROTTLED;
            } else {
                outcomes[i] = EntryOutcome.ACCEPTED;
            }
        }
        return outcomes;
    }

    /** @return how many of the next {@code accepted} records fail processing (the first ones) */
    public synchronized int processingFailures(int accepted) {
        int failing = Math.min(accepted, recordsToFailProcessing);
        recordsToFailProcessing -= failing;
        processingFailures += failing;
        return failing;
    }

    private boolean inOutage() {
        if (outage) {
            return true;
        }
        if (outageFrom == null) {
            return false;
        }
        Instant now = clock.instant();
        return !now.isBefore(outageFrom) && now.isBefore(outageUntil);
    }

    private static void requireNotNegative(int n, String name) {
        if (n < 0) {
            throw new IllegalArgumentException(name + "=" + n + " is negative");
        }
    }

    private static double requireRate(double rate) {
        if (!(rate >= 0 && rate <= 1)) {
            throw new IllegalArgumentException("rate=" + rate + " is outside 0..1");
        }
        return rate;
    }

    private static void requireErrorStatus(int httpStatus) {
        if (httpStatus < 400 || httpStatus > 599) {
            throw new IllegalArgumentException("httpStatus=" + httpStatus + " is not an error status; use 400..599");
        }
    }
}
