package io.github.firehoseappender.core;

import io.github.firehoseappender.core.json.OversizedLine;
import java.nio.charset.StandardCharsets;

/** Encodes a String event as itself (no newline: the core adds it); truncation keeps a marked prefix. */
public class TextEncoder implements EventEncoder<String> {
    @Override
    public byte[] encode(String event) {
        return event.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public byte[] encodeTruncated(String event, int maxBytes) {
        return OversizedLine.wrapPrefix(encode(event), maxBytes);
    }

    @Override
    public int estimateSize(String event) {
        return event.length() + 1;
    }
}
