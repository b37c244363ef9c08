package io.github.firehoseappender.core.spool;

import java.util.ArrayList;
import java.util.List;

/** Keeps what the spool reported, for assertions. */
final class RecordingSpoolListener implements SpoolListener {
    /** One overflowed() or corrupted() call. */
    static final class Loss {
        final long events;
        final long records;
        final long bytes;
        final boolean replayed;
        final String detail;

        Loss(long events, long records, long bytes, boolean replayed, String detail) {
            this.events = events;
            this.records = records;
            this.bytes = bytes;
            this.replayed = replayed;
            this.detail = detail;
        }

        @Override
        public String toString() {
            return events + " events, " + records + " records, " + bytes + " bytes"
                    + (replayed ? ", replayed" : "") + (detail != null ? ": " + detail : "");
        }
    }

    final List<Loss> overflowed = new ArrayList<>();
    final List<Loss> corrupted = new ArrayList<>();

    @Override
    public void overflowed(long events, long records, long bytes, boolean replayed) {
        overflowed.add(new Loss(events, records, bytes, replayed, null));
    }

    @Override
    public void corrupted(long events, long records, long bytes, boolean replayed, String detail) {
        corrupted.add(new Loss(events, records, bytes, false, detail));
    }

    long overflowedEvents() {
        long sum = 0;
        for (Loss l : overflowed) {
            sum += l.events;
        }
        return sum;
    }
}
