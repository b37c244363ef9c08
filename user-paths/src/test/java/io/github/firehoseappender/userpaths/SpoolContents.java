package io.github.firehoseappender.userpaths;

import io.github.firehoseappender.core.batch.Record;
import io.github.firehoseappender.core.spool.Spool;
import io.github.firehoseappender.core.spool.SpoolFrame;
import io.github.firehoseappender.core.spool.SpoolListener;
import io.github.firehoseappender.core.spool.SpoolSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a killed process left on its spool, read with the core's own {@link Spool} (the process's lock died with it):
 * every frame {@code next()} returns, none acknowledged, so the next start finds the same frames. Opening recovers
 * the spool as a start would (a torn tail is cut); what the spool reports as corrupt is kept.
 *
 * @param frames  the app ids of each frame, oldest first (the first is the call that was in flight, if any)
 * @param events  events in the frames, as their headers count them
 * @param corrupt what the spool reported as corrupt or torn while opening or reading
 */
record SpoolContents(List<Set<Integer>> frames, long events, List<String> corrupt) {

    static SpoolContents read(Path directory) throws IOException {
        List<String> corrupt = new ArrayList<>();
        SpoolListener listener = new SpoolListener() {
            @Override
            public void overflowed(long events, long records, long bytes, boolean replayed) {
                corrupt.add("overflow while reading (" + events + " events): unexpected");
            }

            @Override
            public void corrupted(long events, long records, long bytes, boolean replayed, String detail) {
                corrupt.add(events + " events: " + detail);
            }
        };
        List<Set<Integer>> frames = new ArrayList<>();
        long events = 0;
        try (Spool spool = Spool.open(SpoolSettings.builder().directory(directory).build(), listener)) {
            SpoolFrame frame;
            while ((frame = spool.next()) != null) {
                List<String> lines = new ArrayList<>();
                for (Record r : frame.records()) {
                    for (String line : new String(r.data(), StandardCharsets.UTF_8).split("\n")) {
                        if (!line.isEmpty()) {
                            lines.add(line);
                        }
                    }
                }
                if (lines.size() != frame.events()) {
                    corrupt.add(frame + " holds " + lines.size() + " lines, its header says " + frame.events());
                }
                frames.add(new HashSet<>(Delivered.from(lines).idCounts.keySet()));
                events += frame.events();
            }
        }
        return new SpoolContents(frames, events, corrupt);
    }

    /** Every app id on the spool. */
    Set<Integer> ids() {
        Set<Integer> all = new HashSet<>();
        for (Set<Integer> f : frames) {
            all.addAll(f);
        }
        return all;
    }
}
