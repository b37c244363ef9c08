package io.github.firehoseappender.core.send;

import io.github.firehoseappender.core.batch.Batch;
import io.github.firehoseappender.core.batch.LineMaker;
import io.github.firehoseappender.core.batch.Record;
import io.github.firehoseappender.core.batch.RecordPacker;
import io.github.firehoseappender.core.buffer.EventBuffer;
import io.github.firehoseappender.core.buffer.FlushTicket;
import io.github.firehoseappender.core.config.DeliveryConfig;
import io.github.firehoseappender.core.stats.DeliveryCounters;
import io.github.firehoseappender.core.stats.DropCause;
import io.github.firehoseappender.core.stats.RateLimitedStatus;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * The sender thread's work: drain the buffer, encode each event into a line, pack lines into records and records
 * into calls, send a call when it is full, when {@code maxBatchDelay} has passed, or on flush and stop; resend
 * exactly the failed entries (or the whole failed call) with backoff until the per-call retry budget runs out.
 *
 * <p>One call is in flight at a time, and while it waits for a retry nothing more is drained: the buffer then fills
 * and its overflow policy applies, which keeps memory bounded during an outage. Because calls complete in drain
 * order, a flush is complete once the oldest undelivered event was drained after the flush's ticket.
 */
public final class SenderLoop<E> implements Runnable, EventBuffer.Sink<E> {
    private final DeliveryConfig config;
    private final EventBuffer<E> buffer;
    private final LineMaker<E> lines;
    private final RecordPacker packer;
    private final Supplier<FirehoseTransport> transportFactory;
    private final DeliveryCounters counters;
    private final RateLimitedStatus status;
    private final Backoff backoff;
    private final long maxBatchDelayNanos;
    private final long retryTimeoutNanos;
    private final long nonRetryableBackoffNanos;
    private final CountDownLatch exited = new CountDownLatch(1);

    private volatile Thread thread;
    private volatile boolean accepting = true;
    private volatile boolean stopping;
    private volatile long stopDeadline;
    private volatile long pendingInSender;
    private volatile long droppedAtStop;

    // Sender thread only.
    private long drained;
    private final ArrayDeque<Batch> ready = new ArrayDeque<>();
    private final List<FlushTicket> tickets = new ArrayList<>();
    private boolean flushRequested;
    private List<Record> current;
    private int attempts;
    private long firstAttemptAt;
    private long retryAt;

    public SenderLoop(DeliveryConfig config, EventBuffer<E> buffer, LineMaker<E> lines,
                      Supplier<FirehoseTransport> transportFactory, DeliveryCounters counters,
                      RateLimitedStatus status, Backoff backoff) {
        this.config = config;
        this.buffer = buffer;
        this.lines = lines;
        this.packer = new RecordPacker(config.maxRecordBytes(), config.maxBatchRecords(), config.maxBatchBytes(),
                config.aggregation());
        this.transportFactory = transportFactory;
        this.counters = counters;
        this.status = status;
        this.backoff = backoff;
        this.maxBatchDelayNanos = config.maxBatchDelay().toNanos();
        this.retryTimeoutNanos = config.retryTimeout().toNanos();
        this.nonRetryableBackoffNanos = config.nonRetryableBackoff().toNanos();
    }

    /** The thread that runs this loop; set before it starts, so early wake-ups are not lost. */
    public void attach(Thread senderThread) {
        this.thread = senderThread;
    }

