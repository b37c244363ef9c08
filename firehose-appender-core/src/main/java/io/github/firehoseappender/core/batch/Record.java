package io.github.firehoseappender.core.batch;

/** One Firehose record: one or more newline-terminated lines, and which drained events it carries. */
public final class Record {
    private final byte[] data;
    private final int events;
    private final long firstIndex;

    public Record(byte[] data, int events, long firstIndex) {
        this.data = data;
        this.events = events;
        this.firstIndex = firstIndex;
    }

    /** The bytes to send; not copied, never modified once built. */
    public byte[] data() { return data; }
    public int size() { return data.length; }
    /** How many events (lines) it holds. */
    public int events() { return events; }
    /** The sender's drain index of its first event; its events have consecutive indexes. */
    public long firstIndex() { return firstIndex; }
}
