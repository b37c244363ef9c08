package io.github.firehoseappender.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.firehoseappender.core.stats.DeliveryStats;
import io.github.firehoseappender.local.FirehoseLocal;
import io.github.firehoseappender.testkit.LoggingDriver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * What every reliability scenario starts from: firehose-local on a free loopback port with one stream, a fresh
 * {@link LoggingDriver} of the framework under test, and helpers to log steadily, read back what was delivered and
 * record the figures. Subclassed once per scenario group, then once per framework (the framework's package), so the
 * same scenarios run through Logback and Log4j2.
 */
public abstract class ScenarioFixture {
    protected static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(JsonParser.Feature.ALLOW_UNQUOTED_CONTROL_CHARS);
    protected static final String STREAM = "app-logs";
    /** The key the SDK's default chain reads; firehose-local accepts any key unless told otherwise. */
    protected static final String ACCESS_KEY = "test-key";
    protected static final String SECRET_KEY = "test-secret";

    protected final FrameworkUnderTest framework;
    protected FirehoseLocal local;
    protected LoggingDriver driver;

    protected ScenarioFixture(FrameworkUnderTest framework) {
        this.framework = framework;
    }

    @BeforeAll
    static void credentials() {
        System.setProperty("aws.accessKeyId", ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", SECRET_KEY);
        System.clearProperty("aws.sessionToken");
    }

    @BeforeEach
    void startLocal() {
        local = startLocal(FirehoseLocal.builder().port(0).stream(STREAM));
        driver = framework.newDriver();
    }

    /** Scenarios that need another firehose-local (roles, keys) override this. */
    protected FirehoseLocal startLocal(FirehoseLocal.Builder builder) {
        return builder.start();
    }

    @AfterEach
    void stopLocal() {
        try {
            driver.close();
        } finally {
            local.close();
            credentials();
        }
    }

    /** Options every scenario starts from: this test's firehose-local, no JVM hook, no MBean. */
    protected Map<String, String> options(String... extra) {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("deliveryStream", STREAM);
        options.put("endpoint", local.endpoint().toString());
        options.put("region", "us-east-1");
        options.put("shutdownHook", "false");
        options.put("jmx", "false");
        for (int i = 0; i < extra.length; i += 2) {
            options.put(extra[i], extra[i + 1]);
        }
        return options;
    }

    protected void configure(Map<String, String> options) {
        configure(options, Map.of());
    }

    protected void configure(Map<String, String> options, Map<String, String> loggerLevels) {
        driver.configure(options, loggerLevels, null);
        assertThat(driver.appenderStarted()).as("appender started; status errors: %s", driver.statusProblems()).isTrue();
    }

    protected void info(String logger, String format, Object... args) {
        driver.log(logger, "INFO", null, Map.of(), null, format, args);
    }

    /**
     * Logs one event and flushes it: the SDK client is built and has made its first call, so a fault the scenario
     * injects next meets a warm sender rather than a cold JVM loading the SDK.
     */
    protected void warmUp() {
        info("warm-up", "first call");
        assertThat(driver.flush(Duration.ofSeconds(60)).isCompleted()).as("warm-up delivered").isTrue();
    }

    protected ScenarioFigures figures(int number, String scenario, String title) {
        return new ScenarioFigures(number, scenario, title, framework.name());
    }

    /**
     * Logs {@code perSecond} events on the calling thread for {@code duration} (or until {@code until} says stop),
     * paced by the clock, each message {@code prefix + n}. Pacing parks the producer; nothing waits on it.
     *
     * @return how many events were logged
     */
    protected long logSteadily(String logger, String prefix, int perSecond, Duration duration) {
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        long interval = 1_000_000_000L / perSecond;
        long n = 0;
        for (long now = start; now - end < 0; now = System.nanoTime()) {
            long due = start + n * interval;
            if (now - due < 0) {
                LockSupport.parkNanos(due - now);
                continue;
            }
            info(logger, prefix + "{}", n);
            n++;
        }
        return n;
    }

    /** Every delivered line, parsed strictly (no raw control characters, nothing after the object). */
    protected List<JsonNode> deliveredJson() {
        return deliveredJson(STREAM);
    }

    protected List<JsonNode> deliveredJson(String stream) {
        List<String> lines = local.lines(stream);
        List<JsonNode> nodes = new ArrayList<>(lines.size());
        for (String line : lines) {
            try {
                nodes.add(JSON.readTree(line));
            } catch (IOException e) {
                throw new UncheckedIOException("not a JSON line: "
                        + (line.length() > 300 ? line.substring(0, 300) + "..." : line), e);
            }
        }
        return nodes;
    }

    /** Delivered lines whose event_id was delivered before: Firehose-side duplicates. */
    protected static long duplicateEvents(List<JsonNode> lines) {
        Set<String> seen = new HashSet<>();
        long duplicates = 0;
        for (JsonNode line : lines) {
            if (!seen.add(line.get("event_id").asText())) {
                duplicates++;
            }
        }
        return duplicates;
    }

    /** Records firehose-local accepted beyond those the appender counted as acknowledged once. */
    protected long duplicateRecords(DeliveryStats stats) {
        return duplicateRecords(stats, STREAM);
    }

    protected long duplicateRecords(DeliveryStats stats, String stream) {
        return local.records(stream).size() - stats.recordsSent();
    }

    /**
     * The invariant: appended = delivered + counted drops (truncations are delivered and counted besides),
     * every delivered event arrived, and records delivered twice are no more than those counted as possible
     * duplicates.
     */
    protected void assertAccounted(DeliveryStats stats, List<JsonNode> lines) {
        assertAccounted(stats, lines, STREAM);
    }

    /** As {@link #assertAccounted(DeliveryStats, List)}, for another stream. */
    protected void assertAccounted(DeliveryStats stats, List<JsonNode> lines, String stream) {
        assertThat(stats.appended()).as("appended = delivered + dropped: %s", stats)
                .isEqualTo(stats.delivered() + stats.dropped());
        assertThat(stats.bufferDepthEvents()).as("buffer drained: %s", stats).isZero();
        long duplicates = duplicateEvents(lines);
        assertThat(lines.size() - duplicates).as("distinct events at firehose-local = delivered: %s", stats)
                .isEqualTo(stats.delivered());
        assertThat(duplicateRecords(stats, stream)).as("records delivered twice <= counted possible duplicates: %s", stats)
                .isLessThanOrEqualTo(stats.possibleDuplicates());
        if (stats.possibleDuplicates() == 0) {
            assertThat(duplicates).as("no duplicates without an ambiguous outcome: %s", stats).isZero();
        }
    }

    /**
     * Live threads started since {@code before} that are neither firehose-local's (its HTTP pool grows lazily) nor the
     * JDK's keep-alive cache cleaner, nor the test's own (awaitility's poller, the heap sampler): what an appender
     * left behind.
     */
    protected static List<String> threadsStartedSince(Set<Thread> before) {
        List<String> names = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            String name = t.getName();
            if (t.isAlive() && !before.contains(t) && !name.startsWith("firehose-local")
                    && !name.startsWith("Keep-Alive-") && !name.startsWith("reliability-heap-sampler")
                    && !name.startsWith("awaitility")) {
                names.add(name);
            }
        }
        return names;
    }

    protected static Set<Thread> liveThreads() {
        return new HashSet<>(Thread.getAllStackTraces().keySet());
    }

    /** Live threads whose name says they belong to an appender (sender, SDK timer, shutdown hook). */
    protected static List<String> appenderThreads() {
        List<String> names = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            String name = t.getName();
            if (t.isAlive() && name.startsWith("firehose-") && !name.startsWith("firehose-local")) {
                names.add(name);
            }
        }
        return names;
    }
}
