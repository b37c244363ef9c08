package io.github.firehoseappender.core.spool;

import static io.github.firehoseappender.core.spool.Calls.assertSameRecords;
import static io.github.firehoseappender.core.spool.Calls.call;
import static io.github.firehoseappender.core.spool.Calls.events;
import static io.github.firehoseappender.core.spool.Calls.frameLength;
import static io.github.firehoseappender.core.spool.Calls.segmentBytes;
import static io.github.firehoseappender.core.spool.Calls.segmentFiles;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.firehoseappender.core.batch.Record;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SpoolOverflowTest {
    private static final long MAX_BYTES = 16 * 1024;

    @TempDir
    Path dir;
    private final RecordingSpoolListener listener = new RecordingSpoolListener();

    private Spool open(SpoolSettings.Builder settings) throws IOException {
        return Spool.open(settings.directory(dir).build(), listener);
    }

    @Test
    void dropOldestCountsExactlyTheEventsOfDeletedUnreadFramesAndStaysWithinMaxBytes() throws IOException {
        SpoolSettings.Builder settings = SpoolSettings.builder().maxBytes(MAX_BYTES).segmentBytes(4096)
                .cacheBytes(3000);
        Random random = new Random(13);
        Map<Long, List<Record>> calls = new HashMap<>();
        long appended = 0;
        long delivered = 0;
        long next = 0;
        SpoolFrame inFlight = null;
        try (Spool spool = open(settings)) {
            for (int turn = 0; turn < 2000; turn++) {
                double r = random.nextDouble();
                if (r < 0.7) {
                    List<Record> c = call(next, 1 + random.nextInt(3), 50 + random.nextInt(900));
                    calls.put(next, c);
                    next += 100;
                    assertThat(spool.append(c)).isNotNull();
                    appended += events(c);
                } else if (inFlight == null) {
                    inFlight = spool.next();
                    if (inFlight != null) {
                        assertSameRecords(inFlight, calls.get(inFlight.records().get(0).firstIndex()));
                    }
                } else {
                    spool.acknowledge(inFlight); // a no-op when overflow deleted its segment meanwhile
                    delivered += inFlight.events();
                    inFlight = null;
                }
                assertThat(segmentBytes(dir)).isLessThanOrEqualTo(MAX_BYTES);
            }
            for (SpoolFrame f = inFlight != null ? inFlight : spool.next(); f != null; f = spool.next()) {
                assertSameRecords(f, calls.get(f.records().get(0).firstIndex()));
                spool.acknowledge(f);
                delivered += f.events();
            }
            assertThat(spool.depthEvents()).isZero();
        }
        assertThat(listener.overflowedEvents()).isPositive();
        assertThat(delivered + listener.overflowedEvents()).isEqualTo(appended);
        assertThat(listener.overflowed).allSatisfy(l -> assertThat(l.replayed).isFalse());
        assertThat(listener.corrupted).isEmpty();
    }

    @Test
    void dropOldestReportsTheFramesOfAnEarlierProcessAsReplayed() throws IOException {
        long frame = frameLength(1, 1000);
        SpoolSettings.Builder settings = SpoolSettings.builder().maxBytes(6 * frame).segmentBytes(3 * frame);
        long earlierEvents = 0;
        try (Spool spool = open(settings)) {
            for (int i = 0; i < 3; i++) {
                List<Record> c = call(i, 1, 1000);
                spool.append(c);
                earlierEvents += events(c);
            }
        }
        try (Spool spool = open(settings)) {
            long liveEvents = 0;
            for (int i = 0; i < 4; i++) {
                List<Record> c = call(10 + i, 1, 1000);
                spool.append(c);
                liveEvents += events(c);
            }
            assertThat(listener.overflowed).singleElement().satisfies(l -> {
                assertThat(l.replayed).isTrue();
                assertThat(l.records).isEqualTo(3);
                assertThat(l.bytes).isEqualTo(3000);
            });
            assertThat(listener.overflowedEvents()).isEqualTo(earlierEvents);
            assertThat(spool.depthEvents()).isEqualTo(liveEvents);
            assertThat(spool.next().replayed()).isFalse();
        }
    }

    @Test
    void dropOldestDoesNotReportTheFrameInFlightAndItsAcknowledgementIsANoOp() throws IOException {
        long frame = frameLength(1, 1000);
        SpoolSettings.Builder settings = SpoolSettings.builder().maxBytes(4 * frame).segmentBytes(2 * frame);
        try (Spool spool = open(settings)) {
            for (int i = 0; i < 4; i++) {
                spool.append(call(i, 1, 1000));
            }
            SpoolFrame inFlight = spool.next();
            spool.append(call(4, 1, 1000)); // deletes the first segment: the frame in flight and one unread
            assertThat(listener.overflowed).singleElement().satisfies(l -> assertThat(l.records).isEqualTo(1));
            spool.acknowledge(inFlight);
            assertThat(spool.depthRecords()).isEqualTo(3);
            assertThat(spool.next().position()).isEqualTo(2 * frame);
        }
    }

    @Test
    void dropNewestRefusesTheFrameThatWouldPassMaxBytesAndCountsIt() throws IOException {
        long frame = frameLength(1, 984);
        SpoolSettings.Builder settings = SpoolSettings.builder().maxBytes(8192).segmentBytes(4096)
                .overflow(SpoolOverflow.DROP_NEWEST);
        try (Spool spool = open(settings)) {
            for (int i = 0; i < 7; i++) {
                assertThat(spool.append(call(i, 1, 984))).isNotNull();
            }
            List<Record> refused = call(7, 1, 984);
            assertThat(spool.append(refused)).isNull();
            assertThat(listener.overflowed).singleElement().satisfies(l -> {
                assertThat(l.events).isEqualTo(events(refused));
                assertThat(l.records).isEqualTo(1);
                assertThat(l.bytes).isEqualTo(984);
                assertThat(l.replayed).isFalse();
            });
            assertThat(segmentBytes(dir)).isEqualTo(7 * frame);
            assertThat(spool.depthRecords()).isEqualTo(7);

            for (int i = 0; i < 3; i++) {
                spool.acknowledge(spool.next()); // frees the first segment
            }
            assertThat(spool.append(call(8, 1, 984))).isNotNull();
            assertThat(listener.overflowed).hasSize(1);
        }
    }

    @Test
    void aFrameLargerThanMaxBytesIsRefusedWithoutDeletingAnything() throws IOException {
        try (Spool spool = open(SpoolSettings.builder().maxBytes(8192))) {
            spool.append(call(0, 1, 100));
            List<Record> huge = call(1, 2, 5000);
            assertThat(spool.append(huge)).isNull();
            assertThat(listener.overflowed).singleElement().satisfies(l -> {
                assertThat(l.events).isEqualTo(events(huge));
                assertThat(l.bytes).isEqualTo(10_000);
            });
            assertThat(segmentFiles(dir)).hasSize(1);
            assertThat(spool.depthRecords()).isEqualTo(1);
        }
    }
}
