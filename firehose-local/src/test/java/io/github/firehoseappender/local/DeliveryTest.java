package io.github.firehoseappender.local;

import io.github.firehoseappender.local.delivery.S3FolderWriter;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.firehose.model.CompressionFormat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Delivery as Firehose delivers to S3: buffered, concatenated, under an expanded prefix, with Firehose's object names. */
class DeliveryTest {
    private static final Clock ARRIVAL = Clock.fixed(Instant.parse("2024-03-07T09:15:30Z"), ZoneOffset.UTC);
    private static final String PARTITION = "logging/year=2024/month=03/day=07/hour=09/";
    private static final String OBJECT_NAME = "logs-1-2024-03-07-09-15-30-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    @TempDir
    Path dataDir;

    @Test
    void flushWritesOneObjectUnderThePartitionedPrefixWithFirehosesName() throws IOException {
        try (FirehoseLocal local = builder().start(); FirehoseClient client = SdkClients.client(local)) {
            client.putRecordBatch(b -> b.deliveryStreamName("logs").records(SdkClients.record("{\"a\":1}\n"), SdkClients.record("{\"a\":2}\n")));
            client.putRecord(b -> b.deliveryStreamName("logs").record(SdkClients.record("{\"a\":3}\n")));
            assertEquals(List.of(), objectFiles());

            local.flush();

            List<String> objects = objectFiles();
            assertEquals(1, objects.size(), objects.toString());
            assertTrue(objects.get(0).matches(PARTITION + OBJECT_NAME), objects.get(0));
            assertEquals("{\"a\":1}\n{\"a\":2}\n{\"a\":3}\n", read(objects.get(0)));
            assertEquals(objects, local.deliveredObjects("logs"));
        }
    }

    @Test
    void concatenatesRecordsWithoutAddingDelimiters() throws IOException {
        try (FirehoseLocal local = builder().start(); FirehoseClient client = SdkClients.client(local)) {
            client.putRecordBatch(b -> b.deliveryStreamName("logs").records(SdkClients.record("ab"), SdkClients.record("cd")));
            local.flush();

            assertEquals("abcd", read(objectFiles().get(0)));
        }
    }

    @Test
    void deliversWhenTheBufferReachesItsSizeHint() throws IOException {
        try (FirehoseLocal local = builder().bufferSizeBytes(10).start(); FirehoseClient client = SdkClients.client(local)) {
            client.putRecord(b -> b.deliveryStreamName("logs").record(SdkClients.record("12345\n")));
            assertEquals(List.of(), objectFiles());

            client.putRecord(b -> b.deliveryStreamName("logs").record(SdkClients.record("67890\n")));

            assertEquals(List.of("12345\n67890\n"), contents());
        }
    }

    @Test
    void zeroIntervalDeliversAfterEveryCall() throws IOException {
        try (FirehoseLocal local = builder().bufferInterval(Duration.ZERO).start(); FirehoseClient client = SdkClients.client(local)) {
            client.putRecord(b -> b.deliveryStreamName("logs").record(SdkClients.record("one\n")));
            client.putRecord(b -> b.deliveryStreamName("logs").record(SdkClients.record("two\n")));

            // Same arrival second, so the names differ only by their random UUID: compare contents sorted.
            assertEquals(List.of("one\n", "two\n"), contents().stream().sorted().collect(Collectors.toList()));
        }
    }

    @Test
    void deliversOnceTheIntervalHasPassed() {
        try (FirehoseLocal local = builder().bufferInterval(Duration.ofMillis(200)).start(); FirehoseClient client = SdkClients.client(local)) {
            client.putRecord(b -> b.deliveryStreamName("logs").record(SdkClients.record("late\n")));

            await().atMost(Duration.ofSeconds(10)).until(() -> contents().equals(List.of("late\n")));
        }
    }

    @Test
    void closeDeliversWhatIsBuffered() throws IOException {
        try (FirehoseLocal local = builder().start(); FirehoseClient client = SdkClients.client(local)) {
            client.putRecord(b -> b.deliveryStreamName("logs").record(SdkClients.record("kept\n")));
        }

        assertEquals(List.of("kept\n"), contents());
    }

