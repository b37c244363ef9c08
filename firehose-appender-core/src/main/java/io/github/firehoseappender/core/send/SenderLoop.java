package io.github.firehoseappender.core.send;

import io.github.firehoseappender.core.EncodedLine;
import io.github.firehoseappender.core.batch.Batch;
import io.github.firehoseappender.core.batch.LineMaker;
import io.github.firehoseappender.core.batch.Record;
import io.github.firehoseappender.core.batch.RecordPacker;
import io.github.firehoseappender.core.buffer.EventBuffer;
import io.github.firehoseappender.core.buffer.FlushTicket;
import io.github.firehoseappender.core.config.DeliveryConfig;
import io.github.firehoseappender.core.spool.SpoolFrame;
import io.github.firehoseappender.core.stats.DeliveryCounters;
import io.github.firehoseappender.core.stats.DropCause;
import io.github.firehoseappender.core.stats.LossNotice;
import io.github.firehoseappender.core.stats.RateLimitedStatus;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * The sender thread's work: drain the buffer, encode each event into a line, pack lines into records and records
 * into calls, send a call when it is full, when {@code maxBatchDelay} has passed, or on flush and stop; resend
 * exactly the failed entries (or the whole failed call) with backoff until the per-call retry budget runs out.
 *
 * <p>Each turn of the loop does the same three things, whatever the {@link State}: <em>fill</em> (drain and encode
 * while the held lines stay under half the buffer's byte bound, and while there is nothing to send right now),
 * <em>send</em> (one call, when the client is ready and a call is due), then <em>park</em> until the next timer,
 * retry or wake-up. So the sender already drains while the client is still being built on another thread (a cold SDK
 * client takes seconds), and while a call backs off; the lines it holds count against the buffer's byte bound, which
 * keeps memory bounded by configuration.
 *
 * <p>The loop ends on stop once nothing is left, at the stop deadline, or when the client could not be built; then
 * {@link #finish} closes the buffer and its last drain counts every leftover under one cause. Nothing else counts
 * leftovers. One call is in flight at a time and calls complete in drain order, so a flush is complete once the oldest
 * undelivered event was drained after the flush's ticket.
 *
 * <p>With a spool ({@link SpoolQueue}), each call is written to disk as soon as it is packed and the lines it held
 * are released; calls are then read back oldest first (what an earlier process left, then this one's) and
 * acknowledged on disk once done. So during an outage the sender keeps draining into the spool, within its bound, and
 * at stop what could not be delivered stays on disk for the next start instead of being dropped.
 */
public final class SenderLoop<E> implements Runnable, EventBuffer.Sink<E> {
    /** Where the sender is in its life. Only the sender thread moves it; anyone may read it. */
    public enum State {
        /** The client is being built (on its own thread); events are drained and encoded meanwhile. */
        STARTING,
        /** Draining, packing and sending. */
        RUNNING,
        /** A call failed and waits for its retry; draining goes on within the byte bound. */
        BACKING_OFF,
        /** Stop was requested: delivering what is held and buffered until empty or the deadline. */
        STOPPING,
        /**
         * Paused for a JVM checkpoint ({@link #requestPause}): the thread has ended and the client is closed, the buffer
         * stays open and keeps what is appended meanwhile, and what the loop still held is kept for {@link #resume}.
         */
        PAUSED,
        /** The loop has ended and counted every leftover. */
        STOPPED
    }

    private final DeliveryConfig config;
    private final EventBuffer<E> buffer;
    private final LineMaker<E> lines;
    private final RecordPacker packer;
    private final Supplier<FirehoseTransport> transportFactory;
    private final ThreadFactory setupThreads;
    private final DeliveryCounters counters;
    private final RateLimitedStatus status;
    private final LossNotice lossNotice;
    private final Backoff backoff;
    private final StreamPicker streams;
    private final SpoolQueue spool;
    private final long maxBatchDelayNanos;
    private final long retryTimeoutNanos;
    private final long nonRetryableBackoffNanos;
    private final long holdLimitBytes;
    private final long holdLimitEvents;
    private final CountDownLatch exited = new CountDownLatch(1);
    /**
     * A call failing this many attempts in a row, or for {@link #PERSISTENT_FAILURE_NANOS} (an endpoint that never
     * answers spends requestTimeout on each), is a persistent failure: it reaches stderr, not only status.
     */
    static final int PERSISTENT_FAILURE_ATTEMPTS = 3;
    static final long PERSISTENT_FAILURE_NANOS = 5_000_000_000L;

    private volatile Thread thread;
    private volatile State state = State.STARTING;
    private volatile FirehoseTransport transport;
    private volatile boolean setupFailed;
    private volatile boolean stopping;
    /** Set by {@link #requestPause}: the loop ends as on stop, but keeps the buffer open and what it holds. */
    private volatile boolean pausing;
    private volatile CountDownLatch paused = new CountDownLatch(1);
    private volatile Thread setupThread;
    private volatile long stopDeadline;
    private volatile long pendingInSender;
    private volatile long droppedAtEnd;
    private volatile long spooledAtEnd;
    /** Guarded by this: set when the loop has ended, so a client built after that is closed by its builder. */
    private boolean ended;

    // Sender thread only.
    private long drained;
    private long heldBytes;
    private long heldEvents;
    private final ArrayDeque<Batch> ready = new ArrayDeque<>();
    private final List<FlushTicket> tickets = new ArrayList<>();
    private boolean flushRequested;
    private boolean timerDue;
    private boolean interruptReported;
    /** Calls packed so far (full, partial, spilled): lets a turn of {@link #fill} tell that it packed one. */
    private long packedCalls;
    private List<Record> current;
    /** The spooled call {@link #current} came from, acknowledged on disk once done; null for a call from memory. */
    private SpoolFrame currentFrame;
    private int attempts;
    private long firstAttemptAt;
    private long retryAt;
    /** Throttled attempts of the current call in a row that got no record through: the cool-down's exponent. */
    private int throttlesWithoutProgress;
    /** The current call's last attempt was refused for a reason retrying will not fix (credentials, access). */
    private boolean refused;
    /** The stop request has been seen by the loop (a refused call then gets one last attempt, not a backoff). */
    private boolean stopSeen;
    /** Stop met a call Firehose still refuses: waiting out the stop timeout cannot deliver anything. */
    private boolean givingUp;

    /**
     * @param setupThreads makes the thread that builds the client while this loop drains; null builds it on the
     *                     sender thread before the loop starts
     */
    public SenderLoop(DeliveryConfig config, EventBuffer<E> buffer, LineMaker<E> lines,
                      Supplier<FirehoseTransport> transportFactory, ThreadFactory setupThreads,
                      DeliveryCounters counters, RateLimitedStatus status, Backoff backoff) {
        this.config = config;
        this.buffer = buffer;
        this.lines = lines;
        // With byte pacing a call never exceeds one second's allowance, so it can be sent whole within the quota.
        int batchBytes = config.maxBytesPerSecond() > 0
                ? (int) Math.min(config.maxBatchBytes(), config.maxBytesPerSecond()) : config.maxBatchBytes();
        this.packer = new RecordPacker(config.maxRecordBytes(), config.maxBatchRecords(), batchBytes,
                config.aggregation(), config.maxRecordEvents());
        this.transportFactory = transportFactory;
        this.setupThreads = setupThreads;
        this.counters = counters;
        this.status = status;
        this.lossNotice = status.lossNotice();
        this.backoff = backoff;
        this.streams = new StreamPicker(config.deliveryStreams(), config.maxBytesPerSecond(),
                config.maxCallsPerSecond(), System.nanoTime());
        this.maxBatchDelayNanos = config.maxBatchDelay().toNanos();
        this.retryTimeoutNanos = config.retryTimeout().toNanos();
        this.nonRetryableBackoffNanos = config.nonRetryableBackoff().toNanos();
        this.holdLimitBytes = config.bufferSize() / 2;
        this.holdLimitEvents = Math.max(1, config.bufferEvents() / 2);
        this.spool = new SpoolQueue(config, counters, status);
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

    public State state() {
        return state;
    }

    /**
     * Asks the loop to deliver what it holds until {@code deadlineNanos} ({@link System#nanoTime()} based), then end.
     * The caller closes the buffer first, so nothing new arrives.
     */
    public void requestStop(long deadlineNanos) {
        stopDeadline = spoolReserve(deadlineNanos);
        stopping = true;
        wake();
    }

    /**
     * With a spool, delivery stops a little before the caller's deadline (a fifth of the time left, at most a second),
     * so writing what is left to disk is done when the caller stops waiting: the JVM may exit right after.
     */
    private long spoolReserve(long deadlineNanos) {
        if (config.spoolDirectory() == null) {
            return deadlineNanos;
        }
        long left = deadlineNanos - System.nanoTime();
        return left <= 0 ? deadlineNanos : deadlineNanos - Math.min(left / 5, TimeUnit.SECONDS.toNanos(1));
    }

    /**
     * Asks the loop to deliver what it holds and what is buffered until {@code deadlineNanos}, then end its thread
     * without closing the buffer: it closes the client, waits for a client still being built, and keeps anything left
     * (and whatever is appended meanwhile) for {@link #resume}. For a JVM checkpoint (CRaC, Lambda SnapStart).
     */
    public void requestPause(long deadlineNanos) {
        stopDeadline = deadlineNanos;
        pausing = true;
        wake();
    }

    /** Waits until the loop has paused (or ended for good); true when it did within the timeout. */
    public boolean awaitPause(long timeoutNanos) throws InterruptedException {
        return paused.await(timeoutNanos, TimeUnit.NANOSECONDS);
    }

    /**
     * Makes a paused loop ready to run again on {@code next}, which the caller then starts: it builds a new client
     * (on a setup thread, as at start) and goes on with what it held and what was buffered meanwhile.
     *
     * @throws IllegalStateException when the loop has not paused
     */
    public void resume(Thread next) {
        if (state != State.PAUSED) {
            throw new IllegalStateException("the sender is " + state + ", not PAUSED");
        }
        synchronized (this) {
            ended = false;
        }
        pausing = false;
        stopSeen = false;
        givingUp = false;
        paused = new CountDownLatch(1);
        thread = next;
        state = State.STARTING;
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

    /** Events the loop's last drain counted as dropped when it ended (STOPPED, or NOT_RUNNING without a client). */
    public long droppedAtEnd() {
        return droppedAtEnd;
    }

    /** Events of this process left on the spool when the loop ended: the next start sends them. */
    public long spooledAtEnd() {
        return spooledAtEnd;
    }

    /** The spool's depth (bytes, records, events, this process's events), or null without a spool. */
    public long[] spoolDepth() {
        return config.spoolDirectory() == null ? null : spool.depth();
    }

    @Override
    public void run() {
        InternalThread.mark();
        if (thread == null) {
            thread = Thread.currentThread();
        }
        DropCause leftovers = DropCause.NOT_RUNNING;
        boolean pause = false;
        try {
            startSetup();
            spool.open();
            leftovers = loop();
            pause = leftovers == null;
        } catch (Throwable e) {
            // Not an encoder's failure (LineMaker counts those per event): a bug here, or a broken JVM.
            status.error("loop", "the sender for " + config.deliveryStream() + " failed unexpectedly (" + e
                    + "); what it holds is dropped and counted, and events are counted (NOT_RUNNING) until restart",
                    e);
        } finally {
            if (pause) {
                pause();
            } else {
                finish(leftovers);
            }
        }
    }

    /** Builds the client on a thread of its own when it can, so the loop drains meanwhile; else right here. */
    private void startSetup() {
        Thread setup = null;
        if (setupThreads != null) {
            try {
                setup = setupThreads.newThread(this::buildTransport);
                if (setup != null) {
                    // Its own name, so a thread dump or a profiler tells it from the sender it was made beside.
                    setup.setName(setup.getName() + "-client-setup");
                }
            } catch (RuntimeException e) {
                setup = null;
            }
        }
        if (setup == null) {
            buildTransport();
            return;
        }
        setupThread = setup;
        try {
            setup.start();
        } catch (RuntimeException | OutOfMemoryError e) {
            buildTransport();
        }
    }

    private void buildTransport() {
        InternalThread.mark();
        FirehoseTransport built;
        try {
            built = transportFactory.get();
        } catch (Throwable e) {
            // Refuse first, so that every append after the report is counted NOT_RUNNING at once.
            buffer.close();
            setupFailed = true;
            counters.callFailed();
            if (e instanceof DeliveryUnavailableException) {
                status.error("setup", e.getMessage() + "; events are dropped and counted (NOT_RUNNING) until "
                        + "restart", null);
            } else {
                status.error("setup", "cannot build the Firehose client for " + config.deliveryStream() + ": " + e
                        + "; events are dropped and counted (NOT_RUNNING) until restart", e);
            }
            wake();
            return;
        }
        synchronized (this) {
            if (!ended) {
                transport = built;
                built = null;
            }
        }
        if (built != null) {
            closeQuietly(built); // the loop ended (stop) before the client was ready
        }
        wake();
    }

    /** The end of the loop when stop or pause was asked: null for a pause, which keeps what is held. */
    private DropCause ending() {
        return stopping ? DropCause.STOPPED : null;
    }

    /** Returns how the loop ended: the cause to count leftovers under, or null when it paused. */
    private DropCause loop() {
        long nextTick = System.nanoTime() + maxBatchDelayNanos;
        while (true) {
            ignoreInterrupt();
            // Read once per turn: every decision of this turn sees the same client and the same stop request.
            FirehoseTransport t = transport;
            boolean stop = stopping || pausing;
            if (t == null && setupFailed) {
                return DropCause.NOT_RUNNING;
            }
            if (stop) {
                enter(State.STOPPING);
            } else if (t != null && state == State.STARTING) {
                enter(State.RUNNING);
                status.info("delivering to " + t);
            }
            long now = System.nanoTime();
            if (stop && now - stopDeadline >= 0) {
                return ending();
            }
            if (stop && !stopSeen) {
                stopSeen = true;
                if (current != null && refused) {
                    retryAt = now; // one last try now instead of the slow backoff for refused calls
                }
            }
            boolean more = fill(t);
            spool.tick(now);
            publishPending(); // before a call that may hold this turn for a long time
            if (now - nextTick >= 0) {
                nextTick = now + maxBatchDelayNanos;
                timerDue = true;
            }
            if (timerDue && (t == null || current != null || spool.hasUnread())) {
                spillDueCall();
            }
            boolean sent = t != null && sendIfDue(t, now, stop);
            if (givingUp) {
                return ending();
            }
            completeTickets();
            if (lossNotice != null) {
                lossNotice.check();
            }
            if (sent || more) {
                continue;
            }
            if (stop && holdsNothing() && buffer.isEmpty()) {
                return ending();
            }
            park(nextTick, t, stop);
        }
    }

    /**
     * Drains and encodes while the held lines stay under the limit and there is nothing to send right now.
     *
     * <p>With a spool the held lines never reach the limit (full calls and, at the limit, partial ones go to disk), so
     * a turn is bounded otherwise: it drains at most what was buffered when it began (and one more), so an application logging
     * faster than the sender encodes and writes cannot keep it here (it never sent, and the spool grew until full);
     * and while the spool takes writes, calls waiting to be sent do not stop it draining, but it stops once it has
     * packed one more call: so a backlog sent after an outage, one call per turn, does not leave the live events in
     * the buffer until it is all sent (which would overflow the buffer with the spool half empty), and under overload
     * the sender packs one call and sends one, as it does without a spool.
     *
     * @return true when the turn's budget ran out with events still buffered: the loop then turns again at once
     *         instead of parking (the application outpaces the sender, and no wake-up would come)
     */
    private boolean fill(FirehoseTransport t) {
        boolean spooling = spool.writable();
        // One more than the events: a drain also hands over the flush tickets it passes, one behind the last event too.
        long budget = spool.active() ? buffer.depthEvents() + 1 : Long.MAX_VALUE;
        long packedAtStart = packedCalls;
        while ((!holdsEnough() || spillToSpool())
                && (t == null || current != null || !callReady() || spooling && packedCalls == packedAtStart)
                && budget-- > 0 && buffer.drain(1, this) > 0) {
            // one event at a time: the conditions change as lines are packed
        }
        return budget < 0 && !buffer.isEmpty();
    }

    /**
     * At the hold limit with a spool, the partly packed call goes to disk as it is, so draining goes on through an
     * outage; true when that brought the held lines back under the limit.
     */
    private boolean spillToSpool() {
        if (!spool.active() || packer.isEmpty()) {
            return false;
        }
        packed(packer.drain());
        return !holdsEnough();
    }

    /**
     * With a spool, the call the timer made due goes to disk even while another call is in flight or backs off, the
     * spool holds older calls to send first, or the client is still being built, so no line lives only in memory for
     * longer than maxBatchDelay: a kill during an outage, or while its backlog is sent, loses no more than one at
     * other times. Without a spool the partial call waits for its turn, as ever.
     */
    private void spillDueCall() {
        if (!spool.active() || packer.isEmpty()) {
            return;
        }
        packed(packer.drain());
        timerDue = false;
    }

    /** True when the lines held reach half of either bound: the rest stays for the buffer's overflow policy. */
    private boolean holdsEnough() {
        return heldBytes >= holdLimitBytes || heldEvents >= holdLimitEvents;
    }

    /** A packed call waits to be sent: on the spool, or in memory. */
    private boolean callReady() {
        return !ready.isEmpty() || spool.hasUnread();
    }

    /** A full call goes to the spool when there is one (its lines are then on disk, not held), else stays in memory. */
    private void packed(Batch batch) {
        packedCalls++;
        if (spool.write(batch.records())) {
            releaseHeld(batch.bytes(), batch.events());
        } else {
            ready.add(batch);
        }
    }

    /** Starts the next call if one is due, then makes the attempt if its time has come; true when it did. */
    private boolean sendIfDue(FirehoseTransport t, long now, boolean stop) {
        if (current == null) {
            if (!callReady() && (timerDue || flushRequested || stop || holdsEnough())) {
                Batch partial = packer.drain();
                if (partial != null) {
                    packed(partial);
                }
                timerDue = false;
                flushRequested = false;
            }
            // The spool's calls are older than any in memory (those come only after its writes failed).
            SpoolFrame frame = spool.hasUnread() ? spool.next() : null;
            if (frame != null) {
                currentFrame = frame;
                startCall(frame.records(), now);
            } else if (!ready.isEmpty()) {
                startCall(ready.poll().records(), now);
            } else {
                return false;
            }
        }
        if (now - retryAt < 0) {
            return false;
        }
        long callBytes = bytes(current);
        int stream = streams.pick(now, callBytes);
        if (stream < 0) {
            retryAt = streams.readyAt(now, callBytes); // every stream cools down after throttling, or is paced
            return false;
        }
        streams.sent(stream, callBytes, now);
        attempt(t, stream);
        return true;
    }

    private void park(long nextTick, FirehoseTransport t, boolean stop) {
        long until = nextTick;
        if (t != null && current != null && retryAt - until < 0) {
            until = retryAt;
        }
        if (stop && stopDeadline - until < 0) {
            until = stopDeadline;
        }
        long wait = until - System.nanoTime();
        if (wait > 0) {
            LockSupport.parkNanos(this, wait);
        }
    }

    /**
     * An interrupt is not a stop (stop is {@link #requestStop}): an executor's {@code shutdownNow} on a thread it
     * made for us would otherwise make every park return at once, forever. Cleared and reported once.
     */
    private void ignoreInterrupt() {
        if (Thread.interrupted() && !interruptReported) {
            interruptReported = true;
            status.warn("interrupt", "the sender thread " + Thread.currentThread().getName() + " was interrupted "
                    + "(an executor's shutdownNow?); delivery goes on: an interrupt does not stop the appender, "
                    + "stop() does", null);
        }
    }

    private boolean holdsNothing() {
        return current == null && ready.isEmpty() && packer.isEmpty() && !spool.hasUnread();
    }

    private void enter(State next) {
        if (state != State.STOPPING || next == State.STOPPED) {
            state = next;
        }
    }

    /**
     * Closes the buffer and counts, in its one last drain, every event still held or buffered under {@code cause};
     * completes the flush tickets (abandoned when events were dropped), closes the client.
     */
    private void finish(DropCause cause) {
        try {
            buffer.close();
            spoolLeftovers();
            long dropped = dropAll(cause);
            droppedAtEnd = dropped;
            spooledAtEnd = spool.pendingEvents();
            spool.close();
            for (FlushTicket t : tickets) {
                if (dropped > 0 || spooledAtEnd > 0) {
                    t.abandon();
                } else {
                    t.complete();
                }
            }
            tickets.clear();
            FirehoseTransport t;
            synchronized (this) {
                ended = true;
                t = transport;
            }
            if (t != null) {
                closeQuietly(t);
            }
            if (lossNotice != null) {
                lossNotice.check();
            }
        } finally {
            state = State.STOPPED;
            exited.countDown();
            paused.countDown();
        }
    }

    /**
     * With a spool, what is still buffered or held at the end goes to disk for the next start, not to the drop
     * count: the buffer's last events are encoded and packed, every call in memory is written. The call in flight,
     * when it came from the spool, simply stays there unacknowledged.
     */
    private void spoolLeftovers() {
        if (!spool.active()) {
            return;
        }
        while (buffer.drain(Integer.MAX_VALUE, this) > 0) {
            // encodes and packs; a full call goes straight to the spool
        }
        Batch partial = packer.drain();
        if (partial != null) {
            packed(partial);
        }
        while (!ready.isEmpty() && spool.write(ready.peek().records())) {
            Batch batch = ready.poll();
            releaseHeld(batch.bytes(), batch.events());
        }
        if (current != null && currentFrame != null) {
            releaseInFlight();
        }
    }

    /** Lets go of a spooled call in flight without acknowledging it: it stays on disk for the next start. */
    private void releaseInFlight() {
        current = null;
        currentFrame = null;
    }

    /**
     * Ends the thread for a checkpoint: closes the client, waits (until the pause deadline) for a client still being
     * built so no thread of ours outlives the pause, and keeps the buffer open and everything held.
     */
    private void pause() {
        try {
            FirehoseTransport t;
            synchronized (this) {
                ended = true; // a client built from now on is closed by its builder
                t = transport;
                transport = null;
            }
            if (t != null) {
                closeQuietly(t);
            }
            // No open file through a checkpoint; the restore reopens it and finds this delivery's calls its own. The
            // call in flight, if spooled, is read again from there.
            if (currentFrame != null) {
                releaseInFlight();
            }
            spool.close();
            Thread setup = setupThread;
            setupThread = null;
            if (setup != null && setup != Thread.currentThread()) {
                joinUntil(setup, stopDeadline);
            }
            publishPending();
        } finally {
            state = State.PAUSED;
            paused.countDown();
        }
    }

    private void joinUntil(Thread t, long deadline) {
        boolean interrupted = false;
        while (t.isAlive()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                status.warn("pause", "the thread building the Firehose client (" + t.getName() + ") was still "
                        + "running when the pause timed out", null);
                break;
            }
            try {
                TimeUnit.NANOSECONDS.timedJoin(t, left);
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void closeQuietly(FirehoseTransport t) {
        try {
            t.close();
        } catch (RuntimeException e) {
            status.warn("close", "closing the Firehose client failed: " + e, e);
        }
    }

    @Override
    public void event(E event) {
        long index = drained++;
        EncodedLine line = lines.line(event);
        if (line == null) {
            return;
        }
        heldBytes += line.length();
        heldEvents++;
        buffer.holdEncoded(line.length(), 1);
        Batch full = packer.add(line, index);
        if (full != null) {
            packed(full);
        }
    }

    @Override
    public void flushRequested(FlushTicket ticket) {
        ticket.mark(drained);
        tickets.add(ticket);
        flushRequested = true;
    }

    private void releaseHeld(long bytes, long events) {
        heldBytes -= bytes;
        heldEvents -= events;
        buffer.releaseEncoded(bytes, events);
    }

    private void startCall(List<Record> records, long now) {
        current = records;
        attempts = 0;
        throttlesWithoutProgress = 0;
        firstAttemptAt = now;
        retryAt = now;
    }

    private void attempt(FirehoseTransport transport, int stream) {
        attempts++;
        PutOutcome outcome = transport.put(streams.name(stream), current);
        counters.callSent();
        counters.streamCall(stream);
        refused = outcome.kind() == PutOutcome.Kind.NON_RETRYABLE;
        switch (outcome.kind()) {
            case DELIVERED:
                counters.callSucceeded();
                acknowledge(current, null, stream);
                callDone();
                enter(State.RUNNING);
                return;
            case PARTIAL:
                if (outcome.failed().size() < current.size()) {
                    counters.callSucceeded();
                } else {
                    counters.callFailed();
                }
                boolean progress = outcome.failed().size() < current.size();
                acknowledge(current, outcome.failed(), stream);
                current = new ArrayList<>(outcome.failed());
                counters.streamThrottled(stream, current.size());
                status.warn(outcome.errorCode(), outcome.message(), null);
                noticeIfPersistent(outcome);
                retryOnAnotherStream(outcome, stream, progress);
                return;
            case NON_RETRYABLE:
                counters.callFailed();
                // Classified: the message says what failed and the fix. No stack trace: Spring Boot echoes Logback
                // statuses to stderr, and a dump per failure would bury the one line that matters.
                status.error(outcome.errorCode(), outcome.message(), null);
                if (stopSeen) {
                    givingUp = true;
                    status.warn("stop", "stop does not wait out its timeout: Firehose refused the call again ("
                            + outcome.message() + ")", null);
                    return;
                }
                scheduleRetry(outcome, nonRetryableBackoffNanos);
                return;
            default:
                counters.callFailed();
                status.warn(outcome.errorCode(), outcome.message(), null);
                noticeIfPersistent(outcome);
                if (FailureClassifier.isThrottling(outcome.errorCode())) {
                    counters.streamThrottled(stream, current.size());
                    retryOnAnotherStream(outcome, stream, false);
                } else {
                    scheduleRetry(outcome, backoff.delayNanos(attempts)); // the endpoint, not one stream
                }
        }
    }

    /**
     * Throttling is one stream's quota: that stream cools down for the backoff, and the records are resent at once
     * to another stream if one is free (with a single stream, that is the same wait as any backoff). A stream that
     * took part of the call is at its quota, not in trouble: its cool-down restarts from the first backoff, so a
     * large call drains at the quota's pace instead of waiting longer after every second's worth.
     */
    private void retryOnAnotherStream(PutOutcome outcome, int stream, boolean progress) {
        throttlesWithoutProgress = progress ? 0 : throttlesWithoutProgress + 1;
        long now = System.nanoTime();
        streams.throttled(stream, now + backoff.delayNanos(Math.max(1, throttlesWithoutProgress)));
        scheduleRetry(outcome, 0);
    }

    /**
     * Retryable failures go to status only, until the same call has failed {@value #PERSISTENT_FAILURE_ATTEMPTS}
     * attempts in a row or for 5 s: then the user who watches no status channel gets a line on stderr too
     * (rate-limited).
     */
    private void noticeIfPersistent(PutOutcome outcome) {
        long failingNanos = System.nanoTime() - firstAttemptAt;
        if (lossNotice == null || attempts < PERSISTENT_FAILURE_ATTEMPTS && failingNanos < PERSISTENT_FAILURE_NANOS) {
            return;
        }
        long failingMillis = Duration.ofNanos(failingNanos).toMillis();
        lossNotice.cannotDeliver(outcome.errorCode(), outcome.message() + " (" + attempts + " attempts over "
                + failingMillis + " ms; " + (drained - oldestUndone() + buffer.depthEvents())
                + " events waiting, " + (currentFrame != null ? "kept on the spool " + config.spoolDirectory()
                : "kept until retryTimeout=" + config.retryTimeout()) + ")");
    }

    private void scheduleRetry(PutOutcome outcome, long delayNanos) {
        long now = System.nanoTime();
        if (stopSeen && currentFrame != null && spool.active() && (attempts >= PERSISTENT_FAILURE_ATTEMPTS
                || now - firstAttemptAt >= PERSISTENT_FAILURE_NANOS)) {
            // Everything left is safe on disk: an exit need not wait out an outage (a blip still gets its retries).
            givingUp = true;
            status.warn("stop", "stop does not wait out its timeout: Firehose keeps failing (" + outcome.message()
                    + "); what is left stays on the spool " + config.spoolDirectory() + " for the next start", null);
            return;
        }
        int maxAttempts = config.maxAttempts();
        // A spooled call waits on disk, bounded by spoolSize: retryTimeout bounds only what waits in memory.
        if (maxAttempts > 0 && attempts >= maxAttempts
                || currentFrame == null && now - firstAttemptAt >= retryTimeoutNanos) {
            long events = events(current);
            long replayed = replayedEvents(current);
            counters.dropped(DropCause.RETRIES_EXHAUSTED, events - replayed);
            counters.replayLost(replayed);
            if (currentFrame == null) {
                releaseHeld(bytes(current), events);
            }
            status.error("exhausted", "gave up on " + current.size() + " records (" + events + " events) to "
                    + config.deliveryStream() + " after " + attempts + " attempts over "
                    + Duration.ofNanos(now - firstAttemptAt).toMillis() + " ms (retryTimeout=" + config.retryTimeout()
                    + ", maxAttempts=" + maxAttempts + "); last error: " + outcome.message()
                    + "; dropped and counted (RETRIES_EXHAUSTED)", null);
            callDone();
            enter(State.RUNNING);
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
        enter(State.BACKING_OFF);
    }

    /** Counts every record of {@code sent} not in {@code failed} (a subsequence of it, by identity) as delivered. */
    private void acknowledge(List<Record> sent, List<Record> failed, int stream) {
        int f = 0;
        for (Record r : sent) {
            if (failed != null && f < failed.size() && failed.get(f) == r) {
                f++;
                continue;
            }
            counters.recordSent(r.size());
            counters.streamRecordSent(stream, r.size());
            if (r.firstIndex() < 0) {
                counters.replayed(r.events()); // an earlier process's, from the spool
            } else {
                counters.delivered(r.events());
            }
            if (currentFrame == null) {
                releaseHeld(r.size(), r.events());
            }
        }
    }

    /** The current call is delivered or dropped and counted: the spool gives up its place on disk. */
    private void callDone() {
        if (currentFrame != null) {
            spool.acknowledge(currentFrame);
            currentFrame = null;
        }
        current = null;
    }

    /** Makes what the sender holds visible to stop and flush; returns the oldest event not yet done. */
    private long publishPending() {
        long oldestUndone = oldestUndone();
        pendingInSender = drained - oldestUndone;
        return oldestUndone;
    }

    private void completeTickets() {
        long oldestUndone = publishPending();
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

    /**
     * The oldest of this process's events not yet delivered or dropped: its calls are in drain order from the call in
     * flight to the spool, the calls in memory and the packer. An earlier process's calls (index -1) do not count.
     */
    private long oldestUndone() {
        if (current != null) {
            for (Record r : current) {
                if (r.firstIndex() >= 0) {
                    return r.firstIndex();
                }
            }
        }
        long spooled = spool.oldestLiveIndex();
        if (spooled >= 0) {
            return spooled;
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
            long replayed = replayedEvents(current);
            events += events(current) - replayed;
            counters.replayLost(replayed);
            if (currentFrame != null) {
                spool.acknowledge(currentFrame); // the spool failed earlier: this call was in memory only
            }
            current = null;
            currentFrame = null;
        }
        for (Batch b : ready) {
            events += b.events();
        }
        ready.clear();
        Batch partial = packer.drain();
        if (partial != null) {
            events += partial.events();
        }
        releaseHeld(heldBytes, heldEvents);
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

    private static long events(List<Record> records) {
        long n = 0;
        for (Record r : records) {
            n += r.events();
        }
        return n;
    }

    private static long replayedEvents(List<Record> records) {
        long n = 0;
        for (Record r : records) {
            if (r.firstIndex() < 0) {
                n += r.events();
            }
        }
        return n;
    }

    private static long bytes(List<Record> records) {
        long n = 0;
        for (Record r : records) {
            n += r.size();
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
