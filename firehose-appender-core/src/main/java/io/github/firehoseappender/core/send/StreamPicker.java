package io.github.firehoseappender.core.send;

import java.util.List;

/**
 * Which delivery stream the next call goes to: the configured streams in turn, skipping one that throttled until its
 * cool-down ends and, with client-side pacing, one whose allowance (bytes or calls per second) is spent. With one
 * stream and no pacing it always answers that stream, once its cool-down is over.
 *
 * <p>Calls are sent one at a time and each goes whole to one stream, so every stream receives its records in the
 * order they were logged, whichever stream a resent record moves to. Sender thread only.
 */
final class StreamPicker {
    private final List<String> streams;
    private final long[] coolUntil;
    private final Allowance[] bytes;
    private final Allowance[] calls;
    private final boolean[] cooling;
    private int next;

    /**
     * @param bytesPerSecond pacing per stream, 0 for none
     * @param callsPerSecond pacing per stream, 0 for none
     */
    StreamPicker(List<String> streams, long bytesPerSecond, int callsPerSecond, long now) {
        this.streams = streams;
        int n = streams.size();
        this.coolUntil = new long[n];
        this.cooling = new boolean[n];
        this.bytes = bytesPerSecond > 0 ? new Allowance[n] : null;
        this.calls = callsPerSecond > 0 ? new Allowance[n] : null;
        for (int i = 0; i < n; i++) {
            if (bytes != null) {
                bytes[i] = new Allowance(bytesPerSecond, now);
            }
            if (calls != null) {
                calls[i] = new Allowance(callsPerSecond, now);
            }
        }
    }

    int size() {
        return streams.size();
    }

    String name(int stream) {
        return streams.get(stream);
    }

    /** The stream for a call of {@code callBytes} now, in turn after the last one picked; -1 when none may take it. */
    int pick(long now, long callBytes) {
        int n = streams.size();
        for (int i = 0; i < n; i++) {
            int s = (next + i) % n;
            if (waitNanos(s, now, callBytes) <= 0) {
                next = (s + 1) % n;
                return s;
            }
        }
        return -1;
    }

    /** When some stream may take a call of {@code callBytes}, after {@link #pick} found none. */
    long readyAt(long now, long callBytes) {
        long soonest = Long.MAX_VALUE;
        for (int s = 0; s < streams.size(); s++) {
            soonest = Math.min(soonest, waitNanos(s, now, callBytes));
        }
        return now + Math.max(0, soonest);
    }

    /** A call of {@code callBytes} went to {@code stream}: it spends that stream's allowance. */
    void sent(int stream, long callBytes, long now) {
        if (bytes != null) {
            bytes[stream].spend(callBytes, now);
        }
        if (calls != null) {
            calls[stream].spend(1, now);
        }
    }

    /** {@code stream} throttled: no call goes there before {@code until}. */
    void throttled(int stream, long until) {
        coolUntil[stream] = until;
        cooling[stream] = true;
    }

    private long waitNanos(int s, long now, long callBytes) {
        long wait = cooling[s] ? coolUntil[s] - now : 0;
        if (bytes != null) {
            wait = Math.max(wait, bytes[s].waitNanos(callBytes, now));
        }
        if (calls != null) {
            wait = Math.max(wait, calls[s].waitNanos(1, now));
        }
        return wait;
    }

    /** A token bucket holding at most one second's worth: the pace of a per-second quota, bursts included. */
    static final class Allowance {
        private final double perSecond;
        private double available;
        private long updatedAt;

        Allowance(double perSecond, long now) {
            this.perSecond = perSecond;
            this.available = perSecond;
            this.updatedAt = now;
        }

        long waitNanos(long amount, long now) {
            refill(now);
            double missing = Math.min(amount, perSecond) - available;
            return missing <= 0 ? 0 : (long) Math.ceil(missing / perSecond * 1e9);
        }

        void spend(long amount, long now) {
            refill(now);
            available -= amount;
        }

        private void refill(long now) {
            long elapsed = now - updatedAt;
            if (elapsed > 0) {
                available = Math.min(perSecond, available + elapsed / 1e9 * perSecond);
                updatedAt = now;
            }
        }
    }
}
