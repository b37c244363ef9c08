package io.github.firehoseappender.benchmarks;

import io.github.firehoseappender.core.StatusReporter;
import io.github.firehoseappender.core.batch.Batch;
import io.github.firehoseappender.core.batch.LineMaker;
import io.github.firehoseappender.core.batch.RecordPacker;
import io.github.firehoseappender.core.config.DeliveryConfig;
import io.github.firehoseappender.core.json.JsonLineEncoder;
import io.github.firehoseappender.core.json.LogEventAccessor;
import io.github.firehoseappender.core.stats.DeliveryCounters;
import io.github.firehoseappender.core.stats.RateLimitedStatus;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The sender thread's own work for one event, without the network: encode it into a JSON line (the core's
 * {@link JsonLineEncoder}, the {@link Workload} event) and pack the line into a record and a call (aggregation on,
 * Firehose's limits). A full call is dropped on the floor. The SDK's marshalling, signing and HTTP are in the
 * end-to-end harness's sender figure, not here.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class SenderEncodePack {
    /** A prepared event as an adapter hands it over. */
    static final class Event {
        final long millis;
        final String message;
        final Map<String, String> mdc;

        Event(long millis, String message, Map<String, String> mdc) {
            this.millis = millis;
            this.message = message;
            this.mdc = mdc;
        }
    }

    static final class Accessor implements LogEventAccessor<Event> {
        public long epochMillis(Event e) { return e.millis; }
        public String level(Event e) { return "INFO"; }
        public String logger(Event e) { return Workload.LOGGER; }
        public String thread(Event e) { return "http-nio-8080-exec-7"; }
        public String message(Event e) { return e.message; }
        public Map<String, String> mdc(Event e) { return e.mdc; }
        public List<String> markers(Event e) { return Collections.emptyList(); }
        public String exceptionClass(Event e) { return null; }
        public String exceptionMessage(Event e) { return null; }
        public String stackTrace(Event e) { return null; }
    }

    LineMaker<Event> lines;
    RecordPacker packer;
    Event[] events;
    long index;

    @Setup
    public void setUp() {
        DeliveryCounters counters = new DeliveryCounters();
        JsonLineEncoder<Event> encoder = JsonLineEncoder.builder(new Accessor(), e -> 500).service("orders").build();
        lines = new LineMaker<>(encoder, DeliveryConfig.FIREHOSE_MAX_RECORD_BYTES, counters,
                new RateLimitedStatus(StatusReporter.stderr(), counters, "bench "));
        packer = new RecordPacker(DeliveryConfig.FIREHOSE_MAX_RECORD_BYTES, DeliveryConfig.FIREHOSE_MAX_BATCH_RECORDS,
                DeliveryConfig.FIREHOSE_MAX_BATCH_BYTES, true);
        Map<String, String> mdc = new LinkedHashMap<>();
        mdc.put(Workload.MDC_KEY_1, Workload.MDC_VALUE_1);
        mdc.put(Workload.MDC_KEY_2, Workload.MDC_VALUE_2);
        String message = Workload.FORMAT.replace("{}", Workload.ARG);
        // A thousand events over about two seconds of wall time, as a busy service logs them.
        events = new Event[1000];
        long t = 1_760_000_000_000L;
        for (int i = 0; i < events.length; i++) {
            events[i] = new Event(t + i * 2L, message, mdc);
        }
    }

    @Benchmark
    public Batch encodeAndPack() {
        Event e = events[(int) (index % events.length)];
        return packer.add(lines.line(e), index++);
    }
}
