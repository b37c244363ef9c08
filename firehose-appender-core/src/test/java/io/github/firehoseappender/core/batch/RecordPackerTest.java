package io.github.firehoseappender.core.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.firehoseappender.core.EncodedLine;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordPackerTest {
    private static final int RECORD = 1_024_000;
    private static final int CALL_RECORDS = 500;
    private static final int CALL_BYTES = 4_000_000;

    private static byte[] line(int bytes) {
        byte[] b = new byte[bytes];
        Arrays.fill(b, (byte) 'a');
        b[bytes - 1] = '\n';
        return b;
    }

    private static List<Batch> packAll(RecordPacker packer, int lines, int bytes) {
        List<Batch> batches = new ArrayList<>();
        for (int i = 0; i < lines; i++) {
            Batch full = packer.add(line(bytes), i);
            if (full != null) {
                batches.add(full);
            }
        }
        Batch rest = packer.drain();
        if (rest != null) {
            batches.add(rest);
        }
        return batches;
    }

    private static void assertWithinLimits(List<Batch> batches, long expectedEvents) {
        long events = 0;
        long nextIndex = 0;
        for (Batch b : batches) {
            assertThat(b.records()).hasSizeBetween(1, CALL_RECORDS);
            assertThat(b.bytes()).isLessThanOrEqualTo(CALL_BYTES);
            for (Record r : b.records()) {
                assertThat(r.size()).isLessThanOrEqualTo(RECORD);
                assertThat(r.firstIndex()).isEqualTo(nextIndex);
                nextIndex += r.events();
            }
            events += b.events();
        }
        assertThat(events).isEqualTo(expectedEvents);
    }

    @Test
    void aggregatesSmallLinesIntoOneRecord() {
        List<Batch> batches = packAll(new RecordPacker(RECORD, CALL_RECORDS, CALL_BYTES, true), 1000, 200);
        assertThat(batches).hasSize(1);
        assertThat(batches.get(0).records()).hasSize(1);
        assertThat(batches.get(0).records().get(0).events()).isEqualTo(1000);
        assertThat(batches.get(0).records().get(0).size()).isEqualTo(200_000);
    }

    @Test
    void startsANewRecordWhenTheNextLineWouldPassMaxRecordBytes() {
        List<Batch> batches = packAll(new RecordPacker(RECORD, CALL_RECORDS, CALL_BYTES, true), 30, 100_000);
        assertWithinLimits(batches, 30);
        assertThat(batches.get(0).records().get(0).events()).isEqualTo(10);
    }

    @Test
    void closesACallAtFourMillionBytes() {
        List<Batch> batches = packAll(new RecordPacker(RECORD, CALL_RECORDS, CALL_BYTES, true), 100, 300_000);
        assertWithinLimits(batches, 100);
        assertThat(batches.get(0).bytes()).isGreaterThan(3_000_000);
    }

    @Test
    void withoutAggregationOneLinePerRecordAnd500RecordsPerCall() {
        RecordPacker packer = new RecordPacker(RECORD, CALL_RECORDS, CALL_BYTES, false);
        List<Batch> batches = new ArrayList<>();
        for (int i = 0; i < 1200; i++) {
            Batch full = packer.add(line(50), i);
            if (full != null) {
                batches.add(full);
            }
        }
        assertThat(batches).hasSize(2);
        assertThat(batches.get(0).records()).hasSize(500);
        batches.add(packer.drain());
        assertWithinLimits(batches, 1200);
        assertThat(batches.get(2).records()).hasSize(200);
    }

    @Test
    void withoutAggregationFullSizeRecordsSplitCallsByBytes() {
        List<Batch> batches = packAll(new RecordPacker(RECORD, CALL_RECORDS, CALL_BYTES, false), 9, RECORD);
        assertWithinLimits(batches, 9);
        assertThat(batches.get(0).records()).hasSize(3);
    }

    @Test
    void aggregationNeverPassesRecordOrCallLimitsWithMixedSizes() {
        RecordPacker packer = new RecordPacker(RECORD, CALL_RECORDS, CALL_BYTES, true);
        List<Batch> batches = new ArrayList<>();
        int[] sizes = {10, RECORD, 5_000, 999_999, 1, 400_000, RECORD - 1, 70};
        for (int i = 0; i < 200; i++) {
            Batch full = packer.add(line(Math.max(1, sizes[i % sizes.length])), i);
            if (full != null) {
                batches.add(full);
            }
        }
        batches.add(packer.drain());
        assertWithinLimits(batches, 200);
    }

    @Test
    void manySmallRecordsStopAt500PerCall() {
        RecordPacker packer = new RecordPacker(1024, CALL_RECORDS, CALL_BYTES, true);
        List<Batch> batches = packAll(packer, 2000, 1024);
        assertWithinLimits(batches, 2000);
        assertThat(batches.get(0).records()).hasSize(500);
    }

    @Test
    void refusesALineLargerThanARecord() {
        RecordPacker packer = new RecordPacker(RECORD, CALL_RECORDS, CALL_BYTES, true);
        assertThatThrownBy(() -> packer.add(line(RECORD + 1), 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void isEmptyAfterDrainAndDrainOfNothingIsNull() {
        RecordPacker packer = new RecordPacker(RECORD, CALL_RECORDS, CALL_BYTES, true);
        assertThat(packer.drain()).isNull();
        packer.add(line(10), 7);
        assertThat(packer.isEmpty()).isFalse();
        assertThat(packer.firstIndex()).isEqualTo(7);
        assertThat(packer.drain().events()).isEqualTo(1);
        assertThat(packer.isEmpty()).isTrue();
    }

    @Test
    void capsTheLinesOfARecordForDeaggregation() {
        RecordPacker packer = new RecordPacker(RECORD, CALL_RECORDS, CALL_BYTES, true, 500);
        List<Batch> batches = packAll(packer, 1_250, 100);
        List<Integer> perRecord = new ArrayList<>();
        for (Batch b : batches) {
            for (Record r : b.records()) {
                perRecord.add(r.events());
            }
        }
        assertThat(perRecord).containsExactly(500, 500, 250);
        assertWithinLimits(batches, 1_250);
    }

    @Test
    void aReusedLineBufferIsCopiedSoTheNextEventCannotOverwriteARecordWithOrWithoutAggregation() {
        for (boolean aggregation : new boolean[] {true, false}) {
            RecordPacker packer = new RecordPacker(RECORD, CALL_RECORDS, CALL_BYTES, aggregation);
            EncodedLine reused = new EncodedLine(64);
            for (int i = 0; i < 3; i++) {
                byte[] text = ("event-" + i + "\n").getBytes(StandardCharsets.US_ASCII);
                System.arraycopy(text, 0, reused.array(), 0, text.length);
                reused.set(reused.array(), text.length);
                assertThat(packer.add(reused, i)).isNull();
            }
            Arrays.fill(reused.array(), (byte) '#');
            StringBuilder all = new StringBuilder();
            for (Record r : packer.drain().records()) {
                all.append(new String(r.data(), StandardCharsets.US_ASCII));
            }
            assertThat(all.toString()).as("aggregation=%s", aggregation).isEqualTo("event-0\nevent-1\nevent-2\n");
        }
    }
}
