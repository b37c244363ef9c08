package io.github.firehoseappender.core.spool;

import io.github.firehoseappender.core.batch.Record;
import java.util.List;

/** One spooled call: the records of one PutRecordBatch, where they sit in the spool, and whose they are. */
public final class SpoolFrame {
    private final List<Record> records;
    private final boolean replayed;
    private final long events;
    private final long bytes;
    private final long position;
    private final long end;

    SpoolFrame(List<Record> records, boolean replayed, long events, long bytes, long position, long end) {
        this.records = records;
        this.replayed = replayed;
        this.events = events;
        this.bytes = bytes;
        this.position = position;
        this.end = end;
    }

    /**
     * Unmodifiable. Frames of this process carry the records they were appended with (the same objects while
     * cached); replayed ones carry firstIndex -1, their indexes belonging to an earlier process.
     */
    public List<Record> records() { return records; }
    /** Written by an earlier process, before this {@link Spool} was opened. */
    public boolean replayed() { return replayed; }
    public long events() { return events; }
    /** The sum of the record sizes (payload data, framing excluded). */
    public long bytes() { return bytes; }
    /** The logical offset of its first byte in the spool: monotonic across segments and processes. */
    public long position() { return position; }
    /** The logical offset just past it: where the next frame starts. */
    public long end() { return end; }

    @Override
    public String toString() {
        return "SpoolFrame[" + position + ".." + end + ", " + records.size() + " records, " + events + " events"
                + (replayed ? ", replayed]" : "]");
    }
}
