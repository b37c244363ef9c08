package io.github.firehoseappender.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * How many of a trial's calls the appender kept rather than dropped by its overflow policy. An async appender at
 * saturation either blocks the caller (its time is then the consumer's) or drops (its time is then the drop path),
 * so each hot-path figure is quoted with this. Appended to {@code $BENCH_RESULTS/acceptance.tsv} when set.
 */
final class Acceptance {
    private final Queue<Calls> perThread = new ConcurrentLinkedQueue<>();

    /** Per-thread call counter: a plain field, no contention, about a nanosecond. */
    static final class Calls {
        long n;
    }

    Calls register() {
        Calls c = new Calls();
        perThread.add(c);
        return c;
    }

    long calls() {
        long sum = 0;
        for (Calls c : perThread) {
            sum += c.n;
        }
        return sum;
    }

    void report(String benchmark, String appender, long kept) {
        long calls = calls();
        int threads = perThread.size();
        String line = benchmark + "\t" + appender + "\t" + threads + "\t" + calls + "\t" + kept + "\t"
                + (calls == 0 ? 0 : (double) (calls - Math.min(calls, kept)) / calls) + "\n";
        System.out.print("[acceptance] " + line);
        String dir = System.getenv("BENCH_RESULTS");
        if (dir == null || dir.isEmpty()) {
            return;
        }
        try {
            Path out = Paths.get(dir, "acceptance.tsv");
            Files.createDirectories(out.getParent());
            Files.write(out, line.getBytes(StandardCharsets.UTF_8), StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            System.err.println("cannot write acceptance: " + e);
        }
    }
}
