package io.github.firehoseappender.discard;

import java.util.concurrent.CountDownLatch;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

public final class Main {
    public static void main(String[] args) throws Exception {
        int threads = Integer.getInteger("threads", 4);
        int perThread = Integer.getInteger("perThread", 20_000);
        Logger log = LogManager.getLogger("discard");
        System.out.println("logger=" + log.getClass().getName()
                + " disruptor=" + com.lmax.disruptor.RingBuffer.class.getPackage().getImplementationVersion()
                + " jar=" + com.lmax.disruptor.RingBuffer.class.getProtectionDomain().getCodeSource().getLocation());
        CountDownLatch start = new CountDownLatch(1);
        Thread[] ts = new Thread[threads];
        for (int i = 0; i < threads; i++) {
            final int idx = i;
            ts[i] = new Thread(() -> {
                try { start.await(); } catch (InterruptedException e) { return; }
                for (int n = 0; n < perThread; n++) {
                    log.info("t{} n{}", idx, n);
                }
            }, "P" + i);
            ts[i].start();
        }
        // optional sampler of RingBuffer.remainingCapacity() via Log4j's RingBufferAdmin
        final long[] sample = {Long.MAX_VALUE, 0, 0}; // min, negativeSamples, samples
        final boolean[] stop = {false};
        Thread sampler = null;
        if (Boolean.getBoolean("sample")) {
            org.apache.logging.log4j.core.jmx.RingBufferAdmin admin =
                    ((org.apache.logging.log4j.core.async.AsyncLoggerContext) LogManager.getContext(false)).createRingBufferAdmin();
            sampler = new Thread(() -> {
                while (!stop[0]) {
                    long rc = admin.getRemainingCapacity();
                    sample[2]++;
                    if (rc < sample[0]) sample[0] = rc;
                    if (rc < 0) sample[1]++;
                }
            }, "sampler");
            sampler.start();
        }
        long t0 = System.nanoTime();
        start.countDown();
        for (Thread t : ts) t.join();
        long t1 = System.nanoTime();
        if (sampler != null) {
            stop[0] = true;
            sampler.join();
            System.out.printf("SAMPLER samples=%d minRemainingCapacity=%d negativeSamples=%d%n", sample[2], sample[0], sample[1]);
        }
        System.out.println("POLICY queueFullPolicyCalls=" + CountingPolicy.CALLS.get());
        LogManager.shutdown();
        long t2 = System.nanoTime();
        long logged = 0, received = 0;
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < threads; i++) {
            long r = CountingAppender.RECEIVED.get(i);
            logged += perThread;
            received += r;
            sb.append(String.format(" P%d:%d/%d(-%d)", i, r, perThread, perThread - r));
        }
        System.out.printf("RESULT ring=%s syncEnq=%s logged=%d received=%d missing=%d other=%d produce=%dms drain=%dms |%s%n",
                System.getProperty("log4j2.asyncLoggerRingBufferSize", "default"),
                System.getProperty("log4j2.asyncLoggerSynchronizeEnqueueWhenQueueFull", "default"),
                logged, received, logged - received, CountingAppender.OTHER.get(0),
                (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, sb);
    }
}
