package io.github.firehoseappender.core.stats;

/**
 * The spool's part of {@link DeliveryStats}: what waits on disk, and what was replayed from an earlier process.
 * Events of this process that are on the spool at stop are neither delivered nor dropped: they are
 * {@link #pendingEvents()}, and the next start replays them.
 */
public final class SpoolStats {
    /** All zero: what a reader that wants numbers either way takes when no spool is configured. */
    public static final SpoolStats EMPTY = new SpoolStats(0, 0, 0, 0, 0, 0, 0);

    private final long depthBytes;
    private final long depthRecords;
    private final long depthEvents;
    private final long pendingEvents;
    private final long replayedEvents;
    private final long replayLostEvents;
    private final long failures;

    SpoolStats(long depthBytes, long depthRecords, long depthEvents, long pendingEvents, long replayedEvents,
               long replayLostEvents, long failures) {
        this.depthBytes = depthBytes;
        this.depthRecords = depthRecords;
        this.depthEvents = depthEvents;
        this.pendingEvents = pendingEvents;
        this.replayedEvents = replayedEvents;
        this.replayLostEvents = replayLostEvents;
        this.failures = failures;
    }

    /** Bytes of records on the spool not yet acknowledged (written by this process or an earlier one). */
    public long depthBytes() { return depthBytes; }
    public long depthRecords() { return depthRecords; }
    public long depthEvents() { return depthEvents; }
    /** Events appended by this process that are on the spool, not yet acknowledged. */
    public long pendingEvents() { return pendingEvents; }
    /** Events an earlier process left on the spool, delivered by this one. */
    public long replayedEvents() { return replayedEvents; }
    /** Events an earlier process left on the spool that this one could not deliver (overflow, checksum, retries). */
    public long replayLostEvents() { return replayLostEvents; }
    /** I/O failures of the spool; after the first, this process runs from memory only. */
    public long failures() { return failures; }

    @Override
    public String toString() {
        return "SpoolStats{depthBytes=" + depthBytes + ", depthRecords=" + depthRecords + ", depthEvents="
                + depthEvents + ", pendingEvents=" + pendingEvents + ", replayedEvents=" + replayedEvents
                + ", replayLostEvents=" + replayLostEvents + ", failures=" + failures + "}";
    }
}
