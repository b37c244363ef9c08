package io.github.firehoseappender.core.spool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * What open() finds on disk: walks the frame headers of every segment past the acknowledgement pointer (seeking by
 * length, payloads unread), fills the index with the unacknowledged frames, deletes wholly acknowledged and empty
 * segments, and cuts a torn tail off the last segment. Reports as described in the package comment.
 */
final class SegmentRecovery {
    private final SpoolListener listener;
    private final FrameCodec codec;
    private final FrameIndex index;
    private final TreeMap<Long, Segment> segments = new TreeMap<>();
    private long totalBytes;
    private long nextOffset;

    /** Frames from this offset on were written by the delivery reopening the spool: live, not replayed; -1: none. */
    private final long liveFrom;

    private SegmentRecovery(SpoolListener listener, FrameCodec codec, FrameIndex index, long liveFrom) {
        this.liveFrom = liveFrom;
        this.listener = listener;
        this.codec = codec;
        this.index = index;
    }

    /** {@code acknowledged}: the restored pointer, -1 when none (every frame is then unacknowledged). */
    static SegmentRecovery run(Path directory, long acknowledged, SpoolListener listener, FrameCodec codec,
            FrameIndex index, long liveFrom) throws IOException {
        SegmentRecovery r = new SegmentRecovery(listener, codec, index, liveFrom);
        r.recover(directory, acknowledged);
        return r;
    }

    /** The segments kept, by base offset; their channels are closed. */
    TreeMap<Long, Segment> segments() { return segments; }
    long totalBytes() { return totalBytes; }
    /** Where the next frame goes: past every segment's end and the pointer, so offsets never repeat. */
    long nextOffset() { return nextOffset; }

    private void recover(Path directory, long acknowledged) throws IOException {
        TreeMap<Long, Path> files = new TreeMap<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(directory, "*" + Segment.SUFFIX)) {
            for (Path p : dir) {
                long base = Segment.parseBase(p.getFileName().toString());
                if (base >= 0) {
                    files.put(base, p);
                }
            }
        }
        nextOffset = Math.max(0, acknowledged);
        int left = files.size();
        for (Map.Entry<Long, Path> f : files.entrySet()) {
            boolean last = --left == 0;
            Segment s = Segment.existing(f.getValue(), f.getKey());
            try {
                if (s.end() > acknowledged) {
                    scan(s, Math.max(s.base(), acknowledged), last);
                }
                nextOffset = Math.max(nextOffset, s.end());
                if (s.end() <= acknowledged || s.size() == 0) {
                    s.delete();
                } else {
                    segments.put(s.base(), s);
                    totalBytes += s.size();
                }
            } finally {
                s.closeChannel();
            }
        }
    }

    private void scan(Segment s, long from, boolean last) throws IOException {
        long pos = from;
        long lastFrame = -1;
        FrameCodec.Header lastHeader = null;
        while (pos < s.end()) {
            ByteBuffer buf = s.read(pos - s.base(), (int) Math.min(FrameCodec.HEADER_BYTES, s.end() - pos));
            FrameCodec.Header h;
            try {
                h = codec.header(buf);
            } catch (CorruptFrameException e) {
                if (last) {
                    // A tear or leftover bytes after a crash: nothing in it is known to count.
                    s.truncate(pos - s.base());
                } else {
                    listener.corrupted(0, 0, s.end() - pos, true, s.path() + " at offset " + pos + ": " + e.getMessage()
                            + "; the rest of the segment (" + (s.end() - pos) + " bytes) is skipped");
                }
                break;
            }
            if (pos + h.frameLength() > s.end()) {
                String what = last ? " is torn (the process writing it stopped); its events are lost"
                        : " runs past the end of its segment; skipped";
                listener.corrupted(h.events, h.records, h.dataBytes(), true,
                        s.path() + ": the frame at offset " + pos + what);
                if (last) {
                    s.truncate(pos - s.base());
                }
                break;
            }
            boolean live = liveFrom >= 0 && pos >= liveFrom;
            index.add(pos, h.frameLength(), h.events, h.records, h.dataBytes(), h.firstIndex, !live);
            lastFrame = pos;
            lastHeader = h;
            pos += h.frameLength();
        }
        if (last && lastHeader != null) {
            verifyLast(s, lastFrame, lastHeader);
        }
    }

    /** A crash may leave the last frame's length written but not all its bytes: its checksum tells. */
    private void verifyLast(Segment s, long position, FrameCodec.Header h) throws IOException {
        ByteBuffer payload = s.read(position - s.base() + FrameCodec.HEADER_BYTES, h.payloadLength);
        if (!codec.payloadIntact(h, payload)) {
            s.truncate(position - s.base());
            index.removeTail();
            listener.corrupted(h.events, h.records, h.dataBytes(), true, s.path() + ": the last frame, at offset "
                    + position + ", failed its checksum (torn by a crash, or damaged); its events are lost");
        }
    }
}
