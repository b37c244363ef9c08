package io.github.firehoseappender.core;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;

/** A sender thread factory whose thread waits for {@link #release()} before running: the buffer fills untouched. */
public final class HeldThreads implements ThreadFactory {
    private final CountDownLatch released = new CountDownLatch(1);

    @Override
    public Thread newThread(Runnable runnable) {
        Thread t = new Thread(() -> {
            try {
                released.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            runnable.run();
        }, "firehose-sender-held");
        t.setDaemon(true);
        return t;
    }

    public void release() {
        released.countDown();
    }
}
