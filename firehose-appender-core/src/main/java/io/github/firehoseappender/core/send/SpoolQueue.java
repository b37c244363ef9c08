package io.github.firehoseappender.core.send;

import io.github.firehoseappender.core.batch.Record;
import io.github.firehoseappender.core.config.DeliveryConfig;
import io.github.firehoseappender.core.spool.Spool;
import io.github.firehoseappender.core.spool.SpoolFrame;
import io.github.firehoseappender.core.spool.SpoolListener;
import io.github.firehoseappender.core.spool.SpoolSettings;
import io.github.firehoseappender.core.stats.DeliveryCounters;
import io.github.firehoseappender.core.stats.DropCause;
import io.github.firehoseappender.core.stats.LossNotice;
import io.github.firehoseappender.core.stats.RateLimitedStatus;
import java.io.IOException;
import java.util.List;

/**
 * The sender's calls on disk ({@code spoolDirectory}): each packed call is written here before it is sent and
 * acknowledged once Firehose has it (or it is dropped and counted), so an outage longer than the memory buffer, a
 * crash or a {@code kill -9} loses nothing within the spool's bound; the next start sends what is left first.
 *
 * <p>Sender thread only. A failed write (disk full, say) ends writing for this process: it is reported once and
 * counted, what is on disk is still sent first, and new calls wait in memory as without a spool. A failed read,
 * acknowledgement or sync (directory gone) ends the spool: events of this process still on it are counted as dropped
 * ({@link DropCause#SPOOL_FAILED}); they stay on disk, so a later start may still send them.
 */
final class SpoolQueue implements SpoolListener {
    private final DeliveryConfig config;
    private final DeliveryCounters counters;
    private final RateLimitedStatus status;
    private final LossNotice lossNotice;
    /** Volatile: stats read its depth from other threads. */
    private volatile Spool spool;
    /** False after a failed write: the spool is still read, new calls stay in memory. */
    private boolean writable;
    /** Handed out by {@link #next} and not yet acknowledged: the sender holds it in memory. */
    private SpoolFrame inFlight;
    /** Where this delivery's own frames begin on the spool, from its first open; -1 before. */
    private long liveFrom = -1;
    /** Events of this process on the spool, not yet acknowledged or dropped. Read by other threads for stats. */
    private volatile long pendingEvents;

    SpoolQueue(DeliveryConfig config, DeliveryCounters counters, RateLimitedStatus status) {
        this.config = config;
        this.counters = counters;
        this.status = status;
        this.lossNotice = status.lossNotice();
    }

    /** Opens the configured spool (scanning what an earlier process left); reports and runs from memory if it cannot. */
    void open() {
        if (config.spoolDirectory() == null || spool != null) {
            return;
        }
        try {
            // Reopened after a checkpoint, what this delivery spooled before is its own again, not replayed.
            spool = Spool.open(SpoolSettings.builder().directory(config.spoolDirectory()).maxBytes(config.spoolSize())
                    .sync(config.spoolSync()).overflow(config.spoolOverflow()).build(), this, liveFrom);
            if (liveFrom < 0) {
                liveFrom = spool.liveFrom();
            }
            writable = true;
            if (spool.depthEvents() > pendingEvents) {
                status.info("spool " + config.spoolDirectory() + " holds " + spool.depthEvents() + " events ("
                        + spool.depthBytes() + " bytes) an earlier process did not deliver; they are sent first");
            }
        } catch (IOException | RuntimeException e) {
            counters.spoolFailed();
            report("spool: cannot use " + config.spoolDirectory() + " (" + e.getMessage() + "); delivering from "
                    + "memory only until restart");
        }
    }

    boolean active() {
        return spool != null;
    }

    /**
     * Writes one call to the spool. Returns false when there is no spool (any more): the caller keeps the call in
     * memory. A call the overflow policy refuses is counted and taken (true).
     */
    boolean write(List<Record> records) {
        if (spool == null || !writable) {
            return false;
        }
        long events = events(records);
        try {
            if (spool.append(records) != null) {
                pendingEvents += events;
            }
            return true;
        } catch (IOException | RuntimeException e) {
            writable = false;
            counters.spoolFailed();
            report("spool: cannot write to " + config.spoolDirectory() + " (" + e.getMessage() + "); what it holds "
                    + "is still sent first, new logs wait in memory only until restart");
            return false;
        }
    }

