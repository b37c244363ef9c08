package io.github.firehoseappender.benchmarks;

import java.util.ArrayList;
import java.util.List;

/**
 * End-to-end latency (append to acknowledged) without touching a single event: the buffer and the sender are FIFO
 * (calls complete in drain order), so the k-th accepted event is the k-th acknowledged one. A sampler records, every
 * millisecond, how many events had been accepted (appended minus dropped) and how many acknowledged; the k-th event's
 * latency is the time the acknowledged count reached k minus the time the accepted count did. Resolution: the
 * sampling interval. Percentiles are over events, not samples.
 */
final class LatencyFromCounters {
    private long[] times = new long[1 << 16];
    private long[] accepted = new long[1 << 16];
    private long[] acknowledged = new long[1 << 16];
    private int n;

    void sample(long nanoTime, long acceptedCount, long acknowledgedCount) {
        if (n == times.length) {
            times = java.util.Arrays.copyOf(times, n * 2);
            accepted = java.util.Arrays.copyOf(accepted, n * 2);
            acknowledged = java.util.Arrays.copyOf(acknowledged, n * 2);
        }
        times[n] = nanoTime;
        accepted[n] = acceptedCount;
        acknowledged[n] = acknowledgedCount;
        n++;
    }

    /**
     * Latency percentiles in milliseconds of the events accepted in {@code (fromAccepted, toAccepted]} that were
     * acknowledged by the last sample; {@code ps} as fractions (0.5, 0.99).
     */
    double[] percentilesMillis(long fromAccepted, long toAccepted, double... ps) {
        List<long[]> weighted = new ArrayList<>(); // {latency nanos, events}
        int a = 0;
        long k = fromAccepted;
        for (int d = 0; d < n && k < toAccepted; d++) {
            long upTo = Math.min(acknowledged[d], toAccepted);
            while (k < upTo) {
                while (a < n && accepted[a] <= k) {
                    a++;
                }
                if (a == n) {
                    break;
                }
                // events k+1 .. min(upTo, accepted[a]) were accepted by sample a and acknowledged by sample d
                long last = Math.min(upTo, accepted[a]);
                weighted.add(new long[] {Math.max(0, times[d] - times[a]), last - k});
                k = last;
            }
        }
        weighted.sort((x, y) -> Long.compare(x[0], y[0]));
        long total = 0;
        for (long[] w : weighted) {
            total += w[1];
        }
        double[] out = new double[ps.length];
        for (int i = 0; i < ps.length; i++) {
            long rank = (long) Math.ceil(ps[i] * total);
            long seen = 0;
            out[i] = Double.NaN;
            for (long[] w : weighted) {
                seen += w[1];
                if (seen >= rank) {
                    out[i] = w[0] / 1e6;
                    break;
                }
            }
        }
        return out;
    }
}