    /** Makes the sender look at the buffer now instead of at its next timer. Cheap when it is already awake. */
    public void wake() {
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    /** False once delivery cannot go on (no client could be built, or the loop has ended). */
    public boolean isAccepting() {
        return accepting;
    }

    /** Asks the loop to deliver what it holds until {@code deadlineNanos} ({@link System#nanoTime()} based), then end. */
    public void requestStop(long deadlineNanos) {
        stopDeadline = deadlineNanos;
        stopping = true;
        wake();
    }

    public boolean hasExited() {
        return exited.getCount() == 0;
    }

    public boolean awaitExit(long timeoutNanos) throws InterruptedException {
        return exited.await(timeoutNanos, TimeUnit.NANOSECONDS);
    }

    /** Events the sender holds (drained from the buffer, not yet acknowledged or dropped); an upper bound. */
    public long pendingInSender() {
        return pendingInSender;
    }

    /** Events the loop had to drop (as STOPPED) because the stop deadline passed. */
    public long droppedAtStop() {
        return droppedAtStop;
    }

    @Override
    public void run() {
        InternalThread.mark();
        if (thread == null) {
            thread = Thread.currentThread();
        }
        FirehoseTransport transport;
        try {
            transport = transportFactory.get();
        } catch (DeliveryUnavailableException e) {
            status.error("setup", e.getMessage() + "; events are dropped and counted (NOT_RUNNING) until restart", null);
            endInert();
            return;
        } catch (RuntimeException | LinkageError e) {
            status.error("setup", "cannot build the Firehose client for " + config.deliveryStream() + ": " + e
                    + "; events are dropped and counted (NOT_RUNNING) until restart", e);
            endInert();
            return;
        }
        status.info("delivering to " + transport);
        try {
            loop(transport);
        } catch (RuntimeException | Error e) {
            status.error("loop", "the sender for " + config.deliveryStream() + " failed unexpectedly; events are "
                    + "dropped and counted (NOT_RUNNING) until restart", e);
            accepting = false;
            dropAll(DropCause.NOT_RUNNING);
        } finally {
            accepting = false;
            completeAllTickets();
            try {
                transport.close();
            } finally {
                exited.countDown();
            }
        }
    }

    private void endInert() {
        accepting = false;
        dropAll(DropCause.NOT_RUNNING);
        completeAllTickets();
        exited.countDown();
    }

    private void loop(FirehoseTransport transport) {
        long nextTick = System.nanoTime() + maxBatchDelayNanos;
        while (true) {
            if (current == null && ready.isEmpty()) {
                while (ready.isEmpty() && buffer.drain(1, this) > 0) {
                    // one event at a time: at most one full call waits outside the bounded buffer
                }
            }
            long now = System.nanoTime();
            boolean due = now - nextTick >= 0;
            if (due) {
                nextTick = now + maxBatchDelayNanos;
            }
            if (current == null && ready.isEmpty() && (due || flushRequested || stopping)) {
                Batch partial = packer.drain();
                if (partial != null) {
                    ready.add(partial);
                }
                flushRequested = false;
            }
            if (current == null && !ready.isEmpty()) {
                startCall(ready.poll().records(), now);
            }
            if (stopping && now - stopDeadline >= 0 && (current != null || !ready.isEmpty() || !packer.isEmpty()
                    || !buffer.isEmpty())) {
                droppedAtStop = dropAll(DropCause.STOPPED);
                break;
            }
            if (current != null && now - retryAt >= 0) {
                attempt(transport);
                completeTickets();
                continue;
            }
            completeTickets();
            if (stopping && current == null && ready.isEmpty() && packer.isEmpty() && buffer.isEmpty()) {
                break;
            }
            if (current == null && (!ready.isEmpty() || buffer.holdsBatch())) {
                continue;
            }
            long until = nextTick;
            if (current != null && retryAt - until < 0) {
                until = retryAt;
            }
            if (stopping && stopDeadline - until < 0) {
                until = stopDeadline;
            }
            long wait = until - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(this, wait);
            }
        }
    }

    @Override
    public void event(E event) {
        long index = drained++;
        byte[] line = lines.line(event);
        if (line == null) {
            return;
        }
        Batch full = packer.add(line, index);
        if (full != null) {
            ready.add(full);
        }
    }

    @Override
    public void flushRequested(FlushTicket ticket) {
        ticket.mark(drained);
        tickets.add(ticket);
        flushRequested = true;
    }

    private void startCall(List<Record> records, long now) {
        current = records;
        attempts = 0;
        firstAttemptAt = now;
        retryAt = now;
    }

    private void attempt(FirehoseTransport transport) {
        attempts++;
        PutOutcome outcome = transport.put(current);
        counters.callSent();
        switch (outcome.kind()) {
            case DELIVERED:
                acknowledge(current, null);
                current = null;
                return;
            case PARTIAL:
                acknowledge(current, outcome.failed());
                current = new ArrayList<>(outcome.failed());
                status.warn(outcome.errorCode(), outcome.message(), null);
                scheduleRetry(outcome, backoff.delayNanos(attempts));
                return;
            case NON_RETRYABLE:
                status.error(outcome.errorCode(), outcome.message(), outcome.cause());
                scheduleRetry(outcome, nonRetryableBackoffNanos);
                return;
            default:
                status.warn(outcome.errorCode(), outcome.message(), outcome.cause());
                scheduleRetry(outcome, backoff.delayNanos(attempts));
        }
    }

