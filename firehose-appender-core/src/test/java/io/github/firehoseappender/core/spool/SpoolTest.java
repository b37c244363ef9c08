package io.github.firehoseappender.core.spool;

import static io.github.firehoseappender.core.spool.Calls.assertSameRecords;
import static io.github.firehoseappender.core.spool.Calls.call;
import static io.github.firehoseappender.core.spool.Calls.events;
import static io.github.firehoseappender.core.spool.Calls.frameLength;
import static io.github.firehoseappender.core.spool.Calls.segmentFiles;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.firehoseappender.core.batch.Record;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SpoolTest {
    @TempDir
    Path dir;
    private final RecordingSpoolListener listener = new RecordingSpoolListener();

    private Spool open(SpoolSettings.Builder settings) throws IOException {
        return Spool.open(settings.directory(dir).build(), listener);
    }

    @Test
    void givesBackTheCallsAppendedInOrderFromMemory() throws IOException {
        try (Spool spool = open(SpoolSettings.builder())) {
            List<Record> a = call(0, 3, 100);
            List<Record> b = call(100, 1, 5000);
            SpoolFrame fa = spool.append(a);
            SpoolFrame fb = spool.append(b);

            assertThat(fa.position()).isZero();
            assertThat(fa.end()).isEqualTo(frameLength(3, 100)).isEqualTo(fb.position());
            SpoolFrame ra = spool.next();
            SpoolFrame rb = spool.next();
            assertThat(spool.next()).isNull();
            assertThat(ra.records().get(0)).isSameAs(a.get(0));
            assertSameRecords(ra, a);
            assertSameRecords(rb, b);
            assertThat(ra.replayed()).isFalse();
            assertThat(ra.bytes()).isEqualTo(300);
            assertThat(rb.position()).isEqualTo(fb.position());
            assertThat(listener.overflowed).isEmpty();
            assertThat(listener.corrupted).isEmpty();
        }
    }

    @Test
    void readsFramesBackFromDiskWithIdenticalBytesWhenTheCacheIsExceeded() throws IOException {
        try (Spool spool = open(SpoolSettings.builder().cacheBytes(2500))) {
            List<Record> a = call(0, 2, 600);
            List<Record> b = call(10, 2, 600);
            List<Record> c = call(20, 2, 600);
            spool.append(a);
            spool.append(b);
            spool.append(c); // over 2500 bytes: not cached
            assertThat(spool.next().records().get(0)).isSameAs(a.get(0));
            List<Record> d = call(30, 1, 10);
            spool.append(d); // fits, but c before it is not cached: neither is d

            assertThat(spool.next().records().get(0)).isSameAs(b.get(0));
            SpoolFrame rc = spool.next();
            SpoolFrame rd = spool.next();
            assertThat(rc.records().get(0)).isNotSameAs(c.get(0));
            assertSameRecords(rc, c);
            assertThat(rd.records().get(0)).isNotSameAs(d.get(0));
            assertSameRecords(rd, d);
            assertThat(rd.replayed()).isFalse();

            List<Record> e = call(40, 1, 10);
            spool.append(e); // the reader caught up: cached again
            assertThat(spool.next().records().get(0)).isSameAs(e.get(0));
        }
    }

    @Test
    void withNoCacheEveryFrameIsReadFromDisk() throws IOException {
        try (Spool spool = open(SpoolSettings.builder().cacheBytes(0))) {
            List<Record> a = call(7, 500, 20);
            spool.append(a);
            SpoolFrame ra = spool.next();
            assertThat(ra.records().get(0)).isNotSameAs(a.get(0));
            assertSameRecords(ra, a);
        }
    }

    @Test
    void depthAndOldestLiveIndexFollowAppendNextAndAcknowledge() throws IOException {
        try (Spool spool = open(SpoolSettings.builder())) {
            assertThat(spool.oldestLiveIndex()).isEqualTo(-1);
            assertThat(spool.hasUnread()).isFalse();
            List<Record> a = call(5, 2, 100);
            List<Record> b = call(50, 3, 10);
            spool.append(a);
            spool.append(b);
            assertThat(spool.depthEvents()).isEqualTo(events(a) + events(b));
            assertThat(spool.depthRecords()).isEqualTo(5);
            assertThat(spool.depthBytes()).isEqualTo(230);
            assertThat(spool.oldestLiveIndex()).isEqualTo(5);
            assertThat(spool.hasUnread()).isTrue();

            SpoolFrame fa = spool.next();
            assertThat(spool.depthRecords()).as("read but not acknowledged still counts").isEqualTo(5);
            assertThat(spool.oldestLiveIndex()).isEqualTo(5);
            spool.acknowledge(fa);
            assertThat(spool.depthEvents()).isEqualTo(events(b));
            assertThat(spool.depthRecords()).isEqualTo(3);
            assertThat(spool.depthBytes()).isEqualTo(30);
            assertThat(spool.oldestLiveIndex()).isEqualTo(50);

            SpoolFrame fb = spool.next();
            assertThat(spool.hasUnread()).isFalse();
            spool.acknowledge(fb);
            assertThat(spool.depthEvents()).isZero();
            assertThat(spool.depthRecords()).isZero();
            assertThat(spool.depthBytes()).isZero();
            assertThat(spool.oldestLiveIndex()).isEqualTo(-1);
            spool.acknowledge(fb); // again: nothing happens
            assertThat(spool.depthRecords()).isZero();
        }
    }

    @Test
    void refusesToAcknowledgeAFrameNextHasNotReturned() throws IOException {
        try (Spool spool = open(SpoolSettings.builder())) {
            SpoolFrame f = spool.append(call(0, 1, 10));
            assertThatThrownBy(() -> spool.acknowledge(f)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("next() has not returned");
        }
    }

    @Test
    void aFrameLargerThanSegmentBytesGoesAloneIntoItsOwnSegment() throws IOException {
        SpoolSettings.Builder settings = SpoolSettings.builder().segmentBytes(4096).maxBytes(1 << 20).cacheBytes(0);
        List<Record> small = call(0, 1, 100);
        List<Record> big = call(10, 3, 5000);
        List<Record> after = call(100, 1, 100);
        try (Spool spool = open(settings)) {
            spool.append(small);
            SpoolFrame fb = spool.append(big);
            spool.append(after);
            assertThat(segmentFiles(dir)).hasSize(3);
            assertThat(segmentFiles(dir).get(1).getFileName()).hasToString(String.format("%020d.spool", fb.position()));
            assertSameRecords(spool.next(), small);
            assertSameRecords(spool.next(), big);
            assertSameRecords(spool.next(), after);
        }
    }

    @Test
    void rollsToANewSegmentWhenTheNextFrameWouldPassSegmentBytes() throws IOException {
        long frame = frameLength(1, 1000);
        try (Spool spool = open(SpoolSettings.builder().segmentBytes(3 * frame).maxBytes(1 << 20))) {
            for (int i = 0; i < 7; i++) {
                spool.append(call(i * 10L, 1, 1000));
            }
            assertThat(segmentFiles(dir)).extracting(p -> p.getFileName().toString())
                    .containsExactly("00000000000000000000.spool", String.format("%020d.spool", 3 * frame),
                            String.format("%020d.spool", 6 * frame));
        }
    }

    @Test
    void acknowledgedSegmentsAreDeletedButTheOneBeingWrittenStays() throws IOException {
        long frame = frameLength(1, 1000);
        try (Spool spool = open(SpoolSettings.builder().segmentBytes(2 * frame).maxBytes(1 << 20))) {
            for (int i = 0; i < 5; i++) {
                spool.append(call(i * 10L, 1, 1000));
            }
            assertThat(segmentFiles(dir)).hasSize(3);
            spool.acknowledge(spool.next());
            assertThat(segmentFiles(dir)).hasSize(3);
            spool.acknowledge(spool.next());
            assertThat(segmentFiles(dir)).hasSize(2);
            SpoolFrame f = null;
            while (spool.hasUnread()) {
                f = spool.next();
            }
            spool.acknowledge(f);
            assertThat(segmentFiles(dir)).extracting(p -> p.getFileName().toString())
                    .containsExactly(String.format("%020d.spool", 4 * frame));
            assertThat(spool.depthRecords()).isZero();
        }
    }

    @Test
    void batchSyncWritesAndAcknowledgesDurablyOnEveryCall() throws IOException {
        SpoolSettings.Builder settings = SpoolSettings.builder().sync(SpoolSync.BATCH);
        List<Record> a = call(0, 2, 300);
        List<Record> b = call(20, 2, 300);
        try (Spool spool = open(settings)) {
            spool.append(a);
            spool.append(b);
            spool.acknowledge(spool.next());
            spool.syncIfDue(System.nanoTime()); // nothing left to force under BATCH
        }
        try (Spool spool = open(settings)) {
            SpoolFrame rb = spool.next();
            assertThat(rb.replayed()).isTrue();
            assertSameRecords(rb, b);
            assertThat(spool.next()).isNull();
        }
    }

    @Test
    void intervalSyncForcesWhenDueAndTheAcknowledgementSurvivesAReopen() throws IOException {
        SpoolSettings.Builder settings = SpoolSettings.builder().syncInterval(java.time.Duration.ofMillis(5));
        try (Spool spool = open(settings)) {
            spool.append(call(0, 1, 100));
            spool.append(call(10, 1, 100));
            spool.acknowledge(spool.next());
            spool.syncIfDue(System.nanoTime() + TimeUnit.SECONDS.toNanos(1));
            spool.syncIfDue(System.nanoTime() + TimeUnit.SECONDS.toNanos(1)); // not due again: no force
        }
        try (Spool spool = open(settings)) {
            assertThat(spool.depthRecords()).isEqualTo(1);
            assertThat(spool.next().position()).isEqualTo(frameLength(1, 100));
        }
    }

    @Test
    void aClosedSpoolRefusesCallsAndClosesOnlyOnce() throws IOException {
        Spool spool = open(SpoolSettings.builder());
        spool.close();
        spool.close();
        assertThatThrownBy(() -> spool.append(call(0, 1, 10))).isInstanceOf(IOException.class)
                .hasMessageContaining("is closed");
        assertThatThrownBy(spool::next).isInstanceOf(IOException.class);
    }

    @Test
    void recordsReadBackFromDiskKeepTheirOwnIndexesWhenNotConsecutive() throws IOException {
        try (Spool spool = open(SpoolSettings.builder().cacheBytes(0))) {
            // A retry of a call's failed entries: records 0 and 2 of a call, indexes 10 and 40.
            List<Record> retry = List.of(new Record(new byte[] {'a', '\n'}, 1, 10),
                    new Record(new byte[] {'b', '\n'}, 1, 40));
            spool.append(retry);
            assertThat(spool.next().records()).extracting(Record::firstIndex).containsExactly(10L, 40L);
        }
    }

    @Test
    void anAppendThatCannotCreateItsSegmentThrowsAndLeavesTheSpoolAsItWas() throws IOException {
        long frame = frameLength(1, 1000);
        try (Spool spool = open(SpoolSettings.builder().segmentBytes(frame).maxBytes(1 << 20))) {
            spool.append(call(0, 1, 1000));
            for (Path p : segmentFiles(dir)) {
                Files.delete(p);
            }
            Files.delete(dir.resolve(SpoolLock.NAME));
            Files.delete(dir.resolve(AckFile.NAME));
            Files.delete(dir);
            assertThatThrownBy(() -> spool.append(call(10, 1, 1000))).isInstanceOf(IOException.class);
            assertThat(spool.depthRecords()).isEqualTo(1);

            Files.createDirectory(dir);
            SpoolFrame f = spool.append(call(20, 1, 1000));
            assertThat(f.position()).isEqualTo(frame);
            assertThat(spool.depthRecords()).isEqualTo(2);
        }
    }

    @Test
    void refusesAnEmptyCall() throws IOException {
        try (Spool spool = open(SpoolSettings.builder())) {
            assertThatThrownBy(() -> spool.append(List.of())).isInstanceOf(IllegalArgumentException.class);
            assertThat(segmentFiles(dir)).isEmpty();
        }
    }
}
