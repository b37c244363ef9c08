package io.github.firehoseappender.core.spool;

import java.util.ArrayDeque;

/**
 * Frames this process appended, kept so next() can hand them back without reading the file: always the oldest
 * unread frames, contiguous, within a byte budget. Once a frame is left out, later ones are too until the reader
 * has read everything uncached (then the cache is empty and every unread frame is in it, i.e. none).
 */
final class FrameCache {
    private final long limit;
    private final ArrayDeque<SpoolFrame> frames = new ArrayDeque<>();
    private long bytes;

    FrameCache(long limit) {
        this.limit = limit;
    }

    /** Keeps the frame when every frame before it that is unread is cached too and it fits; else drops it. */
    void offer(SpoolFrame frame, int unreadBefore) {
        if (frames.size() == unreadBefore && bytes + frame.bytes() <= limit) {
            frames.add(frame);
            bytes += frame.bytes();
        }
    }

    /** The oldest unread frame when it is cached, else null. */
    SpoolFrame poll() {
        SpoolFrame f = frames.poll();
        if (f != null) {
            bytes -= f.bytes();
        }
        return f;
    }

    /** The n oldest unread frames are gone (overflow deleted them). */
    void dropOldest(int n) {
        for (int i = 0; i < n && !frames.isEmpty(); i++) {
            poll();
        }
    }

    void clear() {
        frames.clear();
        bytes = 0;
    }
}
