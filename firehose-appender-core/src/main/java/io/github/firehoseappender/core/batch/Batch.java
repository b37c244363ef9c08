package io.github.firehoseappender.core.batch;

import java.util.Collections;
import java.util.List;

/** The records of one PutRecordBatch call, in order: at most maxBatchRecords of them, at most maxBatchBytes in all. */
public final class Batch {
    private final List<Record> records;
    private final long bytes;
    private final long events;

    public Batch(List<Record> records) {
        this.records = Collections.unmodifiableList(records);
        long b = 0;
        long e = 0;
        for (Record r : records) {
            b += r.size();
            e += r.events();
        }
        this.bytes = b;
        this.events = e;
    }

    public List<Record> records() { return records; }
    public long bytes() { return bytes; }
    public long events() { return events; }
    public long firstIndex() { return records.get(0).firstIndex(); }
}
