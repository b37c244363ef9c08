package io.github.firehoseappender.local;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;

/**
 * One delivery stream: keeps what was accepted (for tests) and buffers it as Firehose does,
 * delivering one object when the buffer reaches its size hint, when its interval has passed
 * since the oldest buffered record arrived, or on {@link #flush()}. Records are concatenated
 * with no delimiter, exactly like Firehose. Thread-safe: every method locks the stream, and a
 * delivery is written under that lock so {@code flush()} returning means the data is on disk.
 */
final class DeliveryStream {
    static final String VERSION_ID = "1";
    static final String DIRECT_PUT = "DirectPut";

    private static final DateTimeFormatter OBJECT_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd-HH-mm-ss").withZone(ZoneOffset.UTC);

    private final String name;
    private final String arn;
    private final Instant createdAt;
    private final DestinationSettings settings;
    private final ObjectStore store;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final boolean retainRecords;

    // Guarded by this.
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private Instant oldestBufferedArrival;
    private long bufferGeneration;
    private final List<byte[]> records = new ArrayList<>();
    private final List<FirehoseLocal.Call> calls = new ArrayList<>();
    private final List<String> objectKeys = new ArrayList<>();
    private boolean deleted;

    DeliveryStream(String name, String arn, DestinationSettings settings, ObjectStore store, Clock clock,
                   ScheduledExecutorService scheduler, boolean retainRecords) {
        this.name = name;
        this.arn = arn;
        this.settings = settings;
        this.store = store;
        this.clock = clock;
        this.scheduler = scheduler;
        this.retainRecords = retainRecords;
        this.createdAt = clock.instant();
    }

    /**
     * Takes the accepted records of one Put call (failed entries are not passed in).
     *
     * @return false when the stream was deleted meanwhile: nothing was taken
     */
    synchronized boolean accept(List<byte[]> accepted, FirehoseLocal.Call call) {
        if (deleted) {
            return false;
        }
        calls.add(call);
        for (byte[] data : accepted) {
            if (retainRecords) {
                records.add(data);
            }
            buffer.write(data, 0, data.length);
        }
        if (buffer.size() == 0) {
            return true;
        }
        if (oldestBufferedArrival == null) {
            oldestBufferedArrival = clock.instant();
            scheduleIntervalDelivery();
        }
        if (buffer.size() >= settings.bufferSizeBytes() || settings.bufferInterval().isZero()) {
            deliverReportingFailure();
        }
        return true;
    }

    /** Delivers whatever is buffered now. @throws UncheckedIOException when the object cannot be written */
    synchronized void flush() {
        try {
            deliver();
        } catch (IOException e) {
            throw new UncheckedIOException("Delivery stream " + name + " could not write its buffered data", e);
        }
    }

    /** Delivers what is buffered, then refuses further records, as a deleted stream does. */
    synchronized void delete() {
        deliverReportingFailure();
        deleted = true;
    }

    synchronized List<byte[]> records() {
        return new ArrayList<>(records);
    }

    /** Accepted data concatenated as UTF-8, split on '\n'; no empty line after a final '\n'. */
    synchronized List<String> lines() {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] record : records) {
            all.write(record, 0, record.length);
        }
        String text = new String(all.toByteArray(), StandardCharsets.UTF_8);
        List<String> lines = new ArrayList<>();
        int start = 0;
        while (start < text.length()) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                end = text.length();
            }
            lines.add(text.substring(start, end));
            start = end + 1;
        }
        return lines;
    }

    synchronized List<FirehoseLocal.Call> calls() {
        return new ArrayList<>(calls);
    }

    synchronized List<String> objectKeys() {
        return new ArrayList<>(objectKeys);
    }

    String name() {
        return name;
    }

    String arn() {
        return arn;
    }

    Instant createdAt() {
        return createdAt;
    }

    DestinationSettings settings() {
        return settings;
    }

    private void scheduleIntervalDelivery() {
        if (settings.bufferInterval().isZero()) {
            return;
        }
        long generation = bufferGeneration;
        scheduler.schedule(() -> deliverIfStillDue(generation),
                settings.bufferInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The timer of a buffer that was already delivered (by size or flush) does nothing. */
    private synchronized void deliverIfStillDue(long generation) {
        if (generation != bufferGeneration || deleted) {
            return;
        }
        if (!deliverReportingFailure()) {
            scheduleIntervalDelivery();   // keep the data and try again an interval later
        }
    }

    /** For deliveries nobody waits on: the data stays buffered and the next trigger retries. */
    private boolean deliverReportingFailure() {
        try {
            deliver();
            return true;
        } catch (IOException | RuntimeException e) {
            System.err.println("firehose-local: delivery stream " + name + " could not write "
                    + buffer.size() + " buffered bytes, keeping them for the next attempt: " + e);
            return false;
        }
    }

    private void deliver() throws IOException {
        if (buffer.size() == 0) {
            return;
        }
        byte[] data = buffer.toByteArray();
        String objectName = name + "-" + VERSION_ID + "-" + OBJECT_TIME.format(oldestBufferedArrival) + "-" + UUID.randomUUID();
        if (DestinationSettings.GZIP.equals(settings.compressionFormat())) {
            data = gzip(data);
            objectName += ".gz";
        }
        String key = settings.prefix().expand(oldestBufferedArrival) + objectName;
        store.put(key, data);
        objectKeys.add(key);
        buffer.reset();
        oldestBufferedArrival = null;
        bufferGeneration++;
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 4 + 64);
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(data);
        }
        return out.toByteArray();
    }
}
