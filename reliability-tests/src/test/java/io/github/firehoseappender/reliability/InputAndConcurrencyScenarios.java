package io.github.firehoseappender.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.firehoseappender.core.stats.DeliveryStats;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Issue 5, scenarios 7 to 9: hostile input, many threads at once, and logging that re-enters the appender. */
public abstract class InputAndConcurrencyScenarios extends ScenarioFixture {
    private static final int MAX_RECORD_BYTES = 1_024_000;

    protected InputAndConcurrencyScenarios(FrameworkUnderTest framework) {
        super(framework);
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void badInputYieldsValidJsonLinesUnderTheLimitsWithTruncationMarkedAndCounted() throws Exception {
        configure(options("maxBatchDelay", "200 ms"));
        Map<String, String> hugeMdc = new HashMap<>();
        for (int i = 0; i < 100_000; i++) {
            hugeMdc.put("key_" + i, "value " + i);
        }
        Map<String, String> oddMdc = new LinkedHashMap<>();
        oddMdc.put("quote\"key", "new\nline");
        oddMdc.put("nul\u0000key", "tab\tvalue \uD800");
        Exception a = new Exception("cycle a");
        Exception b = new Exception("cycle b", a);
        a.initCause(b);
        a.addSuppressed(b);
        RuntimeException deep = new RuntimeException("10,000 frames");
        StackTraceElement[] frames = new StackTraceElement[10_000];
        for (int i = 0; i < frames.length; i++) {
            frames[i] = new StackTraceElement("com.example.Deep", "level" + i, "Deep.java", i + 1);
        }
        deep.setStackTrace(frames);
        String forged = "{\"level\":\"ERROR\",\"message\":\"forged\",\"event_id\":\"forged\"}";
        List<String> expectedMessages = new ArrayList<>();

        info("bad", "x".repeat(5 * 1024 * 1024));
        expectedMessages.add(null);
        long appendStart = System.nanoTime();
        driver.log("bad", "INFO", null, hugeMdc, null, "100,000-entry MDC");
        long hugeMdcAppendMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - appendStart);
        expectedMessages.add("100,000-entry MDC");
        driver.log("bad", "INFO", null, oddMdc, null, "odd MDC keys");
        expectedMessages.add("odd MDC keys");
        info("bad", "lone \uD800 high, \uDC00 low, reversed \uDC00\uD800 end");
        expectedMessages.add(null);
        info("bad", "nul \u0000 bell \u0007 esc \u001b del \u007f end");
        expectedMessages.add("nul \u0000 bell \u0007 esc \u001b del \u007f end");
        info("bad", "user=alice\r\n" + forged + "\n" + forged + "\r");
        expectedMessages.add("user=alice\r\n" + forged + "\n" + forged + "\r");
        driver.log("bad", "ERROR", null, Map.of(), a, "cyclic causes");
        expectedMessages.add("cyclic causes");
        driver.log("bad", "ERROR", null, Map.of(), deep, "deep stack");
        expectedMessages.add("deep stack");
        info("bad", "plain after the bad ones");
        expectedMessages.add("plain after the bad ones");
        assertThat(driver.flush(Duration.ofSeconds(60)).isCompleted()).isTrue();

        DeliveryStats stats = driver.stats();
        for (byte[] record : local.records(STREAM)) {
            assertThat(record.length).as("record within Firehose's limit").isLessThanOrEqualTo(MAX_RECORD_BYTES);
            assertValidUtf8(record);
        }
        List<String> raw = local.lines(STREAM);
        List<JsonNode> lines = deliveredJson();
        assertThat(lines).as("one line per event: no CR/LF injection, nothing rejected").hasSize(9);
        long markedTruncated = 0;
        long longest = 0;
        for (int i = 0; i < lines.size(); i++) {
            JsonNode line = lines.get(i);
            longest = Math.max(longest, raw.get(i).getBytes(StandardCharsets.UTF_8).length);
            assertThat(line.get("logger").asText()).isEqualTo("bad");
            if (line.path("truncated").asBoolean(false)) {
                markedTruncated++;
            }
            if (expectedMessages.get(i) != null && !line.path("truncated").asBoolean(false)) {
                assertThat(line.get("message").asText()).isEqualTo(expectedMessages.get(i));
            }
        }
        assertThat(lines.get(0).get("truncated").asBoolean()).as("the 5 MiB message is cut and marked").isTrue();
        assertThat(lines.get(3).get("message").asText()).startsWith("lone ").endsWith(" end");
        assertThat(lines.get(6).get("exception").get("stack_trace").asText()).contains("cycle a")
                .contains("cycle b");
        assertThat(lines.get(7).get("exception").get("class").asText()).isEqualTo("java.lang.RuntimeException");
        assertThat(stats.truncated()).as("truncations counted = marked").isEqualTo(markedTruncated);
        assertThat(stats.dropped()).isZero();
        assertAccounted(stats, lines);
        figures(7, "bad-input", "5 MiB message, 100,000-entry MDC, odd MDC keys, lone surrogates, NUL/controls, "
                + "CR/LF injection, cyclic causes, 10,000-frame stack")
                .stats(stats).duplicatesObserved(duplicateEvents(lines))
                .note("linesMarkedTruncated", markedTruncated)
                .note("longestLineBytes", longest)
                .note("mdcEntriesKept", lines.get(1).path("mdc").size())
                .note("hugeMdcLogCallMillis", hugeMdcAppendMillis)
                .write();
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void loggingWithAHundredThousandEntryMdcReturnsWithinASecond() {
        configure(options());
        Map<String, String> hugeMdc = new HashMap<>();
        for (int i = 0; i < 100_000; i++) {
            hugeMdc.put("key_" + i, "value " + i);
        }
        long start = System.nanoTime();
        driver.log("bad", "INFO", null, hugeMdc, null, "100,000-entry MDC");
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(1_000);
        assertThat(driver.flush(Duration.ofSeconds(60)).isCompleted()).isTrue();
        assertAccounted(driver.stats(), deliveredJson());
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void sixtyFourThreadsLoggingConcurrentlyLoseNothingDuplicateNothingAndKeepEachThreadsOrder() throws Exception {
        Duration duration = ScenarioDurations.concurrency();
        int threads = 64;
        int perThreadPerSecond = 50;
        configure(options("maxBatchDelay", "200 ms"));
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> new Thread(r, "worker"));
        CountDownLatch go = new CountDownLatch(1);
        AtomicLong logged = new AtomicLong();
        List<Future<?>> workers = new ArrayList<>();
        try (HeapSampler heap = HeapSampler.start()) {
            for (int t = 0; t < threads; t++) {
                int worker = t;
                workers.add(pool.submit(() -> {
                    Thread.currentThread().setName("worker-" + worker);
                    go.await();
                    long end = System.nanoTime() + duration.toNanos();
                    long interval = 1_000_000_000L / perThreadPerSecond;
                    long start = System.nanoTime();
                    for (long n = 0; System.nanoTime() - end < 0; n++) {
                        long due = start + n * interval;
                        long wait = due - System.nanoTime();
                        if (wait > 0) {
                            LockSupport.parkNanos(wait);
                        }
                        driver.log("worker", "INFO", null, Map.of("worker", String.valueOf(worker)), null,
                                "w{} #{}", worker, n);
                        logged.incrementAndGet();
                    }
                    return null;
                }));
            }
            long started = System.nanoTime();
            go.countDown();
            pool.shutdown();
            assertThat(pool.awaitTermination(duration.toSeconds() + 60, TimeUnit.SECONDS))
                    .as("no deadlock: every worker finished").isTrue();
            for (Future<?> f : workers) {
                f.get();
            }
            assertThat(driver.flush(Duration.ofSeconds(60)).isCompleted()).isTrue();
            long elapsed = System.nanoTime() - started;
            heap.close();

            DeliveryStats stats = driver.stats();
            List<JsonNode> lines = deliveredJson();
            assertAccounted(stats, lines);
            assertThat(stats.appended()).isEqualTo(logged.get());
            assertThat(stats.dropped()).as("nothing lost: %s", stats).isZero();
            assertThat(duplicateEvents(lines)).as("nothing duplicated").isZero();
            long[] next = new long[threads];
            for (JsonNode line : lines) {
                String[] parts = line.get("message").asText().substring(1).split(" #");
                int worker = Integer.parseInt(parts[0]);
                long n = Long.parseLong(parts[1]);
                assertThat(n).as("worker %d's events in order", worker).isEqualTo(next[worker]);
                next[worker] = n + 1;
                assertThat(line.get("thread").asText()).isEqualTo("worker-" + worker);
                assertThat(line.get("mdc").get("worker").asText()).isEqualTo(String.valueOf(worker));
            }
            long sum = 0;
            for (long n : next) {
                sum += n;
            }
            assertThat(sum).isEqualTo(logged.get());
            figures(8, "concurrency", threads + " threads x " + perThreadPerSecond + " events/s for "
                    + duration.toSeconds() + " s")
                    .stats(stats).duplicatesObserved(duplicateEvents(lines)).heap(heap)
                    .durationMillis(TimeUnit.NANOSECONDS.toMillis(elapsed))
                    .note("eventsPerSecond", Math.round(logged.get() / (elapsed / 1e9)))
                    .write();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void sdkDebugLoggingAndLoggingFromToStringNeitherDeadlockNorLoop() throws Exception {
        configure(options("maxBatchDelay", "100 ms"), Map.of("software.amazon.awssdk", "DEBUG",
                "software.amazon.awssdk.request", "DEBUG", "software.amazon.awssdk.http", "DEBUG"));
        AtomicLong toStringCalls = new AtomicLong();
        Object reentrant = new Object() {
            @Override
            public String toString() {
                toStringCalls.incrementAndGet();
                info("app.inner", "logged from inside toString()");
                return "argument";
            }
        };
        ExecutorService app = Executors.newSingleThreadExecutor(r -> new Thread(r, "app-thread"));
        try {
            Future<?> run = app.submit(() -> {
                for (int round = 0; round < 3; round++) {
                    for (int i = 0; i < 50; i++) {
                        info("app", "round {} event {} with {}", round, i, reentrant);
                    }
                    assertThat(driver.flush(Duration.ofSeconds(20)).isCompleted()).isTrue();
                }
                return null;
            });
            run.get(60, TimeUnit.SECONDS); // a deadlock would time out here
        } finally {
            app.shutdownNow();
        }
        DeliveryStats stats = driver.stats();
        List<JsonNode> lines = deliveredJson();
        long outer = 0;
        long inner = 0;
        for (JsonNode line : lines) {
            String logger = line.get("logger").asText();
            assertThat(logger).as("no SDK event shipped").doesNotStartWith("software.amazon");
            if (logger.equals("app")) {
                outer++;
                assertThat(line.get("message").asText()).endsWith("with argument");
            } else if (logger.equals("app.inner")) {
                inner++;
            }
        }
        assertThat(outer).isEqualTo(150);
        assertThat(inner).as("no loop: at most one inner event per outer one").isLessThanOrEqualTo(150);
        assertThat(stats.ignoredInternal()).as("SDK events reached the appender and were refused: %s", stats)
                .isPositive();
        assertAccounted(stats, lines);
        figures(9, "recursion", "AWS SDK at DEBUG into the same appender; 150 events whose argument logs "
                + "from toString()")
                .stats(stats).duplicatesObserved(duplicateEvents(lines))
                .note("outerDelivered", outer)
                .note("innerDelivered", inner)
                .note("toStringCalls", toStringCalls.get())
                .write();
    }

    private static void assertValidUtf8(byte[] record) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(record));
        } catch (CharacterCodingException e) {
            throw new AssertionError("record is not valid UTF-8", e);
        }
    }
}
