package io.github.firehoseappender.core.spool;

/**
 * What the spool knows of every unacknowledged frame, oldest first, without its payload: a ring of parallel
 * primitive arrays (about 33 bytes a frame, against several times that for an object each), since at low traffic a
 * full spool holds millions of small frames. Replayed frames come first; the first {@link #read()} entries were
 * returned by next() and await acknowledgement.
 *
 * <p>Written by the spool's thread only; the depth sums are volatile so other threads may read them.
 */
final class FrameIndex {
    private static final int MIN_CAPACITY = 64;

    private long[] positions = new long[MIN_CAPACITY];
    private int[] lengths = new int[MIN_CAPACITY];
    private int[] events = new int[MIN_CAPACITY];
    private int[] records = new int[MIN_CAPACITY];
    private int[] bytes = new int[MIN_CAPACITY];
    private long[] firstIndexes = new long[MIN_CAPACITY];
    private boolean[] skipped = new boolean[MIN_CAPACITY];
    private int head;
    private int size;
    private int read;
    private int replayed;

    private volatile long depthEvents;
    private volatile long depthRecords;
    private volatile long depthBytes;
    private volatile long oldestLiveIndex = -1;

    /** Adds the newest frame; replayed ones all come before the first live one. */
    void add(long position, int length, int frameEvents, int frameRecords, int frameBytes, long firstIndex,
            boolean isReplayed) {
        if (size == positions.length) {
            resize(positions.length * 2);
        }
        int s = slot(size);
        positions[s] = position;
        lengths[s] = length;
        events[s] = frameEvents;
        records[s] = frameRecords;
        bytes[s] = frameBytes;
        firstIndexes[s] = isReplayed ? -1 : firstIndex;
        skipped[s] = false;
        size++;
        if (isReplayed) {
            replayed++;
        } else if (size - replayed == 1) {
            oldestLiveIndex = firstIndex;
        }
        depthEvents += frameEvents;
        depthRecords += frameRecords;
        depthBytes += frameBytes;
    }

    void removeHead() {
        removeCounts(0);
        boolean wasReplayed = replayed > 0;
        head = slot(1);
        size--;
        if (read > 0) {
            read--;
        }
        if (wasReplayed) {
            replayed--;
        } else {
            oldestLiveIndex = size > replayed ? firstIndexes[slot(replayed)] : -1;
        }
        if (positions.length > MIN_CAPACITY && size < positions.length / 4) {
            resize(positions.length / 2);
        }
    }

    /** Drops the newest entry (a torn frame found at open). */
    void removeTail() {
        removeCounts(size - 1);
        size--;
        read = Math.min(read, size);
        if (replayed > size) {
            replayed = size;
        } else if (size == replayed) {
            oldestLiveIndex = -1;
        }
    }

    /** A frame next() skipped as corrupt: it holds nothing any more, and waits only to be acknowledged. */
    void skip(int i) {
        removeCounts(i);
        int s = slot(i);
        events[s] = 0;
        records[s] = 0;
        bytes[s] = 0;
        skipped[s] = true;
    }

    private void removeCounts(int i) {
        int s = slot(i);
        depthEvents -= events[s];
        depthRecords -= records[s];
        depthBytes -= bytes[s];
    }

    int size() { return size; }
    int read() { return read; }
    boolean hasUnread() { return read < size; }
    void markRead() { read++; }

    long position(int i) { return positions[slot(i)]; }
    int length(int i) { return lengths[slot(i)]; }
    long end(int i) { return position(i) + length(i); }
    int events(int i) { return events[slot(i)]; }
    int records(int i) { return records[slot(i)]; }
    int bytes(int i) { return bytes[slot(i)]; }
    boolean replayed(int i) { return i < replayed; }
    boolean skipped(int i) { return skipped[slot(i)]; }

    long depthEvents() { return depthEvents; }
    long depthRecords() { return depthRecords; }
    long depthBytes() { return depthBytes; }
    long oldestLiveIndex() { return oldestLiveIndex; }

    private int slot(int i) {
        return (head + i) & (positions.length - 1);
    }

    private void resize(int capacity) {
        long[] p = new long[capacity];
        int[] l = new int[capacity];
        int[] e = new int[capacity];
        int[] r = new int[capacity];
        int[] b = new int[capacity];
        long[] f = new long[capacity];
        boolean[] k = new boolean[capacity];
        for (int i = 0; i < size; i++) {
            int s = slot(i);
            p[i] = positions[s];
            l[i] = lengths[s];
            e[i] = events[s];
            r[i] = records[s];
            b[i] = bytes[s];
            f[i] = firstIndexes[s];
            k[i] = skipped[s];
        }
        positions = p;
        lengths = l;
        events = e;
        records = r;
        bytes = b;
        firstIndexes = f;
        skipped = k;
        head = 0;
    }
}
