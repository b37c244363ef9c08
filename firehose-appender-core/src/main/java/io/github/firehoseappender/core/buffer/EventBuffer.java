package io.github.firehoseappender.core.buffer;

import io.github.firehoseappender.core.config.OverflowPolicy;
import io.github.firehoseappender.core.stats.DeliveryCounters;
import io.github.firehoseappender.core.stats.DropCause;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The bounded hand-off between application threads and the one sender thread, limited by events and by estimated
 * bytes.
 *
 * <p>Why plain code: {@link #offer} runs on every application thread for every event. It reserves room with two
 * atomic adds on counters, links the event into a lock-free queue and returns; it takes no lock, does no I/O, and
 * wakes the sender only when a batch's worth is buffered (a wake-up costs microseconds; the sender otherwise wakes on
 * its own {@code maxBatchDelay} timer). Locks appear only on the overflow paths: {@code BLOCK} waits on a condition
 * the sender signals after draining.
 *
 * <p>The byte bound covers what the sender holds too: the lines it has encoded and not yet delivered are
 * {@linkplain #holdEncoded held} against the same {@code maxBytes}, so draining early (while the client starts, while
 * a call backs off) turns estimated events into compact lines without ever raising the memory bound.
 *
 * <p>Closing: after {@link #close}, {@link #offer} refuses and counts the event as {@link DropCause#NOT_RUNNING}. An
 * offer that raced with close takes its own event back out, so the sender's last drain after close is the only
 * place leftovers are counted, and nothing slips in behind it.
 */
public final class EventBuffer<E> {
    private final ConcurrentLinkedQueue<Object> queue = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<FlushTicket> evictedTickets = new ConcurrentLinkedQueue<>();
    private final AtomicLong events = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    /** Encoded bytes the sender holds outside the queue (see {@link #holdEncoded}). */
    private final AtomicLong heldBytes = new AtomicLong();
    /** Events in the lines the sender holds: they count against the event bound as they did while buffered. */
    private final AtomicLong heldEvents = new AtomicLong();
    private final long maxEvents;
    private final long maxBytes;
    private final long wakeEvents;
    private final long wakeBytes;
    private final OverflowPolicy policy;
    private final long blockTimeoutNanos;
    private final DeliveryCounters counters;
    private final Runnable wakeSender;
    private final ReentrantLock spaceLock = new ReentrantLock();
    private final Condition spaceFreed = spaceLock.newCondition();
    private volatile int blockedProducers;
    /** DROP_NEWEST: set when an offer was refused, cleared when the sender frees room (see {@link #refusing}). */
    private volatile boolean refusing;
    private volatile boolean closed;

    /**
     * @param wakeEvents wake the sender when the buffer reaches this many events
     * @param wakeBytes  wake the sender when the buffer reaches this many estimated bytes
     */
    public EventBuffer(long maxEvents, long maxBytes, long wakeEvents, long wakeBytes, OverflowPolicy policy,
                       long blockTimeoutNanos, DeliveryCounters counters, Runnable wakeSender) {
        this.maxEvents = maxEvents;
        this.maxBytes = maxBytes;
        this.wakeEvents = Math.max(1, Math.min(wakeEvents, maxEvents));
        this.wakeBytes = Math.max(1, Math.min(wakeBytes, maxBytes));
        this.policy = policy;
        this.blockTimeoutNanos = blockTimeoutNanos;
        this.counters = counters;
        this.wakeSender = wakeSender;
    }

    /**
     * Buffers the event under the overflow policy; an event refused or evicted is counted as dropped
     * ({@link DropCause#BUFFER_FULL}).
     *
     * @param estimatedBytes the encoder's size estimate; one event larger than the whole buffer is accepted alone
     * @return true when buffered
     */
    public boolean offer(E event, int estimatedBytes) {
        if (closed) {
            counters.dropped(DropCause.NOT_RUNNING, 1);
            return false;
        }
        long size = Math.max(1, Math.min(estimatedBytes, maxBytes));
        if (!reserve(size)) {
            if (policy == OverflowPolicy.DROP_OLDEST) {
                if (!evictFor(size)) {
                    counters.dropped(DropCause.BUFFER_FULL, 1);
                    return false;
                }
            } else if (policy == OverflowPolicy.BLOCK) {
                if (!awaitRoom(size)) {
                    counters.dropped(closed ? DropCause.NOT_RUNNING : DropCause.BUFFER_FULL, 1);
                    return false;
                }
            } else {
                // Flag first, then look once more: a drain between the failed reservation and the flag would
                // otherwise leave the flag set on an empty buffer, and dropIfFull would refuse everything after.
                refusing = true;
                if (!reserve(size)) {
                    counters.dropped(DropCause.BUFFER_FULL, 1);
                    return false;
                }
                refusing = false;
            }
        }
        Slot<E> slot;
        try {
            slot = new Slot<>(event, (int) size);
            queue.offer(slot);
        } catch (RuntimeException | Error e) {
            release((int) size); // room reserved for an event that never got in (an OutOfMemoryError, say): give it back
            throw e;
        }
        if (closed && queue.remove(slot)) {
            // Closed while we linked it in, and no drain took it: the last drain may be over, so count it here.
            release(slot.size);
            counters.dropped(DropCause.NOT_RUNNING, 1);
            return false;
        }
        return true;
    }

    /**
     * Puts a flush request behind every event buffered so far, and wakes the sender.
     *
     * @return false when the buffer is closed (the ticket is not queued; the caller asks the stop for its outcome)
     */
    public boolean offerTicket(FlushTicket ticket) {
        if (closed) {
            return false;
        }
        queue.offer(ticket);
        if (closed && queue.remove(ticket)) {
            return false;
        }
        wakeSender.run();
        return true;
    }

    /** Refuses every later offer (counted NOT_RUNNING) and ticket. Idempotent; the sender then drains what is left. */
    public void close() {
        closed = true;
        wakeSender.run();
        roomFreed(); // BLOCK: producers waiting for room give up now instead of at their timeout
    }

    public boolean isClosed() {
        return closed;
    }

    /** Sender only: counts {@code n} encoded bytes of {@code eventCount} events it now holds against the bounds. */
    public void holdEncoded(long n, long eventCount) {
        heldBytes.addAndGet(n);
        heldEvents.addAndGet(eventCount);
    }

    /** Sender only: the held encoded bytes and events were delivered or dropped; frees their room. */
    public void releaseEncoded(long n, long eventCount) {
        if (n == 0 && eventCount == 0) {
            return;
        }
        heldBytes.addAndGet(-n);
        heldEvents.addAndGet(-eventCount);
        roomFreed();
    }

    private boolean reserve(long size) {
        long n = events.incrementAndGet();
        long b = bytes.addAndGet(size);
        if (n + heldEvents.get() > maxEvents || b + heldBytes.get() > maxBytes) {
            events.decrementAndGet();
            bytes.addAndGet(-size);
            return false;
        }
        if (n == wakeEvents || b >= wakeBytes && b - size < wakeBytes) {
            wakeSender.run();
        }
        return true;
    }

    /** DROP_OLDEST: evicts from the head until the new event fits. Rare path: only when the buffer is full. */
    private boolean evictFor(long size) {
        for (int tries = 0; tries < 1000; tries++) {
            Object head = queue.poll();
            if (head == null) {
                return reserve(size);
            }
            if (head instanceof FlushTicket) {
                evictedTickets.offer((FlushTicket) head);
                continue;
            }
            release(((Slot<?>) head).size);
            counters.dropped(DropCause.BUFFER_FULL, 1);
            if (reserve(size)) {
                return true;
            }
        }
        return false;
    }

    /** BLOCK: waits up to blockTimeout for the sender to drain room. */
    private boolean awaitRoom(long size) {
        long remaining = blockTimeoutNanos;
        spaceLock.lock();
        try {
            blockedProducers++;
            wakeSender.run();
            while (true) {
                if (reserve(size)) {
                    return true;
                }
                if (remaining <= 0 || closed) {
                    return false;
                }
                remaining = spaceFreed.awaitNanos(remaining);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            blockedProducers--;
            spaceLock.unlock();
        }
    }

    /**
     * Sender only: hands up to {@code max} buffered items to the sink in order, flush tickets included.
     *
     * @return the number of events handed over
     */
    public int drain(int max, Sink<E> sink) {
        FlushTicket evicted;
        while ((evicted = evictedTickets.poll()) != null) {
            sink.flushRequested(evicted);
        }
        int n = 0;
        while (n < max) {
            Object head = queue.poll();
            if (head == null) {
                break;
            }
            if (head instanceof FlushTicket) {
                sink.flushRequested((FlushTicket) head);
                continue;
            }
            @SuppressWarnings("unchecked")
            Slot<E> slot = (Slot<E>) head;
            n++;
            try {
                sink.event(slot.event); // holds its line first: the bound is never exceeded by more than one line
            } finally {
                release(slot.size);
            }
        }
        if (n > 0) {
            roomFreed();
        }
        return n;
    }

    private void release(int size) {
        events.decrementAndGet();
        bytes.addAndGet(-size);
        if (refusing) {
            refusing = false;
        }
    }

    private void roomFreed() {
        if (refusing) {
            refusing = false;
        }
        if (blockedProducers > 0) {
            spaceLock.lock();
            try {
                spaceFreed.signalAll();
            } finally {
                spaceLock.unlock();
            }
        }
    }

    /**
     * True while the buffer refuses events (DROP_NEWEST, full since the last refusal: the sender has freed no room
     * yet). An adapter may then drop and count an event before making it safe to keep, which under overload is most
     * of an append's cost. One volatile read.
     */
    public boolean refusing() {
        return refusing;
    }

    /** Events buffered (reserved) now. */
    public long depthEvents() {
        return events.get();
    }

    /** Bytes counted against the bound now: estimates of buffered events plus encoded lines the sender holds. */
    public long depthBytes() {
        return bytes.get() + heldBytes.get();
    }

    /** True when at least a batch's worth is waiting (the sender should not wait for its timer). */
    public boolean holdsBatch() {
        return events.get() >= wakeEvents || bytes.get() >= wakeBytes;
    }

    public boolean isEmpty() {
        return queue.isEmpty() && evictedTickets.isEmpty();
    }

    /** What the sender receives from {@link #drain}. */
    public interface Sink<E> {
        void event(E event);

        void flushRequested(FlushTicket ticket);
    }

    private static final class Slot<E> {
        final E event;
        final int size;

        Slot(E event, int size) {
            this.event = event;
            this.size = size;
        }
    }
}
