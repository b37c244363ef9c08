package io.github.firehoseappender.core;

import io.github.firehoseappender.core.batch.LineMaker;
import io.github.firehoseappender.core.buffer.EventBuffer;
import io.github.firehoseappender.core.buffer.FlushTicket;
import io.github.firehoseappender.core.config.DeliveryConfig;
import io.github.firehoseappender.core.send.Backoff;
import io.github.firehoseappender.core.send.FirehoseTransport;
import io.github.firehoseappender.core.send.InternalThread;
import io.github.firehoseappender.core.send.SenderLoop;
import io.github.firehoseappender.core.stats.DeliveryCounters;
import io.github.firehoseappender.core.stats.DeliveryMBeanRegistration;
import io.github.firehoseappender.core.stats.DeliveryStats;
import io.github.firehoseappender.core.stats.DropCause;
import io.github.firehoseappender.core.stats.LossNotice;
import io.github.firehoseappender.core.stats.RateLimitedStatus;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.ThreadFactory;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * What an adapter calls: one per appender. {@link #append} snapshots nothing itself (the adapter has already made
 * the event safe to keep), offers it to the bounded buffer, counts, and returns; a named daemon sender thread
 * encodes, packs and ships.
 *
 * <p>Thread-safe. Never throws from {@link #append}.
 */
public final class FirehoseDelivery<E> implements AutoCloseable {
    /** Events per wake-up when each event is its own record: a full call. */
    private static final int WAKE_EVENTS_PER_RECORD = DeliveryConfig.FIREHOSE_MAX_BATCH_RECORDS;
    /** Events per wake-up with aggregation: a good part of a call of small lines. */
    private static final int WAKE_EVENTS_AGGREGATED = 10_000;

    private static final Duration MAX_WAIT = Duration.ofDays(36_500);
    /** How often the exit hook asks again whether the framework will still stop us. */
    private static final long EXIT_POLL_NANOS = 50_000_000L;

    private final DeliveryConfig config;
    private final EventEncoder<E> encoder;
    private final DeliveryCounters counters;
    private final RateLimitedStatus status;
    private final EventBuffer<E> buffer;
    private final SenderLoop<E> sender;
    private final ThreadFactory threadFactory;
    private volatile Thread senderThread;
    /** Guards the checkpoint pause and its resume (and a stop that meets a pause). */
    private final Object checkpointLock = new Object();
    /** Guarded by checkpointLock: the sender is paused for a checkpoint and waits for {@link #afterRestore}. */
    private boolean checkpointed;
    /** The optional CRaC resource; held here because a CRaC context may keep its resources only weakly. */
    private volatile Object cracResource;
    private final LossNotice lossNotice;
    /** Set once, by the stop that runs the stop; every other stop and flush waits for its outcome. */
    private final AtomicBoolean stopRequested = new AtomicBoolean();
    private volatile FlushResult stopResult;
    private final CountDownLatch stopDone = new CountDownLatch(1);
    /** Guarded by itself: the MBean once published, and whether stop has come (a late registration then closes). */
    private final Object mbeanLock = new Object();
    private DeliveryMBeanRegistration mbean;
    private boolean mbeanClosed;
    private volatile Thread mbeanPublisher;
    private volatile Thread shutdownHook;
    private volatile BooleanSupplier frameworkStopsAtExit = () -> false;

    private FirehoseDelivery(DeliveryConfig config, EventEncoder<E> encoder, StatusReporter statusReporter,
                             ThreadFactory threadFactory, Supplier<FirehoseTransport> transports,
                             Supplier<PrintStream> lossStream) {
        this.config = config;
        this.encoder = encoder;
        this.counters = new DeliveryCounters(config.deliveryStreams());
        this.lossNotice = new LossNotice(counters, config.name(), config.stderrNotices() ? lossStream : () -> null,
                LossNotice.DEFAULT_INTERVAL_NANOS,
                System::nanoTime);
        this.status = new RateLimitedStatus(statusReporter, counters, "Firehose appender [" + config.name() + "] ",
                lossNotice);
        long wakeEvents = Math.min(config.bufferEvents() / 2 + 1,
                config.aggregation() ? WAKE_EVENTS_AGGREGATED : WAKE_EVENTS_PER_RECORD);
        long wakeBytes = Math.min(config.maxBatchBytes(), config.bufferSize() / 2);
        SenderLoop<E>[] loop = newLoopHolder();
        this.buffer = new EventBuffer<>(config.bufferEvents(), config.bufferSize(), wakeEvents, wakeBytes,
                config.overflowPolicy(), config.blockTimeout().toNanos(), counters, () -> loop[0].wake());
        this.sender = new SenderLoop<>(config, buffer, new LineMaker<>(encoder, config.maxRecordBytes(), counters,
                status), transports, threadFactory, counters, status,
                new Backoff(config.initialBackoff(), config.maxBackoff(), new Random()));
        loop[0] = sender;
        this.threadFactory = threadFactory;
        this.senderThread = threadFactory.newThread(sender);
        sender.attach(senderThread);
    }

    @SuppressWarnings("unchecked")
    private static <E> SenderLoop<E>[] newLoopHolder() {
        return (SenderLoop<E>[]) new SenderLoop<?>[1];
    }

    /** Builds the client, the buffer and the sender thread; registers the MBean and the shutdown hook if enabled. */
    public static <E> FirehoseDelivery<E> start(DeliveryConfig config, EventEncoder<E> encoder, StatusReporter status) {
        return start(config, encoder, status, senderThreads(config.name()));
    }

    /**
     * As {@link #start(DeliveryConfig, EventEncoder, StatusReporter)}, with the sender thread made by
     * {@code threadFactory} (tests, managed environments). The factory makes a second, short-lived thread that builds
     * the client while the sender already drains; both are marked internal, so SDK logging never comes from the
     * caller's thread and is never shipped.
     */
    public static <E> FirehoseDelivery<E> start(DeliveryConfig config, EventEncoder<E> encoder, StatusReporter status,
                                                ThreadFactory threadFactory) {
        return start(config, encoder, status, threadFactory, () -> FirehoseTransport.create(
                config, message -> status.info("Firehose appender [" + config.name() + "] " + message)));
    }

    /** The seam for tests that replace the SDK transport. */
    static <E> FirehoseDelivery<E> start(DeliveryConfig config, EventEncoder<E> encoder, StatusReporter status,
                                         ThreadFactory threadFactory, Supplier<FirehoseTransport> transports) {
        return startWithLossStream(config, encoder, status, threadFactory, transports, () -> System.err);
    }

    /** The seam for tests that also watch what reaches stderr: loss lines go to {@code lossStream}. */
    static <E> FirehoseDelivery<E> startWithLossStream(DeliveryConfig config, EventEncoder<E> encoder,
                                                       StatusReporter status, ThreadFactory threadFactory,
                                                       Supplier<FirehoseTransport> transports,
                                                       Supplier<PrintStream> lossStream) {
        FirehoseDelivery<E> delivery = new FirehoseDelivery<>(config, encoder, status, threadFactory, transports,
                lossStream);
        delivery.senderThread.start();
        delivery.cracResource = CracRegistration.registerIfAvailable(delivery);
        if (config.jmx()) {
            delivery.publishMBean();
        }
        if (config.shutdownHook()) {
            delivery.shutdownHook = new Thread(delivery::onJvmExit, "firehose-shutdown-" + config.name());
            try {
                Runtime.getRuntime().addShutdownHook(delivery.shutdownHook);
            } catch (IllegalStateException | SecurityException e) {
                delivery.shutdownHook = null;
                delivery.status.warn("hook", "could not register the shutdown hook (" + e
                        + "); stop the appender explicitly to deliver what is buffered", null);
            }
        }
        return delivery;
    }

    /**
     * The default sender threads: named daemons, {@code firehose-sender-<name>} (the sender; the short-lived thread
     * that builds the client while the sender already drains gets {@code -client-setup} added to its name).
     */
    public static ThreadFactory senderThreads(String name) {
        return runnable -> {
            Thread t = new Thread(runnable, "firehose-sender-" + name);
            t.setDaemon(true);
            return t;
        };
    }

    /**
     * Offers the event to the buffer under the configured overflow policy.
     *
     * @return true when buffered, false when dropped (and counted) or ignored because it came from the sender itself
     */
    public boolean append(E event) {
        try {
            if (InternalThread.isCurrent()) {
                counters.ignoredInternal();
                return false;
            }
            counters.appended();
            if (buffer.isClosed()) {
                return refusedAfterClose(); // cheap: no estimate for an event that will not be kept
            }
            if (buffer.offer(event, encoder.estimateSize(event))) {
                return true;
            }
            if (buffer.isClosed() && sender.hasExited()) {
                lossNotice.check(); // the sender, which otherwise prints losses, is gone
            }
            return false;
        } catch (Throwable t) {
            counters.dropped(DropCause.APPEND_FAILED, 1);
            return false;
        }
    }

    /**
     * Counts an event the adapter could not make safe to keep (its message's formatting threw, say) as appended and
     * dropped ({@link DropCause#APPEND_FAILED}), and reports it, rate-limited, on the status channel. Never throws.
     */
    public void appendFailed(String loggerName, Throwable cause) {
        counters.appended();
        counters.dropped(DropCause.APPEND_FAILED, 1);
        status.error("appendFailed", "could not copy an event of " + loggerName + " to buffer it (" + cause
                + "); it is dropped and counted (APPEND_FAILED)", cause);
    }

    /**
     * The cheap first look an adapter takes before preparing an event: when the buffer is full under DROP_NEWEST
     * (it refused an event and the sender has freed no room since), counts the event as appended and dropped
     * (BUFFER_FULL) and returns true, and the adapter returns without formatting or copying anything. Otherwise
     * returns false and counts nothing: the adapter prepares the event and calls {@link #append}.
     */
    public boolean dropIfFull() {
        if (!buffer.refusing() || InternalThread.isCurrent()) {
            return false;
        }
        counters.appended();
        counters.dropped(DropCause.BUFFER_FULL, 1);
        return true;
    }

    private boolean refusedAfterClose() {
        counters.dropped(DropCause.NOT_RUNNING, 1);
        if (sender.hasExited()) {
            lossNotice.check(); // the sender, which otherwise prints losses, is gone
        }
        return false;
    }

    /** True on the threads whose events must never be shipped back into this appender (the sender, the SDK's). */
    public static boolean isInternalThread() {
        return InternalThread.isCurrent();
    }

    /**
     * For adapters that receive events on another thread than the one that logged them (Log4j2's async loggers):
     * true when the thread with this id is one whose events must never be shipped, and then the event is counted as
     * ignoredInternal, as {@link #append} counts those logged on an internal thread; the adapter drops it untouched.
     */
    public boolean ignoredAsInternal(long loggingThreadId) {
        if (!InternalThread.isInternal(loggingThreadId)) {
            return false;
        }
        counters.ignoredInternal();
        return true;
    }

    /**
     * As {@link #ignoredAsInternal(long)}, by the name of the thread that logged the event, for frameworks whose
     * events carry only that (Logback's, when an AsyncAppender's worker hands them to us).
     */
    public boolean ignoredAsInternal(String loggingThreadName) {
        if (!InternalThread.isInternalName(loggingThreadName)) {
            return false;
        }
        counters.ignoredInternal();
        return true;
    }

    /**
     * Waits until everything appended before this call is acknowledged or dropped, or the timeout passes. A flush
     * that meets a stop under way waits (within its own timeout) for that stop's outcome and reports it.
     */
    public FlushResult flush(Duration timeout) {
        if (InternalThread.isCurrent()) {
            return FlushResult.timedOut(pending());
        }
        long deadline = System.nanoTime() + nanos(timeout);
        if (!stopRequested.get()) {
            FlushTicket ticket = new FlushTicket();
            if (buffer.offerTicket(ticket)) {
                if (!await(ticket, deadline)) {
                    return FlushResult.timedOut(pending());
                }
                if (!ticket.isAbandoned()) {
                    return FlushResult.completed();
                }
            }
            if (!stopRequested.get()) {
                // The sender ended on its own (no client could be built): everything appended has been counted.
                return FlushResult.completed();
            }
        }
        return stopOutcome(deadline);
    }

    /**
     * Flushes within the timeout, stops the sender, closes the clients, unregisters MBean and hook. Idempotent: a
     * stop while another is under way waits for that one's outcome, but never past its own timeout.
     */
    public FlushResult stop(Duration timeout) {
        long deadline = System.nanoTime() + nanos(timeout);
        if (!stopRequested.compareAndSet(false, true)) {
            return stopOutcome(deadline);
        }
        buffer.close();
        sender.requestStop(deadline);
        resumeIfCheckpointed(); // a paused sender runs again to deliver what it kept, then stops
        boolean exited = awaitThroughInterrupts(sender::awaitExit, deadline);
        FlushResult result;
        if (!exited) {
            long pending = pending();
            result = FlushResult.timedOut(pending);
            String message = "stop timed out after " + timeout.toMillis() + " ms with about " + pending
                    + " events not delivered to " + config.deliveryStream() + " yet; the sender finishes its current "
                    + "call, then counts what is left as dropped (STOPPED)";
            status.warn("stop", message, null);
            if (pending > 0) {
                lossNotice.always(message);
            }
        } else if (sender.droppedAtEnd() > 0) {
            result = FlushResult.timedOut(sender.droppedAtEnd());
            lossNotice.always("stop left " + sender.droppedAtEnd() + " events not delivered to "
                    + config.deliveryStream() + "; they are counted as dropped (see the status messages)");
        } else if (sender.spooledAtEnd() > 0) {
            result = FlushResult.timedOut(sender.spooledAtEnd());
            String message = "stop left " + sender.spooledAtEnd() + " events not yet delivered to "
                    + config.deliveryStream() + " on the spool " + config.spoolDirectory() + "; the next start with "
                    + "this spoolDirectory sends them first";
            status.warn("stop", message, null);
            lossNotice.always(message);
        } else {
            result = FlushResult.completed();
        }
        lossNotice.finalTally(); // the true totals, before anything else at exit can hide them
        DeliveryMBeanRegistration registered;
        synchronized (mbeanLock) {
            mbeanClosed = true;
            registered = mbean;
            mbean = null;
        }
        if (registered != null) {
            registered.close();
        }
        removeShutdownHook();
        cracResource = null;
        stopResult = result;
        stopDone.countDown();
        return result;
    }

    /**
     * Before a JVM checkpoint (CRaC, Lambda SnapStart): delivers what is buffered within {@code timeout}, then ends the
     * sender thread (and the thread building the client, if one still is) and closes the client and its connections,
     * so the snapshot holds no socket, no credentials in use and no thread of ours. The buffer stays open: events
     * appended meanwhile are kept (within its bounds, as usual) and sent after {@link #afterRestore}; anything not
     * delivered by the timeout is kept too, not dropped. Does nothing on a stopped or already paused delivery.
     *
     * @return completed when everything appended before the call was delivered and the sender ended in time
     */
    public FlushResult beforeCheckpoint(Duration timeout) {
        synchronized (checkpointLock) {
            if (checkpointed || stopRequested.get()) {
                return FlushResult.completed();
            }
            long deadline = System.nanoTime() + nanos(timeout);
            FlushResult flushed = flush(timeout);
            sender.requestPause(deadline);
            checkpointed = true;
            boolean paused = awaitThroughInterrupts(sender::awaitPause, deadline);
            if (!paused) {
                status.warn("checkpoint", "the sender was still in a call to " + config.deliveryStream()
                        + " when the checkpoint's " + timeout.toMillis() + " ms ran out; it closes its client when"
                        + " the call returns", null);
                return FlushResult.timedOut(pending());
            }
            return flushed;
        }
    }

    /** {@link #beforeCheckpoint(Duration)} within the configured {@code shutdownTimeout}. */
    public FlushResult beforeCheckpoint() {
        return beforeCheckpoint(config.shutdownTimeout());
    }

    /**
     * After a JVM restore: starts the sender again on a new thread, which builds a new client (resolving the region,
     * credentials and role anew, as at start) and goes on with what was kept; the encoder first makes its ids unique
     * again ({@link EventEncoder#afterRestore}). Does nothing unless {@link #beforeCheckpoint} paused the delivery.
     */
    public void afterRestore() {
        resumeIfCheckpointed();
    }

    /**
     * The sender is paused, so the encoder is not in use. Whatever a custom encoder throws here costs its ids, never
     * the restore: the sender is resumed all the same (only a broken JVM's errors go on up, by LineMaker's rule).
     */
    private void restoreEncoder() {
        try {
            encoder.afterRestore();
        } catch (Throwable e) {
            status.warn("restore", "the encoder failed to renew itself after the restore: " + e, e);
            LineMaker.rethrowIfJvmBroken(e);
        }
    }

    private void resumeIfCheckpointed() {
        synchronized (checkpointLock) {
            if (!checkpointed) {
                return;
            }
            long deadline = System.nanoTime() + nanos(config.requestTimeout()) + nanos(config.shutdownTimeout());
            if (!awaitThroughInterrupts(sender::awaitPause, deadline)) {
                status.warn("restore", "the sender for " + config.deliveryStream() + " had not paused yet; it is "
                        + "resumed by the next restore or stop", null);
                return;
            }
            checkpointed = false;
            if (sender.state() != SenderLoop.State.PAUSED) {
                return; // it ended for good (stop, or no client could be built)
            }
            restoreEncoder();
            Thread next = threadFactory.newThread(sender);
            sender.resume(next);
            senderThread = next;
            next.start();
        }
    }

    /** The sender thread now (tests: none of ours may be alive while paused for a checkpoint). */
    Thread senderThread() {
        return senderThread;
    }

    /** The outcome of the stop under way, if it is known by {@code deadline}; else what is pending now. */
    private FlushResult stopOutcome(long deadline) {
        if (awaitStopDone(deadline)) {
            return stopResult;
        }
        return FlushResult.timedOut(pending());
    }

    /** True once the stop under way has finished, waiting until {@code deadline} at most. */
    private boolean awaitStopDone(long deadline) {
        return awaitThroughInterrupts(nanos -> stopDone.await(nanos, TimeUnit.NANOSECONDS), deadline);
    }

    /** A wait bounded by a timeout in nanoseconds. */
    private interface TimedWait {
        boolean await(long nanos) throws InterruptedException;
    }

    /**
     * Waits until {@code deadline} even on an interrupted thread, then re-sets the interrupt. Stopping is the one
     * wait an interrupt must not cut short: Logback's AsyncAppender interrupts its worker, then has that worker stop
     * the appenders behind it, and giving up at once would drop everything buffered.
     */
    private static boolean awaitThroughInterrupts(TimedWait wait, long deadline) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return wait.await(Math.max(0, deadline - System.nanoTime()));
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static boolean await(FlushTicket ticket, long deadline) {
        try {
            return ticket.await(Math.max(0, deadline - System.nanoTime()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Tells this delivery's JVM shutdown hook that the logging framework stops it at exit (Logback's
     * {@code <shutdownHook/>}, Spring Boot's logging shutdown): asked when the hook runs, and again while it waits; as
     * long as it answers true the hook waits for that stop instead of racing it, so the lines the application and the
     * framework log while shutting down are still delivered. See {@link #onJvmExit} for the bound.
     */
    public void deferShutdownTo(BooleanSupplier frameworkStopsAtExit) {
        this.frameworkStopsAtExit = frameworkStopsAtExit == null ? () -> false : frameworkStopsAtExit;
    }

    /**
     * The JVM hook. When the framework says it will stop us, wait for that stop (re-asking every poll: Spring Boot's
     * hook may end without stopping logging) for at most half of {@code shutdownTimeout}, so our own stop always
     * keeps at least the other half to deliver what is buffered.
     */
    private void onJvmExit() {
        long budget = nanos(config.shutdownTimeout());
        long deadline = System.nanoTime() + budget;
        long waitUntil = deadline - budget / 2;
        while (frameworkStillStopsUs()) {
            long left = waitUntil - System.nanoTime();
            if (left <= 0) {
                break;
            }
            long until = System.nanoTime() + Math.min(left, EXIT_POLL_NANOS);
            if (awaitStopDone(until)) {
                return;
            }
        }
        stop(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
    }

    private boolean frameworkStillStopsUs() {
        try {
            return frameworkStopsAtExit.getAsBoolean();
        } catch (RuntimeException e) {
            return false;
        }
    }

    private void removeShutdownHook() {
        Thread hook = shutdownHook;
        shutdownHook = null;
        if (hook == null || hook == Thread.currentThread()) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down and running the hooks: ours will find the delivery stopped.
        }
    }

    /** The timeout in nanoseconds, negative or null as zero, huge as about a century (no overflow in deadlines). */
    public static long nanos(Duration timeout) {
        if (timeout == null || timeout.isNegative()) {
            return 0;
        }
        return timeout.compareTo(MAX_WAIT) > 0 ? MAX_WAIT.toNanos() : timeout.toNanos();
    }

    private long pending() {
        return buffer.depthEvents() + sender.pendingInSender();
    }

    /** Where the sender is in its life (diagnostics and tests). */
    SenderLoop.State senderState() {
        return sender.state();
    }

    /**
     * Registers the MBean on a thread of its own: the platform MBean server's first start takes a few hundred
     * milliseconds, which the application's logging configuration (and a Lambda cold start) would otherwise wait for.
     * A stop that comes first wins: the registration then closes itself.
     */
    private void publishMBean() {
        Thread publisher = new Thread(() -> {
            InternalThread.mark();
            DeliveryMBeanRegistration registered = DeliveryMBeanRegistration.register(config.name(),
                    config.deliveryStream(), this::stats, status);
            synchronized (mbeanLock) {
                if (!mbeanClosed) {
                    mbean = registered;
                    return;
                }
            }
            if (registered != null) {
                registered.close();
            }
        }, "firehose-jmx-" + config.name());
        publisher.setDaemon(true);
        mbeanPublisher = publisher;
        try {
            publisher.start();
        } catch (RuntimeException | OutOfMemoryError e) {
            mbeanPublisher = null;
            status.warn("jmx", "could not start the thread that registers the MBean (" + e + "); running without JMX",
                    null);
        }
    }

    /** For tests: waits until the MBean registration (if any) has finished. */
    boolean awaitMBeanPublished(Duration timeout) throws InterruptedException {
        Thread publisher = mbeanPublisher;
        if (publisher != null) {
            publisher.join(Math.max(1, timeout.toMillis()));
            return !publisher.isAlive();
        }
        return true;
    }

    public DeliveryStats stats() {
        return counters.snapshot(buffer.depthEvents(), buffer.depthBytes(), sender.spoolDepth());
    }

    /** {@link #stop} with the configured shutdown timeout. */
    @Override
    public void close() {
        stop(config.shutdownTimeout());
    }
}
