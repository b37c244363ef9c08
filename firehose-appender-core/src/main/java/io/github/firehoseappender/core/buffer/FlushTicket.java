package io.github.firehoseappender.core.buffer;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A flush request travelling through the buffer behind the events appended before it. When the sender reaches it,
 * everything ahead of it has left the buffer; the sender completes it once those events are acknowledged or dropped.
 */
public final class FlushTicket {
    private final CountDownLatch done = new CountDownLatch(1);
    /** Sender only: how many events the sender had drained when it reached this ticket; -1 until then. */
    private long mark = -1;
    private volatile boolean abandoned;

    public boolean await(long timeoutNanos) throws InterruptedException {
        return done.await(timeoutNanos, TimeUnit.NANOSECONDS);
    }

    public void complete() {
        done.countDown();
    }

    /** Completes it with events ahead of it dropped at stop (or because delivery could not start), not delivered. */
    public void abandon() {
        abandoned = true;
        done.countDown();
    }

    /** True when it was completed by {@link #abandon}: some events ahead of it were dropped, not delivered. */
    public boolean isAbandoned() {
        return abandoned;
    }

    public boolean isDone() {
        return done.getCount() == 0;
    }

    public long mark() {
        return mark;
    }

    public void mark(long drained) {
        this.mark = drained;
    }
}
