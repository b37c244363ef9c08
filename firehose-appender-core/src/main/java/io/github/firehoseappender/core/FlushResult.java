package io.github.firehoseappender.core;

/** What {@link FirehoseDelivery#flush} and {@link FirehoseDelivery#stop} achieved before their deadline. */
public final class FlushResult {
    private final boolean completed;
    private final long pendingEvents;

    private FlushResult(boolean completed, long pendingEvents) {
        this.completed = completed;
        this.pendingEvents = pendingEvents;
    }

    public static FlushResult completed() {
        return new FlushResult(true, 0);
    }

    public static FlushResult timedOut(long pendingEvents) {
        return new FlushResult(false, pendingEvents);
    }

    /** True when every event appended before the call was acknowledged by Firehose or counted as dropped. */
    public boolean isCompleted() {
        return completed;
    }

    /** Events appended before the call and still neither acknowledged nor dropped when the deadline passed. */
    public long pendingEvents() {
        return pendingEvents;
    }

    @Override
    public String toString() {
        return completed ? "flush completed" : "flush timed out with " + pendingEvents + " events pending";
    }
}
