package io.github.firehoseappender.logback;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import io.github.firehoseappender.core.EventEncoder;
import io.github.firehoseappender.core.json.OversizedLine;

/**
 * Lets any {@code Encoder<ILoggingEvent>} a user configures produce the lines; the core adds the trailing newline
 * when the encoder's pattern has none.
 */
final class LogbackEncoderLines implements EventEncoder<ILoggingEvent> {
    private final Encoder<ILoggingEvent> encoder;

    LogbackEncoderLines(Encoder<ILoggingEvent> encoder) {
        this.encoder = encoder;
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        return encoder.encode(event);
    }

    @Override
    public byte[] encodeTruncated(ILoggingEvent event, int maxBytes) {
        // We cannot shorten fields of a format we do not know: keep its prefix as a marked JSON line instead.
        return OversizedLine.wrapPrefix(encoder.encode(event), maxBytes);
    }

    @Override
    public int estimateSize(ILoggingEvent event) {
        return LogbackEventSize.estimate(event);
    }
}
