package io.github.firehoseappender.local.delivery;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
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
public final class DeliveryStream {
    public static final String VERSION_ID = "1";
    public static final String DIRECT_PUT = "DirectPut";
    static final String PROCESSING_FAILED = "processing-failed";
    static final String PROCESSING_ERROR_CODE = "Lambda.FunctionError";
    static final String PROCESSING_ERROR_MESSAGE = "The Lambda function was successfully invoked but it returned an error result "
            + "(failure injected by firehose-local).";
    static final String PROCESSOR_ARN = "arn:aws:lambda:us-east-1:123456789012:function:firehose-local-processor";

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
    private final List<PutCall> calls = new ArrayList<>();
    private final List<String> objectKeys = new ArrayList<>();
    private final List<String> errorObjectKeys = new ArrayList<>();
    private boolean deleted;
    private long callCount;
    private long recordCount;
    private long byteCount;
    private long failedEntryCount;
    private long throttledEntryCount;
    private long throttledCallCount;
    private long processingFailureCount;

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
    public synchronized boolean accept(List<byte[]> accepted, PutCall call) {
        return accept(accepted, Collections.emptyList(), call);
    }

    /**
     * Takes the accepted records of one Put call; those in {@code processingFailed} failed the
     * (stand-in) processor and go, wrapped in Firehose's error JSON, to the error output at once.
     *
     * @return false when the stream was deleted meanwhile: nothing was taken
     */
    public synchronized boolean accept(List<byte[]> accepted, List<byte[]> processingFailed, PutCall call) {
        if (deleted) {
            return false;
        }
        calls.add(call);
        callCount++;
        failedEntryCount += call.failedCount();
        throttledEntryCount += call.throttledCount();
        processingFailureCount += processingFailed.size();
        for (byte[] data : accepted) {
            recordCount++;
            byteCount += data.length;
            if (retainRecords) {
                records.add(data);
            }
            buffer.write(data, 0, data.length);
            if (settings.appendDelimiter()) {
                buffer.write('\n');
            }
        }
        if (!processingFailed.isEmpty()) {
            deliverErrorOutput(processingFailed);
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

    /** Counts a Put call the stream's quota refused whole, and the {@code entries} it carried that did not fit. */
    public synchronized void countThrottledCall(int entries) {
        throttledCallCount++;
        throttledEntryCount += entries;
    }

    /** Delivers whatever is buffered now. @throws UncheckedIOException when the object cannot be written */
    public synchronized void flush() {
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

    public synchronized List<byte[]> records() {
        return new ArrayList<>(records);
    }

    /** Accepted data concatenated as UTF-8, split on '\n'; no empty line after a final '\n'. */
    public synchronized List<String> lines() {
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

    public synchronized List<PutCall> calls() {
        return new ArrayList<>(calls);
    }

    public synchronized List<String> objectKeys() {
        return new ArrayList<>(objectKeys);
    }

    /**
     * Counters for the admin endpoint and {@code FirehoseLocal.counters}: calls answered 200, accepted records and bytes,
     * failed entries (throttled ones included), throttled entries and calls, processing failures, buffer and objects.
     */
    public synchronized java.util.Map<String, Long> counters() {
        java.util.Map<String, Long> counters = new java.util.LinkedHashMap<>();
        counters.put("calls", callCount);
        counters.put("records", recordCount);
        counters.put("bytes", byteCount);
        counters.put("failedEntries", failedEntryCount);
        counters.put("throttledEntries", throttledEntryCount);
        counters.put("throttledCalls", throttledCallCount);
        counters.put("processingFailures", processingFailureCount);
        counters.put("bufferedBytes", (long) buffer.size());
        counters.put("objects", (long) objectKeys.size());
        counters.put("errorObjects", (long) errorObjectKeys.size());
        return counters;
    }

    public synchronized List<String> errorObjectKeys() {
        return new ArrayList<>(errorObjectKeys);
    }

    public String name() {
        return name;
    }

    public String arn() {
        return arn;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public DestinationSettings settings() {
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
        String objectName = objectName(oldestBufferedArrival);
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

    /**
     * Writes records that failed processing as Firehose does: one JSON object per record with
     * the attempt count, arrival time, error code and message and the record's data in base64,
     * under the ErrorOutputPrefix with error-output-type {@code processing-failed}.
     */
    private void deliverErrorOutput(List<byte[]> failed) {
        Instant now = clock.instant();
        StringBuilder lines = new StringBuilder();
        for (byte[] data : failed) {
            lines.append("{\"attemptsMade\":1,\"arrivalTimestamp\":").append(now.toEpochMilli())
                    .append(",\"errorCode\":\"").append(PROCESSING_ERROR_CODE)
                    .append("\",\"errorMessage\":\"").append(PROCESSING_ERROR_MESSAGE)
                    .append("\",\"attemptEndingTimestamp\":").append(now.toEpochMilli())
                    .append(",\"rawData\":\"").append(Base64.getEncoder().encodeToString(data))
                    .append("\",\"lambdaArn\":\"").append(PROCESSOR_ARN).append("\"}\n");
        }
        String key = settings.errorPrefix().expand(now, PROCESSING_FAILED) + objectName(now);
        try {
            store.put(key, lines.toString().getBytes(StandardCharsets.UTF_8));
            errorObjectKeys.add(key);
        } catch (IOException | RuntimeException e) {
            System.err.println("firehose-local: delivery stream " + name + " could not write error output " + key + ": " + e);
        }
    }

    private String objectName(Instant arrival) {
        return name + "-" + VERSION_ID + "-" + OBJECT_TIME.format(arrival) + "-" + UUID.randomUUID();
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 4 + 64);
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(data);
        }
        return out.toByteArray();
    }
}
