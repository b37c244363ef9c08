package io.github.firehoseappender.logback;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.spi.MDCAdapter;

/**
 * The size the buffer counts for an event is what its snapshot really retains on the heap: measured by holding
 * {@value #EVENTS} snapshots and comparing the used heap after full collections with the sum of the estimates.
 */
class LogbackEventSizeTest {
    private static final int EVENTS = 20_000;
    private static final String FQCN = Logger.class.getName();
    /** Formats are constants in code, shared by every event: only formatted messages are the event's own. */
    private static final String LONG_FORMAT = "batch {} failed after {} attempts: " + "y".repeat(1_500);
    private static final String MEDIUM_FORMAT = "order {} accepted for customer {} " + "z".repeat(250);
    private static final String FORMAT_300 = "order {} accepted: " + "x".repeat(270) + " total {}";
    private final LoggerContext context = new LoggerContext();
    private final Logger logger = context.getLogger("com.example.orders.OrderService");
    private final MDCAdapter mdc = new LogbackMDCAdapter();

    {
        context.setMDCAdapter(mdc);
    }

    @AfterEach
    void clearMdc() {
        mdc.clear();
    }

    @Test
    void estimateIsWithinAQuarterOfTheHeapARealisticMixRetains() {
        Measurement m = measure(this::mixedEvent);
        System.out.printf("mixed events: estimate %.0f B, retained %.0f B per event (ratio %.2f)%n",
                m.estimatePerEvent, m.retainedPerEvent, m.ratio());
        assertThat(m.ratio()).isBetween(0.75, 1.25);
    }

    @Test
    void estimateIsWithinAQuarterForA300CharMessageWithTwoMdcEntries() {
        Measurement m = measure(i -> {
            mdc.put("request_id", "req-" + (1_000_000 + i));
            mdc.put("user_id", "u" + (5_000 + i));
            return event(Level.INFO, FORMAT_300, null, i, i * 3);
        });
        System.out.printf("300-char message, 2 MDC entries: estimate %.0f B, retained %.0f B per event (ratio %.2f)%n",
                m.estimatePerEvent, m.retainedPerEvent, m.ratio());
        assertThat(m.ratio()).isBetween(0.75, 1.25);
    }

    /** Short and long messages, 0 to 5 MDC entries, one event in ten with an exception (some with a cause). */
    private BufferedLoggingEvent mixedEvent(int i) {
        for (int k = 0; k < i % 6; k++) {
            mdc.put("key" + k, "value-" + k + "-" + i);
        }
        String format;
        switch (i % 20) {
            case 0:
                format = LONG_FORMAT;
                break;
            case 1: case 2: case 3:
                format = MEDIUM_FORMAT;
                break;
            default:
                format = "order {} accepted for customer {}";
        }
        Throwable thrown = null;
        if (i % 10 == 0) {
            thrown = i % 20 == 0 ? new IllegalStateException("state " + i, new java.io.IOException("io " + i))
                    : new IllegalArgumentException("bad " + i);
        }
        return event(i % 7 == 0 ? Level.WARN : Level.INFO, format, thrown, i, "c-" + i);
    }

    private BufferedLoggingEvent event(Level level, String format, Throwable thrown, Object... args) {
        LoggingEvent event = new LoggingEvent(FQCN, logger, level, format, thrown, args);
        BufferedLoggingEvent snapshot = BufferedLoggingEvent.of(event, false, null, true);
        mdc.clear();
        return snapshot;
    }

    private Measurement measure(IntFunction<BufferedLoggingEvent> events) {
        for (int i = 0; i < 2_000; i++) {
            LogbackEventSize.estimate(events.apply(i)); // warm up: classes loaded, lazy JVM state built
        }
        List<BufferedLoggingEvent> held = new ArrayList<>(EVENTS);
        long before = usedHeapAfterGc();
        long estimated = 0;
        for (int i = 0; i < EVENTS; i++) {
            BufferedLoggingEvent snapshot = events.apply(i);
            estimated += LogbackEventSize.estimate(snapshot);
            held.add(snapshot);
        }
        long after = usedHeapAfterGc();
        assertThat(held).hasSize(EVENTS);
        return new Measurement(estimated / (double) EVENTS, (after - before) / (double) EVENTS);
    }

    private static long usedHeapAfterGc() {
        long used = Long.MAX_VALUE;
        for (int round = 0; round < 4; round++) {
            System.gc();
            used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    private record Measurement(double estimatePerEvent, double retainedPerEvent) {
        double ratio() {
            return estimatePerEvent / retainedPerEvent;
        }
    }
}
