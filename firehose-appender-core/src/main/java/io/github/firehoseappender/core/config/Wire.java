package io.github.firehoseappender.core.config;

import java.util.Locale;

/**
 * How PutRecordBatch calls go on the wire. {@link #DIRECT}, the default: the sender writes the request body itself
 * into a reused buffer (base64 straight from each record) and parses the answer with jackson-core's streaming parser,
 * while the SDK's own SigV4 signer signs it and the SDK's own HTTP client sends it; errors are classified exactly as on
 * the SDK path. {@link #SDK}, the fallback switch for this release: the SDK's Firehose client marshals, signs and
 * sends.
 */
public enum Wire {
    SDK,
    DIRECT;

    /** {@code sdk} or {@code direct}, in any case. */
    static Wire parse(String text) {
        switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "sdk": return SDK;
            case "direct": return DIRECT;
            default: throw new IllegalArgumentException("is not a wire; use sdk or direct");
        }
    }
}
