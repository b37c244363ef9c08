package io.github.firehoseappender.local;

import java.time.Duration;
import java.util.Objects;

/**
 * Run-time fault control for tests, deterministic and thread-safe. Faults apply in this order:
 * {@link #outage(boolean) outage} (every call), {@link #failNextCalls whole failed Put calls},
 * then, for Put calls that pass validation, {@link #failEntries failed entries} and
 * {@link #failEveryNthEntry every n-th entry}. A failed entry is answered inside an HTTP 200 with
 * {@code ErrorCode ServiceUnavailableException} and is neither recorded nor delivered, so tests
 * can count exact deliveries. {@link #latency(Duration) Latency} delays every answer.
 */
public final class FaultInjector {
    static final String ENTRY_ERROR_CODE = "ServiceUnavailableException";
    static final String ENTRY_ERROR_MESSAGE = "Slow down.";

    private int entriesToFail;
    private int failEveryNth;
    private long entriesSeen;
    private int callsToFail;
    private int failedCallStatus;
    private Duration latency = Duration.ZERO;
    private boolean outage;

    FaultInjector() {
    }

    /** The next {@code n} entries, across Put calls, fail with ServiceUnavailableException "Slow down.". */
    public synchronized FaultInjector failEntries(int n) {
        requireNotNegative(n, "n");
        entriesToFail = n;
        return this;
    }

    /**
     * Every {@code n}-th entry from now on (the n-th, 2n-th, ...) fails; 0 turns it off. A
     * PutRecord whose entry fails is answered as a whole-call 503 ServiceUnavailableException,
     * since PutRecord has no per-entry answer.
     */
    public synchronized FaultInjector failEveryNthEntry(int n) {
        requireNotNegative(n, "n");
        failEveryNth = n;
        entriesSeen = 0;
        return this;
    }

    /**
     * The next {@code n} PutRecord/PutRecordBatch calls fail whole with {@code httpStatus}:
     * 503 ServiceUnavailableException "Slow down." (Firehose's throttling), 500 InternalFailure,
     * 429 ThrottlingException, 403 AccessDeniedException, any other status InternalFailure. Calls
     * the SDK retries count too.
     */
    public synchronized FaultInjector failNextCalls(int n, int httpStatus) {
        requireNotNegative(n, "n");
        if (httpStatus < 400 || httpStatus > 599) {
            throw new IllegalArgumentException("httpStatus=" + httpStatus + " is not an error status; use 400..599");
        }
        callsToFail = n;
        failedCallStatus = httpStatus;
        return this;
    }

    /** Delays every answer by {@code latency}; {@link Duration#ZERO} turns it off. */
    public synchronized FaultInjector latency(Duration latency) {
        Objects.requireNonNull(latency, "latency");
        if (latency.isNegative()) {
            throw new IllegalArgumentException("latency=" + latency + " is negative");
        }
        this.latency = latency;
        return this;
    }

    /** While on, every call (any operation) is answered 503 ServiceUnavailableException. */
    public synchronized FaultInjector outage(boolean on) {
        outage = on;
        return this;
    }

    /** Turns every fault off. */
    public synchronized FaultInjector reset() {
        entriesToFail = 0;
        failEveryNth = 0;
        entriesSeen = 0;
        callsToFail = 0;
        failedCallStatus = 0;
        latency = Duration.ZERO;
        outage = false;
        return this;
    }

    synchronized Duration currentLatency() {
        return latency;
    }

    /** @return the error a call must be answered with instead of running, or null */
    synchronized ApiException callFault(boolean putCall) {
        if (outage) {
            return ApiException.serviceUnavailable();
        }
        if (putCall && callsToFail > 0) {
            callsToFail--;
            return wholeCallError(failedCallStatus);
        }
        return null;
    }

    /** Decides, in one step so concurrent calls do not interleave, which of a call's entries fail. */
    synchronized boolean[] entryFailures(int entryCount) {
        boolean[] failed = new boolean[entryCount];
        for (int i = 0; i < entryCount; i++) {
            entriesSeen++;
            if (entriesToFail > 0) {
                entriesToFail--;
                failed[i] = true;
            } else if (failEveryNth > 0 && entriesSeen % failEveryNth == 0) {
                failed[i] = true;
            }
        }
        return failed;
    }

    private static ApiException wholeCallError(int status) {
        switch (status) {
            case 503:
                return ApiException.serviceUnavailable();
            case 429:
                return new ApiException(429, "ThrottlingException", "Rate exceeded");
            case 403:
                return new ApiException(403, "AccessDeniedException",
                        "User is not authorized to perform this action (fault injected by firehose-local)");
            default:
                return ApiException.internalFailure(status);
        }
    }

    private static void requireNotNegative(int n, String name) {
        if (n < 0) {
            throw new IllegalArgumentException(name + "=" + n + " is negative");
        }
    }
}
