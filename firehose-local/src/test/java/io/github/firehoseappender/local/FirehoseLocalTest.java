package io.github.firehoseappender.local;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.firehose.FirehoseClient;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The embeddable facade: configuration checks, binding, isolation, concurrency. */
class FirehoseLocalTest {

    @Test
    void bindsLoopbackOnAFreePort() {
        try (FirehoseLocal local = FirehoseLocal.builder().start()) {
            assertEquals("127.0.0.1", local.endpoint().getHost());
            assertTrue(local.port() > 0);
            assertEquals("http://127.0.0.1:" + local.port(), local.endpoint().toString());
        }
    }

    @Test
    void badConfigurationNamesEveryProblemAtOnce() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FirehoseLocal.builder()
                .port(-1).stream("no spaces").prefix("!{bogus}").bufferInterval(Duration.ofSeconds(-1))
                .bufferSizeBytes(0).accountId("1").start());

        for (String named : List.of("port=-1", "stream='no spaces'", "!{bogus}", "bufferInterval=", "bufferSizeBytes=0", "accountId=1")) {
            assertTrue(e.getMessage().contains(named), named + " in " + e.getMessage());
        }
    }

    @Test
    void busyPortFailsToStart() {
        try (FirehoseLocal first = FirehoseLocal.builder().start()) {
            assertThrows(UncheckedIOException.class, () -> FirehoseLocal.builder().port(first.port()).start());
        }
    }

    @Test
    void unknownStreamInTheFacadeIsAnIllegalArgument() {
        try (FirehoseLocal local = FirehoseLocal.builder().stream("logs").start()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> local.records("other"));
            assertTrue(e.getMessage().contains("[logs]"), e.getMessage());
        }
    }

    @Test
    void closeIsIdempotentAndStopsAnswering() {
        FirehoseLocal local = FirehoseLocal.builder().stream("logs").start();
        local.close();
        local.close();

        try (FirehoseClient client = SdkClients.client(local)) {
            assertThrows(RuntimeException.class, () -> client.listDeliveryStreams(b -> { }));
        }
    }

    @Test
    void instancesShareNothing() {
        try (FirehoseLocal one = FirehoseLocal.builder().stream("logs").start();
             FirehoseLocal two = FirehoseLocal.builder().stream("logs").region("eu-west-1").start();
             FirehoseClient client = SdkClients.client(one)) {
            one.faults().outage(true);
            one.faults().reset();
            client.putRecord(b -> b.deliveryStreamName("logs").record(SdkClients.record("one\n")));

            assertEquals(List.of("one"), one.lines("logs"));
            assertEquals(List.of(), two.lines("logs"));
            assertEquals("arn:aws:firehose:eu-west-1:123456789012:deliverystream/logs", two.streamArn("logs"));
        }
    }

    @Test
    void concurrentCallsAreAllAcceptedAndEachCallersOrderKept() throws Exception {
        int callers = 4;
        int callsEach = 25;
        try (FirehoseLocal local = FirehoseLocal.builder().stream("logs").start()) {
            ExecutorService pool = Executors.newFixedThreadPool(callers);
            try {
                List<Future<?>> futures = new ArrayList<>();
                for (int c = 0; c < callers; c++) {
                    String caller = "c" + c + "-";
                    futures.add(pool.submit(() -> {
                        try (FirehoseClient client = SdkClients.client(local)) {
                            for (int i = 0; i < callsEach; i++) {
                                int call = i;
                                client.putRecordBatch(b -> b.deliveryStreamName("logs")
                                        .records(SdkClients.records(4, caller + call + "-")));
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> future : futures) {
                    future.get(60, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }

            List<String> lines = local.lines("logs");
            assertEquals(callers * callsEach * 4, lines.size());
            assertEquals(callers * callsEach, local.calls("logs").size());
            for (int c = 0; c < callers; c++) {
                String caller = "c" + c + "-";
                List<String> own = new ArrayList<>();
                for (String line : lines) {
                    if (line.startsWith(caller)) {
                        own.add(line);
                    }
                }
                List<String> expected = new ArrayList<>();
                for (int i = 0; i < callsEach; i++) {
                    for (int r = 0; r < 4; r++) {
                        expected.add(caller + i + "-" + r);
                    }
                }
                assertEquals(expected, own);
            }
        }
    }
}
