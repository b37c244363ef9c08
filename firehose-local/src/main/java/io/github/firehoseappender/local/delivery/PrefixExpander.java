package io.github.firehoseappender.local.delivery;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Expands a Firehose S3 prefix: {@code !{timestamp:PATTERN}} (any {@link DateTimeFormatter}
 * pattern, in UTC, of the records' arrival), {@code !{firehose:random-string}} (11 random
 * alphanumerics, as Firehose) and, in an ErrorOutputPrefix only,
 * {@code !{firehose:error-output-type}} (e.g. {@code processing-failed}). The prefix is compiled
 * once, so a bad one fails at creation.
 */
public final class PrefixExpander {
    private static final String RANDOM_ALPHABET =
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final int RANDOM_STRING_LENGTH = 11;

    /** One piece of a prefix: literal text or an expression. */
    private interface Part {
        void appendTo(StringBuilder out, Instant arrival, String errorOutputType);
    }

    public static final String ERROR_OUTPUT_TYPE = "!{firehose:error-output-type}";

    private final String prefix;
    private final List<Part> parts;
    private final boolean hasExpressions;

    private PrefixExpander(String prefix, List<Part> parts, boolean hasExpressions) {
        this.prefix = prefix;
        this.parts = parts;
        this.hasExpressions = hasExpressions;
    }

    /** An ErrorOutputPrefix: as {@link #compile}, and {@code !{firehose:error-output-type}} is allowed. */
    public static PrefixExpander compileErrorPrefix(String prefix) {
        return compile(prefix, true);
    }

    /**
     * @throws IllegalArgumentException naming the expression when one is unknown, unclosed or
     *         has a bad date pattern
     */
    public static PrefixExpander compile(String prefix) {
        return compile(prefix, false);
    }

    private static PrefixExpander compile(String prefix, boolean errorPrefix) {
        List<Part> parts = new ArrayList<>();
        boolean expressions = false;
        int at = 0;
        while (at < prefix.length()) {
            int open = prefix.indexOf("!{", at);
            if (open < 0) {
                parts.add(literal(prefix.substring(at)));
                break;
            }
            if (open > at) {
                parts.add(literal(prefix.substring(at, open)));
            }
            int close = prefix.indexOf('}', open);
            if (close < 0) {
                throw new IllegalArgumentException("Prefix '" + prefix + "' has an unclosed expression at index " + open);
            }
            parts.add(expression(prefix, prefix.substring(open + 2, close), errorPrefix));
            expressions = true;
            at = close + 1;
        }
        return new PrefixExpander(prefix, Collections.unmodifiableList(parts), expressions);
    }

    public String expand(Instant arrival) {
        return expand(arrival, null);
    }

    /** @param errorOutputType what {@code !{firehose:error-output-type}} becomes */
    public String expand(Instant arrival, String errorOutputType) {
        StringBuilder out = new StringBuilder(prefix.length() + 16);
        for (Part part : parts) {
            part.appendTo(out, arrival, errorOutputType);
        }
        return out.toString();
    }

    public boolean hasExpressions() {
        return hasExpressions;
    }

    public boolean hasErrorOutputType() {
        return prefix.contains(ERROR_OUTPUT_TYPE);
    }

    public String prefix() {
        return prefix;
    }

    private static Part literal(String text) {
        return (out, arrival, errorOutputType) -> out.append(text);
    }

    private static Part expression(String prefix, String expression, boolean errorPrefix) {
        int colon = expression.indexOf(':');
        String namespace = colon < 0 ? expression : expression.substring(0, colon);
        String value = colon < 0 ? "" : expression.substring(colon + 1);
        if (namespace.equals("timestamp")) {
            DateTimeFormatter format;
            try {
                format = DateTimeFormatter.ofPattern(value).withZone(ZoneOffset.UTC);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Prefix '" + prefix + "' has a bad timestamp pattern '"
                        + value + "': " + e.getMessage(), e);
            }
            return (out, arrival, errorOutputType) -> format.formatTo(arrival, out);
        }
        if (namespace.equals("firehose") && value.equals("random-string")) {
            return (out, arrival, errorOutputType) -> appendRandomString(out);
        }
        if (namespace.equals("firehose") && value.equals("error-output-type")) {
            if (!errorPrefix) {
                throw new IllegalArgumentException("Prefix '" + prefix + "' uses " + ERROR_OUTPUT_TYPE
                        + ", which only an ErrorOutputPrefix may use");
            }
            return (out, arrival, errorOutputType) -> out.append(errorOutputType);
        }
        throw new IllegalArgumentException("Prefix '" + prefix + "' has an unsupported expression '!{" + expression
                + "}'; use !{timestamp:PATTERN}, !{firehose:random-string}"
                + (errorPrefix ? " or " + ERROR_OUTPUT_TYPE : ""));
    }

    private static void appendRandomString(StringBuilder out) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < RANDOM_STRING_LENGTH; i++) {
            out.append(RANDOM_ALPHABET.charAt(random.nextInt(RANDOM_ALPHABET.length())));
        }
    }
}
