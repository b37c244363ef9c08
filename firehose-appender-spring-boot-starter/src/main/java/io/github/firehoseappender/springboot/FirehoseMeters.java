package io.github.firehoseappender.springboot;

import io.github.firehoseappender.core.stats.DeliveryStats;
import io.github.firehoseappender.core.stats.DropCause;
import io.github.firehoseappender.core.stats.SpoolStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.ToLongFunction;

/**
 * Micrometer meters for every {@link DeliveryStats} counter of each Firehose appender running when the registry is
 * bound (the starter's and those declared in logback-spring.xml / log4j2-spring.xml), tagged {@code appender=<name>}:
 * function counters read the appender's counters when the registry asks, gauges its buffer depth. Each read looks the
 * appender up by name, so an appender Spring Boot replaces on re-initialising logging keeps its meters.
 */
public class FirehoseMeters implements MeterBinder {
    private static final String PREFIX = "firehose.appender.";
    private final FirehoseAppenders appenders;
    /** Micrometer keeps a function meter's state object only weakly: held here for as long as this binder lives. */
    private final List<AppenderCounters> bound = new CopyOnWriteArrayList<>();

    public FirehoseMeters(FirehoseAppenders appenders) {
        this.appenders = appenders;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (String name : appenders.running().keySet()) {
            AppenderCounters counters = new AppenderCounters(appenders, name);
            bound.add(counters);
            counter(registry, counters, "events.appended", "events", "Events accepted by the appender",
                    DeliveryStats::appended);
            counter(registry, counters, "events.delivered", "events", "Events acknowledged by Firehose",
                    DeliveryStats::delivered);
            for (DropCause cause : DropCause.values()) {
                FunctionCounter.builder(PREFIX + "events.dropped", counters, c -> c.read(s -> s.dropped(cause)))
                        .description("Events not delivered, by cause").baseUnit("events")
                        .tag("appender", name).tag("cause", cause.name().toLowerCase(Locale.ROOT))
                        .register(registry);
            }
            counter(registry, counters, "events.truncated", "events", "Events delivered shortened to fit a record",
                    DeliveryStats::truncated);
            counter(registry, counters, "events.ignored.internal", "events",
                    "Events refused because the appender's own threads logged them", DeliveryStats::ignoredInternal);
            counter(registry, counters, "records.sent", "records", "Firehose records acknowledged",
                    DeliveryStats::recordsSent);
            counter(registry, counters, "calls.sent", "calls", "PutRecordBatch calls answered, retries included",
                    DeliveryStats::callsSent);
            counter(registry, counters, "entries.retried", "records", "Entries resent after a per-entry error",
                    DeliveryStats::entriesRetried);
            counter(registry, counters, "calls.retried", "calls", "Whole calls resent after the call failed",
                    DeliveryStats::callsRetried);
            counter(registry, counters, "records.possible.duplicates", "records",
                    "Records resent after an ambiguous outcome: they may arrive twice",
                    DeliveryStats::possibleDuplicates);
            counter(registry, counters, "bytes.sent", "bytes", "Bytes of acknowledged records",
                    DeliveryStats::bytesSent);
            counter(registry, counters, "bytes.billable", "bytes",
                    "Acknowledged bytes as Firehose bills them (each record rounded up to 5 KB)",
                    DeliveryStats::billableBytes);
            Gauge.builder(PREFIX + "buffer.events", counters, c -> c.read(DeliveryStats::bufferDepthEvents))
                    .description("Events waiting in the buffer").baseUnit("events").tag("appender", name)
                    .register(registry);
            Gauge.builder(PREFIX + "buffer.bytes", counters, c -> c.read(DeliveryStats::bufferDepthBytes))
                    .description("Bytes counted against bufferSize").baseUnit("bytes").tag("appender", name)
                    .register(registry);
            Gauge.builder(PREFIX + "spool.bytes", counters, c -> c.read(s -> spool(s).depthBytes()))
                    .description("Bytes of calls waiting on the spool (0 without one)").baseUnit("bytes")
                    .tag("appender", name).register(registry);
            Gauge.builder(PREFIX + "spool.events", counters, c -> c.read(s -> spool(s).depthEvents()))
                    .description("Events of calls waiting on the spool (0 without one)").baseUnit("events")
                    .tag("appender", name).register(registry);
            counter(registry, counters, "spool.replayed", "events",
                    "Events an earlier process left on the spool, delivered by this one",
                    s -> spool(s).replayedEvents());
            counter(registry, counters, "spool.replay.lost", "events",
                    "Events an earlier process left on the spool that could not be delivered",
                    s -> spool(s).replayLostEvents());
            counter(registry, counters, "spool.failures", "failures",
                    "I/O failures of the spool (after the first, delivery runs from memory)",
                    s -> spool(s).failures());
        }
    }

    private static SpoolStats spool(DeliveryStats stats) {
        return stats.spool() == null ? SpoolStats.EMPTY : stats.spool();
    }

    private static void counter(MeterRegistry registry, AppenderCounters counters, String name, String unit,
                                String description, ToLongFunction<DeliveryStats> value) {
        FunctionCounter.builder(PREFIX + name, counters, c -> c.read(value))
                .description(description).baseUnit(unit).tag("appender", counters.name)
                .register(registry);
    }

    /**
     * One appender's counters as the registry reads them: the latest snapshot, or the last one seen while the
     * appender is missing (Spring Boot re-initialising logging), so a counter never goes back.
     */
    static final class AppenderCounters {
        private final FirehoseAppenders appenders;
        private final String name;
        private volatile DeliveryStats last;

        AppenderCounters(FirehoseAppenders appenders, String name) {
            this.appenders = appenders;
            this.name = name;
        }

        double read(ToLongFunction<DeliveryStats> value) {
            DeliveryStats stats = appenders.running().get(name);
            if (stats != null) {
                last = stats;
            } else {
                stats = last;
            }
            return stats == null ? 0 : value.applyAsLong(stats);
        }
    }
}