    @Test
    void failedEntriesAreNotDelivered() throws IOException {
        try (FirehoseLocal local = builder().start(); FirehoseClient client = SdkClients.client(local)) {
            local.faults().failEntries(1);
            client.putRecordBatch(b -> b.deliveryStreamName("logs").records(SdkClients.record("lost\n"), SdkClients.record("kept\n")));
            local.flush();

            assertEquals(List.of("kept\n"), contents());
        }
    }

    @Test
    void expandsCustomPrefixWithRandomString() throws IOException {
        try (FirehoseLocal local = builder().prefix("app/!{timestamp:yyyy/MM}/r=!{firehose:random-string}/").start();
             FirehoseClient client = SdkClients.client(local)) {
            client.putRecord(b -> b.deliveryStreamName("logs").record(SdkClients.record("x\n")));
            local.flush();

            String object = objectFiles().get(0);
            assertTrue(object.matches("app/2024/03/r=[A-Za-z0-9]{11}/" + OBJECT_NAME), object);
        }
    }

    @Test
    void gzipStreamWritesCompressedObjects() throws IOException {
        try (FirehoseLocal local = builder().start(); FirehoseClient client = SdkClients.client(local)) {
            client.createDeliveryStream(b -> b.deliveryStreamName("zipped").extendedS3DestinationConfiguration(
                    s3 -> s3.prefix("zipped/").compressionFormat(CompressionFormat.GZIP)));
            client.putRecord(b -> b.deliveryStreamName("zipped").record(SdkClients.record("squeezed\n")));
            local.flush();

            String object = objectFiles().get(0);
            assertTrue(object.matches("zipped/zipped-1-2024-03-07-09-15-30-.*\\.gz"), object);
            try (InputStream in = new GZIPInputStream(Files.newInputStream(dataDir.resolve(object)))) {
                assertEquals("squeezed\n", new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
    }

    @Test
    void deletingAStreamDeliversItsBuffer() throws IOException {
        try (FirehoseLocal local = builder().start(); FirehoseClient client = SdkClients.client(local)) {
            client.putRecord(b -> b.deliveryStreamName("logs").record(SdkClients.record("last words\n")));
            client.deleteDeliveryStream(b -> b.deliveryStreamName("logs"));

            assertEquals(List.of("last words\n"), contents());
        }
    }

    @Test
    void withoutDataDirKeepsRecordsInMemoryOnly() {
        try (FirehoseLocal local = FirehoseLocal.builder().stream("logs").clock(ARRIVAL).start();
             FirehoseClient client = SdkClients.client(local)) {
            client.putRecord(b -> b.deliveryStreamName("logs").record(SdkClients.record("memory\n")));
            local.flush();

            assertEquals(null, local.dataDir());
            assertEquals(List.of("memory"), local.lines("logs"));
            assertTrue(local.deliveredObjects("logs").get(0).matches(PARTITION + OBJECT_NAME));
        }
    }

    private FirehoseLocal.Builder builder() {
        return FirehoseLocal.builder().stream("logs").dataDir(dataDir).clock(ARRIVAL);
    }

    /** Objects a reader would see: every regular file outside the staging folder, relative, sorted. */
    private List<String> objectFiles() throws IOException {
        try (Stream<Path> files = Files.walk(dataDir)) {
            return files.filter(Files::isRegularFile)
                    .map(path -> dataDir.relativize(path).toString().replace('\\', '/'))
                    .filter(name -> !name.startsWith(S3FolderWriter.STAGING_FOLDER + "/"))
                    .sorted()
                    .collect(Collectors.toList());
        }
    }

    private List<String> contents() throws IOException {
        List<String> contents = new ArrayList<>();
        for (String object : objectFiles()) {
            contents.add(read(object));
        }
        return contents;
    }

    private String read(String object) throws IOException {
        return Files.readString(dataDir.resolve(object), StandardCharsets.UTF_8);
    }
}
