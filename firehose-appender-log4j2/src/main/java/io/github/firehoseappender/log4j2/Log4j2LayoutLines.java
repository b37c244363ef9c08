package io.github.firehoseappender.log4j2;

import io.github.firehoseappender.core.EventEncoder;
import io.github.firehoseappender.core.json.OversizedLine;
import java.io.Serializable;
import org.apache.logging.log4j.core.Layout;
import org.apache.logging.log4j.core.LogEvent;

/**
 * Lets any {@code Layout} a user configures produce the lines, through {@link Layout#toByteArray}; the core adds the
 * trailing newline when the layout's pattern has none.
 */
final class Log4j2LayoutLines implements EventEncoder<LogEvent> {
    private final Layout<? extends Serializable> layout;

    Log4j2LayoutLines(Layout<? extends Serializable> layout) {
        this.layout = layout;
    }

    @Override
    public byte[] encode(LogEvent event) {
        return layout.toByteArray(event);
    }

    @Override
    public byte[] encodeTruncated(LogEvent event, int maxBytes) {
        // We cannot shorten fields of a format we do not know: keep its prefix as a marked JSON line instead.
        return OversizedLine.wrapPrefix(layout.toByteArray(event), maxBytes);
    }

    @Override
    public int estimateSize(LogEvent event) {
        return Log4j2EventSize.estimate(event);
    }
}
