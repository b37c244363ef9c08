package io.github.firehoseappender.core.batch;

import io.github.firehoseappender.core.EncodedLine;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Packs lines into records and records into calls, within Firehose's limits. With aggregation, consecutive lines
 * share a record up to {@code maxRecordBytes} (Firehose bills each record rounded up to 5 KB, so a 300-byte line
 * alone costs 5 KB); without it, each line is a record. A call holds at most {@code maxBatchRecords} records and
 * {@code maxBatchBytes} bytes. Lines arrive already newline-terminated and no larger than {@code maxRecordBytes}.
 * A record may also be capped at {@code maxRecordEvents} lines (Firehose's multi-record deaggregation, used by
 * dynamic partitioning, splits at most 500 per record).
 *
 * <p>Sender thread only.
 */
public final class RecordPacker {
    private final int maxRecordBytes;
    private final int maxBatchRecords;
    private final int maxBatchBytes;
    private final boolean aggregation;
    private final int maxRecordEvents;

    private List<Record> closed = new ArrayList<>();
    private long closedBytes;
    private byte[] open = new byte[0];
    private int openSize;
    private int openEvents;
    private long openFirstIndex;

    public RecordPacker(int maxRecordBytes, int maxBatchRecords, int maxBatchBytes, boolean aggregation) {
        this(maxRecordBytes, maxBatchRecords, maxBatchBytes, aggregation, 0);
    }

    /** @param maxRecordEvents most lines in one record; 0 for no limit but {@code maxRecordBytes} */
    public RecordPacker(int maxRecordBytes, int maxBatchRecords, int maxBatchBytes, boolean aggregation,
                        int maxRecordEvents) {
        this.maxRecordBytes = maxRecordBytes;
        this.maxBatchRecords = maxBatchRecords;
        this.maxBatchBytes = maxBatchBytes;
        this.aggregation = aggregation;
        this.maxRecordEvents = maxRecordEvents <= 0 ? Integer.MAX_VALUE : maxRecordEvents;
    }

    /**
     * Adds one line, the event with drain index {@code index}.
     *
     * @return the call that became full and must be sent, or null when the line joined the call being built
     */
    public Batch add(byte[] line, long index) {
        return add(line, line.length, index);
    }

    /** Adds the line in {@code line}'s first {@code length} bytes (copied: the array may be reused afterwards). */
    public Batch add(EncodedLine line, long index) {
        return add(line.array(), line.length(), index);
    }

    private Batch add(byte[] line, int length, long index) {
        if (length > maxRecordBytes) {
            throw new IllegalArgumentException("line of " + length + " bytes exceeds maxRecordBytes=" + maxRecordBytes);
        }
        if (aggregation && openEvents > 0 && openEvents < maxRecordEvents && openSize + length <= maxRecordBytes
                && closedBytes + openSize + length <= maxBatchBytes) {
            append(line, length);
            return null;
        }
        closeOpen();
        Batch full = null;
        if (closed.size() >= maxBatchRecords || closedBytes + length > maxBatchBytes) {
            full = takeClosed();
        }
        openFirstIndex = index;
        append(line, length);
        if (!aggregation) {
            closeOpen();
        }
        if (full == null && closed.size() >= maxBatchRecords) {
            full = takeClosed();
        }
        return full;
    }

    /** The call being built (a partial one), or null when nothing is pending. */
    public Batch drain() {
        closeOpen();
        return closed.isEmpty() ? null : takeClosed();
    }

    public boolean isEmpty() {
        return closed.isEmpty() && openEvents == 0;
    }

    /** Drain index of the oldest pending event; meaningful only when not {@link #isEmpty()}. */
    public long firstIndex() {
        return closed.isEmpty() ? openFirstIndex : closed.get(0).firstIndex();
    }

    private void append(byte[] line, int length) {
        if (!aggregation) {
            open = Arrays.copyOf(line, length);
            openSize = length;
            openEvents = 1;
            return;
        }
        if (openSize + length > open.length) {
            int capacity = Math.max(8192, open.length);
            while (capacity < openSize + length) {
                capacity *= 2;
            }
            open = Arrays.copyOf(open, Math.min(capacity, maxRecordBytes));
        }
        System.arraycopy(line, 0, open, openSize, length);
        openSize += length;
        openEvents++;
    }

    private void closeOpen() {
        if (openEvents == 0) {
            return;
        }
        byte[] data = aggregation ? Arrays.copyOf(open, openSize) : open;
        closed.add(new Record(data, openEvents, openFirstIndex));
        closedBytes += openSize;
        openSize = 0;
        openEvents = 0;
        if (!aggregation) {
            open = new byte[0];
        }
    }

    private Batch takeClosed() {
        Batch batch = new Batch(closed);
        closed = new ArrayList<>();
        closedBytes = 0;
        return batch;
    }
}
