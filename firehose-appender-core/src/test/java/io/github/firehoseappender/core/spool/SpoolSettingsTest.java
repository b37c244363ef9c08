package io.github.firehoseappender.core.spool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Paths;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SpoolSettingsTest {
    private static final long MIB = 1024 * 1024;

    @Test
    void defaultsAreOneGibibyteIntervalSyncEverySecondDropOldestAndAnEightMebibyteCache() {
        SpoolSettings s = SpoolSettings.builder().directory(Paths.get("spool")).build();
        assertThat(s.maxBytes()).isEqualTo(1024 * MIB);
        assertThat(s.sync()).isEqualTo(SpoolSync.INTERVAL);
        assertThat(s.syncInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(s.overflow()).isEqualTo(SpoolOverflow.DROP_OLDEST);
        assertThat(s.cacheBytes()).isEqualTo(8 * MIB);
        assertThat(s.segmentBytes()).isEqualTo(64 * MIB);
    }

    @Test
    void defaultSegmentIsAnEighthOfMaxBytesAndHoldsAFullCallButNeverPassesMaxBytes() {
        assertThat(SpoolSettings.defaultSegmentBytes(256 * MIB)).isEqualTo(32 * MIB);
        assertThat(SpoolSettings.defaultSegmentBytes(10 * MIB)).isEqualTo(SpoolSettings.MIN_DEFAULT_SEGMENT_BYTES)
                .isGreaterThan(4_000_000 + 500 * FrameCodec.RECORD_PREFIX_BYTES + FrameCodec.HEADER_BYTES);
        assertThat(SpoolSettings.defaultSegmentBytes(2 * MIB)).isEqualTo(2 * MIB);
        assertThat(SpoolSettings.defaultSegmentBytes(100 * 1024 * MIB)).isEqualTo(64 * MIB);
    }

    @Test
    void toBuilderKeepsDerivingTheSegmentSizeUnlessItWasSet() {
        SpoolSettings derived = SpoolSettings.builder().directory(Paths.get("s")).maxBytes(256 * MIB).build();
        assertThat(derived.toBuilder().maxBytes(512 * MIB).build().segmentBytes()).isEqualTo(64 * MIB);
        SpoolSettings set = derived.toBuilder().segmentBytes(8 * MIB).build();
        assertThat(set.toBuilder().maxBytes(512 * MIB).build().segmentBytes()).isEqualTo(8 * MIB);
    }

    @Test
    void buildNamesEveryProblemWithItsValueAndFix() {
        assertThatThrownBy(() -> SpoolSettings.builder().maxBytes(100).syncInterval(Duration.ZERO).sync(null)
                .overflow(null).cacheBytes(-1).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("directory is not set")
                .hasMessageContaining("maxBytes=100 is below 1024")
                .hasMessageContaining("sync is not set")
                .hasMessageContaining("syncInterval=PT0S must be positive")
                .hasMessageContaining("overflow is not set")
                .hasMessageContaining("cacheBytes=-1 is negative");
    }

    @Test
    void segmentBytesMustFitInMaxBytes() {
        assertThatThrownBy(() -> SpoolSettings.builder().directory(Paths.get("s")).maxBytes(8 * MIB)
                .segmentBytes(16 * MIB).build())
                .hasMessage("segmentBytes=16777216 exceeds maxBytes=8388608; lower it or omit it");
        assertThatThrownBy(() -> SpoolSettings.builder().directory(Paths.get("s")).segmentBytes(10).build())
                .hasMessageContaining("segmentBytes=10 is below 1024");
    }
}
