package io.github.firehoseappender.core.spool;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.firehoseappender.core.batch.Record;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Calls with recognisable content, and what the spool leaves on disk. */
final class Calls {
    private Calls() {
    }

    /** A call of records whose bytes depend on their index, and with 1 to 3 events each, indexes consecutive. */
    static List<Record> call(long firstIndex, int records, int bytesEach) {
        List<Record> call = new ArrayList<>();
        long index = firstIndex;
        for (int i = 0; i < records; i++) {
            byte[] data = new byte[bytesEach];
            for (int j = 0; j < bytesEach; j++) {
                data[j] = (byte) (index * 31 + j);
            }
            int events = 1 + (int) (index % 3);
            call.add(new Record(data, events, index));
            index += events;
        }
        return call;
    }

    /** The frame length on disk of a call made by {@link #call}. */
    static long frameLength(int records, int bytesEach) {
        return FrameCodec.HEADER_BYTES + (long) records * (FrameCodec.RECORD_PREFIX_BYTES + bytesEach);
    }

    static long events(List<Record> call) {
        long events = 0;
        for (Record r : call) {
            events += r.events();
        }
        return events;
    }

    /** Same data and events; firstIndex as appended, or -1 for a replayed frame. */
    static void assertSameRecords(SpoolFrame frame, List<Record> appended) {
        assertThat(frame.records()).hasSameSizeAs(appended);
        for (int i = 0; i < appended.size(); i++) {
            Record want = appended.get(i);
            Record got = frame.records().get(i);
            assertThat(got.data()).as("record %d", i).isEqualTo(want.data());
            assertThat(got.events()).isEqualTo(want.events());
            assertThat(got.firstIndex()).isEqualTo(frame.replayed() ? -1 : want.firstIndex());
        }
        assertThat(frame.events()).isEqualTo(events(appended));
    }

    static List<Path> segmentFiles(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".spool")).sorted()
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static long segmentBytes(Path dir) {
        long sum = 0;
        for (Path p : segmentFiles(dir)) {
            try {
                sum += Files.size(p);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return sum;
    }
}
