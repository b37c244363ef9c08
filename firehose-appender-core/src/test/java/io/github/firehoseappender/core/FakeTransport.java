package io.github.firehoseappender.core;

import io.github.firehoseappender.core.batch.Record;
import io.github.firehoseappender.core.send.FirehoseTransport;
import io.github.firehoseappender.core.send.PutOutcome;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A Firehose that keeps every line it is sent, in memory. Its construction can be held (a cold SDK client) and its
 * calls too (a slow Firehose), each by a latch the test releases.
 */
public final class FakeTransport implements FirehoseTransport {
    private final List<String> lines = new ArrayList<>();
    private final CountDownLatch calls = new CountDownLatch(1);
    private volatile CountDownLatch callGate = new CountDownLatch(0);
    private final CountDownLatch built = new CountDownLatch(1);
    private final CountDownLatch buildGate = new CountDownLatch(1);
    private volatile boolean closed;

    /** A factory that builds this transport only once {@link #releaseBuild()} is called. */
    public Supplier<FirehoseTransport> heldFactory() {
        return () -> {
            awaitUninterruptibly(buildGate);
            built.countDown();
            return this;
        };
    }

    /** A factory that returns this transport at once. */
    public Supplier<FirehoseTransport> factory() {
        releaseBuild();
        return heldFactory();
    }

    public void releaseBuild() {
        buildGate.countDown();
    }

    public boolean isBuilt() {
        return built.getCount() == 0;
    }

    /** Every call from now on waits for {@link #releaseCalls()}. */
    public void holdCalls() {
        callGate = new CountDownLatch(1);
    }

    public void releaseCalls() {
        callGate.countDown();
    }

    /** Waits until a call has reached the transport (and may be held there). */
    public boolean awaitFirstCall(long seconds) throws InterruptedException {
        return calls.await(seconds, TimeUnit.SECONDS);
    }

    @Override
    public PutOutcome put(String stream, List<Record> records) {
        calls.countDown();
        awaitUninterruptibly(callGate);
        synchronized (lines) {
            for (Record r : records) {
                for (String line : new String(r.data(), StandardCharsets.UTF_8).split("\n")) {
                    lines.add(line);
                }
            }
        }
        return PutOutcome.delivered();
    }

    public List<String> lines() {
        synchronized (lines) {
            return new ArrayList<>(lines);
        }
    }

    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        closed = true;
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
