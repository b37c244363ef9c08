package io.github.firehoseappender.core.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.firehoseappender.core.EncodedLine;
import io.github.firehoseappender.core.RecordingStatus;
import io.github.firehoseappender.core.TextEncoder;
import io.github.firehoseappender.core.stats.DeliveryCounters;
import io.github.firehoseappender.core.stats.DropCause;
import io.github.firehoseappender.core.stats.RateLimitedStatus;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LineMakerTest {
    private final DeliveryCounters counters = new DeliveryCounters();
    private final RecordingStatus status = new RecordingStatus();

    private LineMaker<String> throwing(Throwable t) {
        return new LineMaker<>(new TextEncoder() {
            @Override
            public byte[] encode(String event) {
                if (t instanceof Error) {
                    throw (Error) t;
                }
                throw (RuntimeException) t;
            }
        }, 1_024_000, counters, new RateLimitedStatus(status, counters, ""));
    }

    @Test
    void anyErrorOfTheEncoderCostsOneEventCountedAndReported() {
        assertThat(throwing(new AssertionError("custom encoder")).line("a")).isNull();
        assertThat(throwing(new OutOfMemoryError("Java heap space")).line("b")).isNull();
        assertThat(throwing(new NoClassDefFoundError("com/example/Missing")).line("c")).isNull();
        assertThat(throwing(new StackOverflowError()).line("d")).isNull();
        assertThat(counters.droppedCount(DropCause.ENCODING_FAILED)).isEqualTo(4);
        assertThat(status.errors()).hasSize(4).allSatisfy(m -> assertThat(m).contains("ENCODING_FAILED"));
    }

    private LineMaker<String> plain(int maxRecordBytes) {
        return new LineMaker<>(new TextEncoder(), maxRecordBytes, counters, new RateLimitedStatus(status, counters, ""));
    }

    private static String text(EncodedLine line) {
        return new String(line.array(), 0, line.length(), StandardCharsets.UTF_8);
    }

    @Test
    void anEncoderThatReturnsArraysGetsItsLinesNewlineTerminatedEachInTurn() {
        LineMaker<String> lines = plain(1_024);
        assertThat(text(lines.line("first"))).isEqualTo("first\n");
        assertThat(text(lines.line("second, longer"))).isEqualTo("second, longer\n");
        assertThat(text(lines.line("ends already\n"))).isEqualTo("ends already\n");
        assertThat(text(lines.line(""))).isEqualTo("\n");
    }

    @Test
    void anEncoderReturningNullCostsThatEventOnly() {
        LineMaker<String> lines = new LineMaker<>(new TextEncoder() {
            @Override
            public byte[] encode(String event) {
                return event.equals("bad") ? null : super.encode(event);
            }
        }, 1_024, counters, new RateLimitedStatus(status, counters, ""));
        assertThat(lines.line("bad")).isNull();
        assertThat(text(lines.line("good"))).isEqualTo("good\n");
        assertThat(counters.droppedCount(DropCause.ENCODING_FAILED)).isEqualTo(1);
        assertThat(status.errors()).singleElement().asString().contains("ENCODING_FAILED");
    }

    @Test
    void aLineLargerThanARecordIsTruncatedAndCounted() {
        EncodedLine line = plain(64).line("x".repeat(500));
        assertThat(line.length()).isLessThanOrEqualTo(64);
        assertThat(text(line)).startsWith("{\"message\":\"xxx").endsWith("\"truncated\":true}\n");
        assertThat(counters.snapshot(0, 0).truncated()).isEqualTo(1);
    }

    @Test
    void whenTruncationFailsTheFullLinesPrefixIsKept() {
        LineMaker<String> lines = new LineMaker<>(new TextEncoder() {
            @Override
            public byte[] encodeTruncated(String event, int maxBytes) {
                throw new IllegalStateException("cannot truncate");
            }
        }, 64, counters, new RateLimitedStatus(status, counters, ""));
        EncodedLine line = lines.line("y".repeat(500));
        assertThat(line.length()).isLessThanOrEqualTo(64);
        assertThat(text(line)).startsWith("{\"message\":\"yyy").endsWith("\"truncated\":true}\n");
        assertThat(status.messages()).singleElement().asString().startsWith("WARN").contains("501 bytes");
    }

    @Test
    void aBrokenJvmEndsTheSenderButTheEventIsCountedFirst() {
        assertThatThrownBy(() -> throwing(new InternalError("broken")).line("e")).isInstanceOf(InternalError.class);
        assertThat(counters.droppedCount(DropCause.ENCODING_FAILED)).isEqualTo(1);
    }
}
