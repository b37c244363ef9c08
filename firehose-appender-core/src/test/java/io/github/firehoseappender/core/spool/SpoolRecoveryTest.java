package io.github.firehoseappender.core.spool;

import static io.github.firehoseappender.core.spool.Calls.assertSameRecords;
import static io.github.firehoseappender.core.spool.Calls.call;
import static io.github.firehoseappender.core.spool.Calls.events;
import static io.github.firehoseappender.core.spool.Calls.frameLength;
import static io.github.firehoseappender.core.spool.Calls.segmentFiles;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.firehoseappender.core.batch.Record;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** What a new process finds: replay, continuing offsets, and what crashes and damage leave behind. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SpoolRecoveryTest {
    private static final int RECORDS = 2;
    private static final int BYTES = 400;
    private static final long FRAME = frameLength(RECORDS, BYTES);

    @TempDir
    Path dir;
    private final RecordingSpoolListener listener = new RecordingSpoolListener();
    private final List<List<Record>> appended = new ArrayList<>();

    private Spool open() throws IOException {
        return open(SpoolSettings.builder());
    }

    private Spool open(SpoolSettings.Builder settings) throws IOException {
        return Spool.open(settings.directory(dir).build(), listener);
    }

    /** Appends n calls of RECORDS x BYTES, then closes. */
    private void writeFrames(SpoolSettings.Builder settings, int n) throws IOException {
        try (Spool spool = open(settings)) {
            for (int i = 0; i < n; i++) {
                List<Record> c = call(i * 10L, RECORDS, BYTES);
                spool.append(c);
                appended.add(c);
            }
        }
    }

    private List<SpoolFrame> readAll(Spool spool) throws IOException {
        List<SpoolFrame> frames = new ArrayList<>();
        for (SpoolFrame f = spool.next(); f != null; f = spool.next()) {
            frames.add(f);
        }
        return frames;
    }

    private void overwrite(Path file, long at, byte[] bytes) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(bytes), at);
        }
    }

    private void truncate(Path file, long size) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(size);
        }
    }

    @Test
    void reopenReplaysExactlyTheUnacknowledgedFramesInOrderAndContinuesOffsets() throws IOException {
        try (Spool spool = open()) {
            for (int i = 0; i < 5; i++) {
                List<Record> c = call(i * 10L, RECORDS, BYTES);
                spool.append(c);
                appended.add(c);
            }
            spool.next();
            spool.acknowledge(spool.next());
            spool.next(); // read, never acknowledged: replayed too
        }
        try (Spool spool = open()) {
            assertThat(spool.depthRecords()).isEqualTo(3 * RECORDS);
            assertThat(spool.depthEvents()).isEqualTo(events(appended.get(2)) + events(appended.get(3))
                    + events(appended.get(4)));
            assertThat(spool.oldestLiveIndex()).as("replayed frames are not live").isEqualTo(-1);

            List<Record> fresh = call(1000, 1, 10);
            SpoolFrame live = spool.append(fresh);
            assertThat(live.position()).isEqualTo(5 * FRAME);
            assertThat(spool.oldestLiveIndex()).isEqualTo(1000);

            List<SpoolFrame> frames = readAll(spool);
            assertThat(frames).hasSize(4);
            for (int i = 0; i < 3; i++) {
                SpoolFrame f = frames.get(i);
                assertThat(f.replayed()).isTrue();
                assertThat(f.position()).isEqualTo((2 + i) * FRAME);
                assertThat(f.records()).allSatisfy(r -> assertThat(r.firstIndex()).isEqualTo(-1));
                assertSameRecords(f, appended.get(2 + i));
            }
            assertThat(frames.get(3).replayed()).isFalse();
            // Not cached (replayed frames were unread before it): read back, with the indexes it was appended with.
            assertThat(frames.get(3).records().get(0)).isNotSameAs(fresh.get(0));
            assertSameRecords(frames.get(3), fresh);
        }
        assertThat(listener.corrupted).isEmpty();
        assertThat(segmentFiles(dir)).extracting(p -> p.getFileName().toString())
                .containsExactly("00000000000000000000.spool", String.format("%020d.spool", 5 * FRAME));
    }

    @Test
    void offsetsContinueAfterEverythingWasAcknowledgedAndDeleted() throws IOException {
        try (Spool spool = open()) {
            spool.append(call(0, RECORDS, BYTES));
            spool.acknowledge(spool.next());
        }
        try (Spool spool = open()) {
            assertThat(segmentFiles(dir)).as("wholly acknowledged, deleted at open").isEmpty();
            assertThat(spool.hasUnread()).isFalse();
            assertThat(spool.append(call(10, 1, 10)).position()).isEqualTo(FRAME);
        }
    }

    @Test
    void aTailCutInsideAPayloadIsTruncatedAndReportedWithItsEvents() throws IOException {
        writeFrames(SpoolSettings.builder(), 3);
        Path segment = segmentFiles(dir).get(0);
        truncate(segment, 3 * FRAME - 10);
        try (Spool spool = open()) {
            assertThat(Files.size(segment)).isEqualTo(2 * FRAME);
            List<SpoolFrame> frames = readAll(spool);
            assertThat(frames).hasSize(2);
            assertSameRecords(frames.get(0), appended.get(0));
            assertSameRecords(frames.get(1), appended.get(1));
            assertThat(spool.append(call(99, 1, 10)).position()).isEqualTo(2 * FRAME);
        }
        assertThat(listener.corrupted).hasSize(1);
        assertThat(listener.corrupted.get(0).events).isEqualTo(events(appended.get(2)));
        assertThat(listener.corrupted.get(0).records).isEqualTo(RECORDS);
        assertThat(listener.corrupted.get(0).detail).contains("torn");
    }

    @Test
    void aTailCutInsideAHeaderIsTruncatedSilently() throws IOException {
        writeFrames(SpoolSettings.builder(), 3);
        Path segment = segmentFiles(dir).get(0);
        truncate(segment, 2 * FRAME + 10);
        try (Spool spool = open()) {
            assertThat(Files.size(segment)).isEqualTo(2 * FRAME);
            assertThat(readAll(spool)).hasSize(2);
        }
        assertThat(listener.corrupted).isEmpty();
    }

    @Test
    void garbageAfterTheLastFrameIsTruncatedAndEveryFrameKept() throws IOException {
        writeFrames(SpoolSettings.builder(), 3);
        Path segment = segmentFiles(dir).get(0);
        byte[] garbage = new byte[100];
        Arrays.fill(garbage, (byte) 0x5A);
        overwrite(segment, 3 * FRAME, garbage);
        try (Spool spool = open()) {
            assertThat(Files.size(segment)).isEqualTo(3 * FRAME);
            List<SpoolFrame> frames = readAll(spool);
            assertThat(frames).hasSize(3);
            assertSameRecords(frames.get(2), appended.get(2));
        }
        assertThat(listener.corrupted).isEmpty();
    }

    @Test
    void aLastFrameFailingItsChecksumIsTruncatedAndReported() throws IOException {
        writeFrames(SpoolSettings.builder(), 3);
        Path segment = segmentFiles(dir).get(0);
        overwrite(segment, 3 * FRAME - 1, new byte[] {(byte) 0xFF});
        try (Spool spool = open()) {
            assertThat(Files.size(segment)).isEqualTo(2 * FRAME);
            assertThat(readAll(spool)).hasSize(2);
        }
        assertThat(listener.corrupted).singleElement().satisfies(l -> {
            assertThat(l.events).isEqualTo(events(appended.get(2)));
            assertThat(l.detail).contains("failed its checksum");
        });
    }

    @Test
    void aFlippedByteInAMiddleFrameSkipsItReportsItsEventsAndDeliversTheRest() throws IOException {
        writeFrames(SpoolSettings.builder(), 3);
        Path segment = segmentFiles(dir).get(0);
        long at = FRAME + FrameCodec.HEADER_BYTES + FrameCodec.RECORD_PREFIX_BYTES + 7;
        byte[] b = Files.readAllBytes(segment);
        overwrite(segment, at, new byte[] {(byte) ~b[(int) at]});
        try (Spool spool = open()) {
            assertThat(listener.corrupted).as("found when read, not at open").isEmpty();
            assertThat(spool.depthRecords()).isEqualTo(3 * RECORDS);
            SpoolFrame first = spool.next();
            assertSameRecords(first, appended.get(0));
            spool.acknowledge(first);
            SpoolFrame third = spool.next();
            assertSameRecords(third, appended.get(2));
            assertThat(listener.corrupted).singleElement().satisfies(l -> {
                assertThat(l.events).isEqualTo(events(appended.get(1)));
                assertThat(l.records).isEqualTo(RECORDS);
                assertThat(l.bytes).isEqualTo(RECORDS * BYTES);
                assertThat(l.detail).contains("offset " + FRAME).contains("checksum");
            });
            assertThat(spool.depthRecords()).as("the skipped frame no longer counts").isEqualTo(RECORDS);
            spool.acknowledge(third);
        }
        try (Spool spool = open()) {
            assertThat(spool.hasUnread()).isFalse();
        }
        assertThat(listener.corrupted).as("not reported again").hasSize(1);
    }

    @Test
    void aBadHeaderInAnEarlierSegmentSkipsTheRestOfItAndReportsIt() throws IOException {
        SpoolSettings.Builder settings = SpoolSettings.builder().segmentBytes(3 * FRAME).maxBytes(1 << 20);
        writeFrames(settings, 6); // two segments of three frames
        Path first = segmentFiles(dir).get(0);
        overwrite(first, FRAME, new byte[] {0, 0, 0, 0});
        try (Spool spool = open(settings)) {
            List<SpoolFrame> frames = readAll(spool);
            assertThat(frames).extracting(SpoolFrame::position).containsExactly(0L, 3 * FRAME, 4 * FRAME, 5 * FRAME);
            assertSameRecords(frames.get(1), appended.get(3));
        }
        assertThat(listener.corrupted).singleElement().satisfies(l -> {
            assertThat(l.events).isZero();
            assertThat(l.bytes).isEqualTo(2 * FRAME);
            assertThat(l.detail).contains(first.getFileName().toString()).contains("rest of the segment");
        });
    }

    @Test
    void withBothAcknowledgementSlotsCorruptEverythingIsReplayed() throws IOException {
        try (Spool spool = open()) {
            for (int i = 0; i < 3; i++) {
                List<Record> c = call(i * 10L, RECORDS, BYTES);
                spool.append(c);
                appended.add(c);
            }
            spool.acknowledge(spool.next());
            spool.acknowledge(spool.next());
        }
        Path ack = dir.resolve(AckFile.NAME);
        overwrite(ack, 3, new byte[] {1});
        overwrite(ack, AckFile.SLOT_STRIDE + 3, new byte[] {1});
        try (Spool spool = open()) {
            List<SpoolFrame> frames = readAll(spool);
            assertThat(frames).hasSize(3);
            for (int i = 0; i < 3; i++) {
                assertSameRecords(frames.get(i), appended.get(i));
            }
        }
    }

    @Test
    void aTornAcknowledgementFallsBackToThePreviousOne() throws IOException {
        try (Spool spool = open()) {
            for (int i = 0; i < 3; i++) {
                spool.append(call(i * 10L, RECORDS, BYTES));
            }
            spool.acknowledge(spool.next()); // sequence 1, slot 1
            spool.acknowledge(spool.next()); // sequence 2, slot 0
        }
        overwrite(dir.resolve(AckFile.NAME), 10, new byte[] {(byte) 0xEE});
        try (Spool spool = open()) {
            assertThat(readAll(spool)).extracting(SpoolFrame::position).containsExactly(FRAME, 2 * FRAME);
        }
    }

    @Test
    void aReplayedFrameReadBackAfterItsSegmentVanishedIsReportedNotThrown() throws IOException {
        SpoolSettings.Builder settings = SpoolSettings.builder().segmentBytes(2 * FRAME).maxBytes(1 << 20);
        writeFrames(settings, 4);
        try (Spool spool = open(settings)) {
            Files.delete(segmentFiles(dir).get(0));
            List<SpoolFrame> frames = readAll(spool);
            assertThat(frames).extracting(SpoolFrame::position).containsExactly(2 * FRAME, 3 * FRAME);
        }
        assertThat(listener.corrupted).hasSize(2);
    }
}
