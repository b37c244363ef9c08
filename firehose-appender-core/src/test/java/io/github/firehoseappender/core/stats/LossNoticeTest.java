package io.github.firehoseappender.core.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LossNoticeTest {
    private final DeliveryCounters counters = new DeliveryCounters();
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    private final AtomicLong clock = new AtomicLong(1_000);
    private final LossNotice notice = new LossNotice(counters, "FIREHOSE", () -> out,
            TimeUnit.SECONDS.toNanos(60), clock::get);

    private String printed() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void printsNothingWhileNothingIsLost() {
        counters.appended();
        counters.delivered(1);
        notice.check();
        assertThat(printed()).isEmpty();
    }

    @Test
    void printsTheFirstDropAtOnceThenOncePerCausePerIntervalWithTheCountSinceTheLastLine() {
        counters.dropped(DropCause.BUFFER_FULL, 5);
        notice.check();
        counters.dropped(DropCause.BUFFER_FULL, 7);
        clock.addAndGet(TimeUnit.SECONDS.toNanos(59));
        notice.check();
        assertThat(printed().lines()).singleElement().asString()
                .startsWith("[firehose-appender] FIREHOSE: LOST LOGS: 5 log events dropped (BUFFER_FULL");

        counters.dropped(DropCause.RETRIES_EXHAUSTED, 3);
        notice.check();
        clock.addAndGet(TimeUnit.SECONDS.toNanos(1));
        notice.check();
        assertThat(printed().lines()).hasSize(3);
        assertThat(printed().lines().skip(1)).anySatisfy(l -> assertThat(l)
                .contains("3 log events dropped (RETRIES_EXHAUSTED").contains("since start"));
        assertThat(printed().lines().skip(1)).anySatisfy(l -> assertThat(l)
                .contains("7 log events dropped (BUFFER_FULL").contains("since the last notice, 12 in all"));
    }

    @Test
    void aDeliveryFailureIsPrintedOncePerKindPerInterval() {
        notice.cannotDeliver("AccessDenied", "access denied putting to delivery stream logs");
        notice.cannotDeliver("AccessDenied", "access denied putting to delivery stream logs");
        clock.addAndGet(TimeUnit.SECONDS.toNanos(60));
        notice.cannotDeliver("AccessDenied", "access denied putting to delivery stream logs");
        assertThat(printed().lines()).hasSize(2)
                .allSatisfy(l -> assertThat(l).startsWith("[firehose-appender] FIREHOSE: cannot deliver logs: "));
    }

    @Test
    void theFinalTallyAtStopPrintsWhatTheIntervalHeldBackSoTheLastLineCarriesTheTrueTotal() {
        counters.dropped(DropCause.BUFFER_FULL, 400);
        notice.check();
        counters.dropped(DropCause.BUFFER_FULL, 1_500);
        clock.addAndGet(TimeUnit.SECONDS.toNanos(5));
        notice.check(); // within the minute: held back
        notice.finalTally();
        notice.finalTally(); // nothing new since: nothing printed

        assertThat(printed().lines()).hasSize(2);
        assertThat(printed().lines().skip(1).findFirst().orElseThrow())
                .contains("1500 log events dropped (BUFFER_FULL").contains("since the last notice, 1900 in all");
    }

    @Test
    void oneEventIsOneLogEvent() {
        counters.dropped(DropCause.NOT_RUNNING, 1);
        notice.check();
        assertThat(printed()).contains("LOST LOGS: 1 log event dropped (NOT_RUNNING");
    }
}
