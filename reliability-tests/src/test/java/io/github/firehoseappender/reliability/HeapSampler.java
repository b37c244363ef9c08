package io.github.firehoseappender.reliability;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Samples the heap on a daemon thread every 20 ms while a scenario runs: the used heap as the MemoryMXBean reports it
 * (garbage included) and the heap left after the last collection of each pool (what is really held). Also runs the
 * scenario's own probes on each tick (buffer depth, calls sent), so they are sampled on the same clock.
 */
final class HeapSampler implements AutoCloseable {
    private static final long MIB = 1024 * 1024;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "reliability-heap-sampler");
        t.setDaemon(true);
        return t;
    });
    private final List<MemoryPoolMXBean> heapPools = new ArrayList<>();
    private final List<Runnable> probes = new ArrayList<>();
    private volatile long maxUsed;
    private volatile long maxAfterGc;

    private HeapSampler() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.isCollectionUsageThresholdSupported()) {
                heapPools.add(pool);
            }
        }
    }

    /** Starts sampling; {@code probes} run on every tick too, on the sampler thread. */
    static HeapSampler start(Runnable... probes) {
        HeapSampler sampler = new HeapSampler();
        sampler.probes.addAll(List.of(probes));
        sampler.sample();
        sampler.timer.scheduleAtFixedRate(sampler::sample, 20, 20, TimeUnit.MILLISECONDS);
        return sampler;
    }

    private void sample() {
        long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        if (used > maxUsed) {
            maxUsed = used;
        }
        long afterGc = 0;
        for (MemoryPoolMXBean pool : heapPools) {
            MemoryUsage usage = pool.getCollectionUsage();
            if (usage != null) {
                afterGc += usage.getUsed();
            }
        }
        if (afterGc > maxAfterGc) {
            maxAfterGc = afterGc;
        }
        for (Runnable probe : probes) {
            probe.run();
        }
    }

    /** Largest used heap seen, garbage included, in MiB. */
    long maxUsedMiB() {
        return (maxUsed + MIB - 1) / MIB;
    }

    /** Largest heap seen right after a collection, in MiB. */
    long maxAfterGcMiB() {
        return (maxAfterGc + MIB - 1) / MIB;
    }

    static long maxHeapMiB() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax() / MIB;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            if (!timer.awaitTermination(5, TimeUnit.SECONDS)) {
                throw new IllegalStateException("heap sampler did not stop within 5 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sample();
    }
}
