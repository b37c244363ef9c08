package io.github.firehoseappender.core.spool;

import io.github.firehoseappender.core.batch.Record;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Calls on disk between being packed and being delivered, so a restart replays what was not sent: a bounded,
 * checksummed log of segment files with a durable acknowledgement pointer (format in the package comment).
 *
 * <p>One thread (the sender) uses it; only the depth getters may be read from others. The sender appends a call
 * before sending it, takes calls with {@link #next()}, and acknowledges each once Firehose has it.
 */
public final class Spool implements Closeable {
    private final SpoolSettings settings;
    private final SpoolListener listener;
    private final SpoolLock lock;
    private final AckFile ack;
    private final FrameCodec codec;
    private final FrameIndex index;
    private final SegmentSet segments;
    private final FrameCache cache;
    private final long syncIntervalNanos;
    private boolean ackDirty;
    private long lastForce;
    private boolean closed;
    /** Where this open's own frames begin: everything before was written earlier. */
    private final long openedAt;

    private Spool(SpoolSettings settings, SpoolListener listener, SpoolLock lock, AckFile ack, FrameCodec codec,
            FrameIndex index, SegmentSet segments) {
        this.settings = settings;
        this.listener = listener;
        this.lock = lock;
        this.ack = ack;
        this.codec = codec;
        this.index = index;
        this.segments = segments;
        this.cache = new FrameCache(settings.cacheBytes());
        this.syncIntervalNanos = settings.syncInterval().toNanos();
        this.lastForce = System.nanoTime();
        this.openedAt = segments.endOffset();
    }

    /**
     * Creates the directory if missing, takes its lock, scans the segments, cuts a torn tail and restores the
     * acknowledgement pointer; may report corrupt frames to the listener.
     */
    public static Spool open(SpoolSettings settings, SpoolListener listener) throws SpoolUnavailableException {
        return open(settings, listener, -1);
    }

    /**
     * Reopens a spool this delivery wrote to before (it closed it for a JVM checkpoint): frames from {@code liveFrom}
     * (the {@link #liveFrom()} of its first open) are its own, live with their indexes, not replayed.
     */
    public static Spool open(SpoolSettings settings, SpoolListener listener, long liveFrom)
            throws SpoolUnavailableException {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(listener, "listener");
        Path dir = settings.directory();
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new SpoolUnavailableException("spool directory " + dir + " is a file, not a directory; name a "
                    + "directory; this appender runs from memory only");
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new SpoolUnavailableException("cannot create spool directory " + dir + ": " + e
                    + "; this appender runs from memory only", e);
        }
        SpoolLock lock = SpoolLock.acquire(dir);
        AckFile ack = null;
        try {
            ack = AckFile.open(dir);
            FrameCodec codec = new FrameCodec();
            FrameIndex index = new FrameIndex();
            SegmentRecovery recovered = SegmentRecovery.run(dir, ack.offset(), listener, codec, index, liveFrom);
            SegmentSet segments = new SegmentSet(dir, settings.segmentBytes(), recovered);
            return new Spool(settings, listener, lock, ack, codec, index, segments);
        } catch (IOException | RuntimeException e) {
            closeAll(e, ack, lock);
            if (e instanceof RuntimeException) {
                throw (RuntimeException) e;
            }
            throw new SpoolUnavailableException("cannot open spool directory " + dir + ": " + e
                    + "; this appender runs from memory only", e);
        }
    }

    /**
     * Writes one call as one frame at the end, before it is sent. Returns the frame, or null when the overflow
     * policy refused it (the listener is told). Under DROP_OLDEST it may first delete the oldest segments, never
     * the one being written.
     *
     * @throws IOException on any I/O failure (disk full, vanished directory...); the frame is then not in the spool
     */
    public SpoolFrame append(List<Record> records) throws IOException {
        checkOpen();
        if (records.isEmpty()) {
            throw new IllegalArgumentException("a spool frame holds one record or more; got none");
        }
        long length = FrameCodec.frameLength(records);
        segments.rollIfFull(length);
        // A frame larger than the whole spool could never fit: nothing is deleted for it.
        if (settings.overflow() == SpoolOverflow.DROP_OLDEST && length <= settings.maxBytes()) {
            while (segments.totalBytes() + length > settings.maxBytes()) {
                long deletedEnd = segments.deleteOldest();
                if (deletedEnd < 0) {
                    break;
                }
                forgetOverflowed(deletedEnd);
            }
        }
        if (segments.totalBytes() + length > settings.maxBytes()) {
            long bytes = 0;
            long events = 0;
            for (Record r : records) {
                bytes += r.size();
                events += r.events();
            }
            listener.overflowed(events, records.size(), bytes, false);
            return null;
        }
        FrameCodec.Encoded encoded = codec.encode(records);
        long position = segments.append(encoded.buffer, settings.sync() == SpoolSync.BATCH);
        SpoolFrame frame = new SpoolFrame(Collections.unmodifiableList(new ArrayList<>(records)), false,
                encoded.events, encoded.bytes, position, position + encoded.length);
        cache.offer(frame, index.size() - index.read());
        index.add(position, encoded.length, encoded.events, records.size(), encoded.bytes,
                records.get(0).firstIndex(), false);
        return frame;
    }

    /** Drops the index entries of a deleted segment and reports the unread ones, replayed and live apart. */
    private void forgetOverflowed(long segmentEnd) {
        long[] replayed = new long[3];
        long[] live = new long[3];
        int unread = 0;
        while (index.size() > 0 && index.position(0) < segmentEnd) {
            if (index.read() == 0) {
                long[] sums = index.replayed(0) ? replayed : live;
                sums[0] += index.events(0);
                sums[1] += index.records(0);
                sums[2] += index.bytes(0);
                unread++;
            }
            index.removeHead();
        }
        cache.dropOldest(unread);
        if (replayed[1] > 0) {
            listener.overflowed(replayed[0], replayed[1], replayed[2], true);
        }
        if (live[1] > 0) {
            listener.overflowed(live[0], live[1], live[2], false);
        }
    }

    /**
     * The oldest frame not yet returned: from memory when cached, else read back with its checksums checked
     * (corrupt ones are reported and skipped); null when none. Replayed frames come first.
     *
     * @throws IOException when reading fails otherwise; the same frame is tried again on the next call
     */
    public SpoolFrame next() throws IOException {
        checkOpen();
        while (index.hasUnread()) {
            int i = index.read();
            SpoolFrame frame = cache.poll();
            if (frame == null) {
                frame = readBack(i);
            }
            index.markRead();
            if (frame != null) {
                return frame;
            }
            index.skip(i);
            absorbSkipped();
        }
        return null;
    }

    /**
     * Reads entry i back from its segment; null when it is corrupt or its file is gone (reported). Other I/O
     * failures are thrown: they may pass, and a frame is not given up for one.
     */
    private SpoolFrame readBack(int i) throws IOException {
        long position = index.position(i);
        int length = index.length(i);
        boolean replayed = index.replayed(i);
        String problem;
        try {
            ByteBuffer buf = segments.read(position, length);
            List<Record> records = codec.decode(buf, replayed);
            return new SpoolFrame(records, replayed, index.events(i), index.bytes(i), position, position + length);
        } catch (CorruptFrameException | EOFException e) {
            problem = e.getMessage();
        } catch (NoSuchFileException e) {
            problem = "its segment file " + e.getFile() + " is gone";
        }
        listener.corrupted(index.events(i), index.records(i), index.bytes(i), replayed, "spool frame at offset " + position
                + " in " + settings.directory() + ": " + problem + "; skipped");
        return null;
    }

    /**
     * Marks this frame and every earlier one delivered: advances the acknowledgement pointer and deletes the
     * segments wholly acknowledged. A frame overflow already deleted, or one acknowledged before, is a no-op.
     *
     * @throws IllegalStateException when next() has not returned this frame yet
     */
    public void acknowledge(SpoolFrame frame) throws IOException {
        checkOpen();
        if (index.size() == 0 || frame.position() < index.position(0)) {
            return;
        }
        int n = 0;
        while (n < index.size() && index.end(n) <= frame.end()) {
            n++;
        }
        if (n > index.read()) {
            throw new IllegalStateException("acknowledging " + frame + ", which next() has not returned");
        }
        for (int i = 0; i < n; i++) {
            index.removeHead();
        }
        advanceAck(frame.end());
        absorbSkipped();
    }

    /** Skipped frames at the head wait for nothing: the pointer passes them now, so no restart reports them again. */
    private void absorbSkipped() throws IOException {
        long end = -1;
        while (index.size() > 0 && index.read() > 0 && index.skipped(0)) {
            end = index.end(0);
            index.removeHead();
        }
        if (end >= 0) {
            advanceAck(end);
        }
    }

    private void advanceAck(long acknowledged) throws IOException {
        ack.write(acknowledged);
        if (settings.sync() == SpoolSync.BATCH) {
            ack.force();
        } else {
            ackDirty = true;
        }
        segments.deleteAcknowledged(acknowledged);
    }

    /** Under INTERVAL, forces data and pointer when syncInterval has passed since the last force; call it each turn. */
    public void syncIfDue(long nowNanos) throws IOException {
        checkOpen();
        if (settings.sync() == SpoolSync.INTERVAL && nowNanos - lastForce >= syncIntervalNanos) {
            force();
            lastForce = nowNanos;
        }
    }

    private void force() throws IOException {
        segments.force();
        if (ackDirty) {
            ack.force();
            ackDirty = false;
        }
    }

    /**
     * Bytes of record data in frames not yet acknowledged: the one read but unacknowledged included, unless overflow
     * deleted its segment meanwhile. Readable from any thread, as are the two below.
     */
    public long depthBytes() { return index.depthBytes(); }
    public long depthRecords() { return index.depthRecords(); }
    public long depthEvents() { return index.depthEvents(); }
    /** Whether next() has a frame to return (unless it turns out corrupt). */
    public boolean hasUnread() { return index.hasUnread(); }
    /** The logical offset where frames appended since this open begin; pass it to a reopen of the same delivery. */
    public long liveFrom() { return openedAt; }
    /** The firstIndex of the oldest unacknowledged frame this process appended, or -1 when none. */
    public long oldestLiveIndex() { return index.oldestLiveIndex(); }
    public Path directory() { return settings.directory(); }

    private void checkOpen() throws IOException {
        if (closed) {
            throw new IOException("the spool in " + settings.directory() + " is closed");
        }
    }

    /** Forces, closes the files and releases the lock; never throws, reports nothing. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        cache.clear();
        // Nothing is reported (close's contract): an unforced or unclosed tail is what a crash leaves, and the next
        // open() recovers from that.
        closeAll(null, this::force, segments::close, ack, lock);
    }

    /** Closes each, whatever the others do; failures go onto {@code failure} when there is one. */
    private static void closeAll(Exception failure, AutoCloseable... resources) {
        for (AutoCloseable c : resources) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                if (failure != null) {
                    failure.addSuppressed(e);
                }
            }
        }
    }
}
