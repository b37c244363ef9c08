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

    public boolean await(long timeoutNanos) throws InterruptedException {
        return done.await(timeoutNanos, TimeUnit.NANOSECONDS);
    }

    public void complete() {
        done.countDown();
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
