package io.github.firehoseappender.core.spool;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * The segment files of a spool, oldest first: appends at the end, rolls, deletes from the front and reads back.
 * At most two channels stay open, the writer's and the reader's. Knows bytes and offsets, not frames.
 */
final class SegmentSet {
    private final Path directory;
    private final long segmentBytes;
    private final TreeMap<Long, Segment> segments;
    /** The segment this process writes; null until it appends, or after a roll until the next append. */
    private Segment active;
    private Segment reading;
    private long totalBytes;
    private long endOffset;
    private boolean dirty;

    SegmentSet(Path directory, long segmentBytes, SegmentRecovery recovered) {
        this.directory = directory;
        this.segmentBytes = segmentBytes;
        this.segments = recovered.segments();
        this.totalBytes = recovered.totalBytes();
        this.endOffset = recovered.nextOffset();
    }

    /** The sum of the segment file sizes. */
    long totalBytes() { return totalBytes; }
    /** The logical offset the next frame gets. */
    long endOffset() { return endOffset; }

    /**
     * Rolls when a frame of this length would pass segmentBytes in a non-empty segment (or the segment is broken):
     * the old one is forced first, as no later sync sees it.
     */
    void rollIfFull(long length) throws IOException {
        if (active != null && (active.broken() || (active.size() > 0 && active.size() + length > segmentBytes))) {
            if (dirty) {
                active.force();
                dirty = false;
            }
            if (active != reading) {
                active.closeChannel();
            }
            active = null;
        }
    }

    /** Deletes the oldest segment unless it is the one being written; returns its end offset, or -1 when none. */
    long deleteOldest() throws IOException {
        Map.Entry<Long, Segment> oldest = segments.firstEntry();
        if (oldest == null || oldest.getValue() == active) {
            return -1;
        }
        delete(oldest.getValue());
        return oldest.getValue().end();
    }

    /** Deletes the segments that end at or before the pointer, except the one being written. */
    void deleteAcknowledged(long acknowledged) throws IOException {
        Map.Entry<Long, Segment> oldest;
        while ((oldest = segments.firstEntry()) != null && oldest.getValue() != active
                && oldest.getValue().end() <= acknowledged) {
            delete(oldest.getValue());
        }
    }

    private void delete(Segment s) throws IOException {
        s.delete();
        segments.remove(s.base());
        totalBytes -= s.size();
        if (reading == s) {
            reading = null;
        }
    }

    /** Writes one frame; returns its logical position. Forces it when asked. */
    long append(ByteBuffer frame, boolean force) throws IOException {
        if (active == null) {
            active = Segment.create(directory, endOffset);
            segments.put(active.base(), active);
        }
        long position = active.end();
        long before = active.size();
        try {
            active.append(frame);
        } finally {
            totalBytes += active.size() - before;
            endOffset = active.end();
        }
        if (force) {
            active.force();
        } else {
            dirty = true;
        }
        return position;
    }

    /** Reads a frame back; EOFException when its segment is gone or ends inside it. */
    ByteBuffer read(long position, int length) throws IOException {
        Map.Entry<Long, Segment> e = segments.floorEntry(position);
        if (e == null || position + length > e.getValue().end()) {
            throw new EOFException("no segment holds offset " + position + " to " + (position + length));
        }
        Segment s = e.getValue();
        if (reading != s && reading != null && reading != active) {
            reading.closeChannel();
        }
        reading = s;
        return s.read(position - s.base(), length);
    }

    void force() throws IOException {
        if (dirty && active != null) {
            active.force();
        }
        dirty = false;
    }

    /** Closes every channel; throws the first failure after trying all. */
    void close() throws IOException {
        IOException failure = null;
        for (Segment s : segments.values()) {
            try {
                s.closeChannel();
            } catch (IOException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
