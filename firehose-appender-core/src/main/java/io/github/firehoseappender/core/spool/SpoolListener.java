package io.github.firehoseappender.core.spool;

/** Told of what the spool loses; called on the sender thread, inside the spool call that found the loss. */
public interface SpoolListener {
    /**
     * Frames dropped by the overflow policy: {@link SpoolOverflow#DROP_OLDEST} deleted an old segment's unread frames,
     * or {@link SpoolOverflow#DROP_NEWEST} refused an append. {@code replayed}: the frames were written by an earlier
     * process. {@code bytes} counts record data, as {@link SpoolFrame#bytes()} does.
     */
    void overflowed(long events, long records, long bytes, boolean replayed);

    /**
     * Frames that failed their checksum or could not be parsed, and were skipped; {@code events} (and {@code records})
     * are 0 when unknown, a frame header itself being unreadable; {@code bytes} is then the unreadable stretch of file.
     * {@code replayed}: written by an earlier process (always so for what is found when the spool is opened).
     */
    void corrupted(long events, long records, long bytes, boolean replayed, String detail);
}