    /** A spool is open and takes writes: a packed call goes to disk, not to memory. */
    boolean writable() {
        return spool != null && writable;
    }

    boolean hasUnread() {
        return spool != null && spool.hasUnread();
    }

    /** The oldest call not yet handed out: an earlier process's first, then this one's in order; null when none. */
    SpoolFrame next() {
        if (spool == null) {
            return null;
        }
        try {
            inFlight = spool.next();
            return inFlight;
        } catch (IOException | RuntimeException e) {
            failed("cannot read from", e);
            return null;
        }
    }

    /** The call is done (delivered, or dropped and counted): its place on disk is given up. */
    void acknowledge(SpoolFrame frame) {
        inFlight = null;
        if (!frame.replayed()) {
            pendingEvents -= frame.events();
        }
        if (spool == null) {
            return;
        }
        try {
            spool.acknowledge(frame);
        } catch (IOException | RuntimeException e) {
            failed("cannot acknowledge on", e);
        }
    }

    /** Once per turn of the sender: forces writes to the device when {@code spoolSync=interval} says it is time. */
    void tick(long nowNanos) {
        if (spool == null) {
            return;
        }
        try {
            spool.syncIfDue(nowNanos);
        } catch (IOException | RuntimeException e) {
            failed("cannot sync", e);
        }
    }

    /** The drain index of the oldest event of this process on the spool, or -1. */
    long oldestLiveIndex() {
        return spool == null ? -1 : spool.oldestLiveIndex();
    }

    long pendingEvents() {
        return pendingEvents;
    }

    /** What {@code DeliveryStats.spool()} shows: bytes, records, events on disk, and this process's pending events. */
    long[] depth() {
        Spool s = spool;
        return s == null ? new long[] {0, 0, 0, pendingEvents}
                : new long[] {s.depthBytes(), s.depthRecords(), s.depthEvents(), pendingEvents};
    }

    /** Forces and closes; what is unacknowledged stays for the next start. */
    void close() {
        inFlight = null;
        if (spool != null) {
            spool.close();
            spool = null;
        }
    }

    @Override
    public void overflowed(long events, long records, long bytes, boolean replayed) {
        if (replayed) {
            counters.replayLost(events);
        } else {
            pendingEvents -= Math.min(pendingEvents, events);
            counters.dropped(DropCause.SPOOL_FULL, events);
        }
        status.warn("spool.full", "the spool " + config.spoolDirectory() + " reached spoolSize=" + config.spoolSize()
                + ": " + events + " events (" + records + " records) " + (replayed ? "an earlier process left " : "")
                + "dropped by spoolOverflow=" + config.spoolOverflow(), null);
    }

    @Override
    public void corrupted(long events, long records, long bytes, boolean replayed, String detail) {
        if (replayed) {
            counters.replayLost(events);
        } else {
            pendingEvents -= Math.min(pendingEvents, events);
            counters.dropped(DropCause.SPOOL_CORRUPT, events);
        }
        status.warn("spool.corrupt", "the spool " + config.spoolDirectory() + " has a damaged call: " + detail + "; "
                + events + " events skipped", null);
    }

    /** Ends the spool for this process; the call in flight is still delivered from memory. */
    private void failed(String what, Exception e) {
        counters.spoolFailed();
        Spool s = spool;
        spool = null;
        if (s != null) {
            s.close();
        }
        long inMemory = inFlight != null && !inFlight.replayed() ? inFlight.events() : 0;
        long stranded = pendingEvents - inMemory;
        report("spool: " + what + " " + config.spoolDirectory() + " (" + e.getMessage() + "); delivering from memory "
                + "only until restart" + (stranded > 0 ? "; " + stranded + " events stay on disk for the next start "
                + "and are counted as dropped (SPOOL_FAILED)" : ""));
        if (stranded > 0) {
            counters.dropped(DropCause.SPOOL_FAILED, stranded);
        }
        pendingEvents = inMemory;
    }

    /** Once per cause: the status channel and, unless turned off, stderr. */
    private void report(String message) {
        status.error("spool", message, null);
        if (lossNotice != null) {
            lossNotice.always(message);
        }
    }

    private static long events(List<Record> records) {
        long n = 0;
        for (Record r : records) {
            n += r.events();
        }
        return n;
    }
}