    private void scheduleRetry(PutOutcome outcome, long delayNanos) {
        long now = System.nanoTime();
        int maxAttempts = config.maxAttempts();
        if (maxAttempts > 0 && attempts >= maxAttempts || now - firstAttemptAt >= retryTimeoutNanos) {
            long events = events(current);
            counters.dropped(DropCause.RETRIES_EXHAUSTED, events);
            status.error("exhausted", "gave up on " + current.size() + " records (" + events + " events) to "
                    + config.deliveryStream() + " after " + attempts + " attempts over "
                    + Duration.ofNanos(now - firstAttemptAt).toMillis() + " ms (retryTimeout=" + config.retryTimeout()
                    + ", maxAttempts=" + maxAttempts + "); last error: " + outcome.message()
                    + "; dropped and counted (RETRIES_EXHAUSTED)", null);
            current = null;
            return;
        }
        if (outcome.kind() == PutOutcome.Kind.PARTIAL) {
            counters.entriesRetried(current.size());
        } else {
            counters.callRetried();
            if (outcome.kind() == PutOutcome.Kind.AMBIGUOUS) {
                counters.possibleDuplicates(current.size());
            }
        }
        retryAt = now + delayNanos;
    }

    /** Counts every record of {@code sent} not in {@code failed} (a subsequence of it, by identity) as delivered. */
    private void acknowledge(List<Record> sent, List<Record> failed) {
        int f = 0;
        for (Record r : sent) {
            if (failed != null && f < failed.size() && failed.get(f) == r) {
                f++;
                continue;
            }
            counters.recordSent(r.size());
            counters.delivered(r.events());
        }
    }

    private void completeTickets() {
        long oldestUndone = oldestUndone();
        pendingInSender = drained - oldestUndone;
        if (tickets.isEmpty()) {
            return;
        }
        for (Iterator<FlushTicket> it = tickets.iterator(); it.hasNext(); ) {
            FlushTicket t = it.next();
            if (t.mark() <= oldestUndone) {
                t.complete();
                it.remove();
            }
        }
    }

    private long oldestUndone() {
        if (current != null) {
            return current.get(0).firstIndex();
        }
        if (!ready.isEmpty()) {
            return ready.peek().firstIndex();
        }
        if (!packer.isEmpty()) {
            return packer.firstIndex();
        }
        return drained;
    }

    /** Drops everything held and buffered under {@code cause}; returns how many events that was. */
    private long dropAll(DropCause cause) {
        long events = 0;
        if (current != null) {
            events += events(current);
            current = null;
        }
        for (Batch b : ready) {
            events += b.events();
        }
        ready.clear();
        Batch partial = packer.drain();
        if (partial != null) {
            events += partial.events();
        }
        CountingSink<E> rest = new CountingSink<>(tickets);
        while (buffer.drain(Integer.MAX_VALUE, rest) > 0) {
            // until empty
        }
        events += rest.events;
        if (events > 0) {
            counters.dropped(cause, events);
            status.warn("dropAll." + cause, events + " events for " + config.deliveryStream()
                    + " were not delivered and are counted as dropped (" + cause + ")", null);
        }
        pendingInSender = 0;
        return events;
    }

    private void completeAllTickets() {
        for (FlushTicket t : tickets) {
            t.complete();
        }
        tickets.clear();
    }

    private static long events(List<Record> records) {
        long n = 0;
        for (Record r : records) {
            n += r.events();
        }
        return n;
    }

    /** Drains without sending, counting events and keeping tickets so they are completed at the end. */
    static final class CountingSink<E> implements EventBuffer.Sink<E> {
        private final List<FlushTicket> tickets;
        long events;

        CountingSink(List<FlushTicket> tickets) {
            this.tickets = tickets;
        }

        @Override
        public void event(E event) {
            events++;
        }

        @Override
        public void flushRequested(FlushTicket ticket) {
            tickets.add(ticket);
        }
    }
}
