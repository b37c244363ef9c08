package io.github.firehoseappender.benchmarks;

/**
 * What one "op" logs in every benchmark and harness: {@code logger.info(FORMAT, ARG)} with two MDC entries, a
 * message of 200 characters once formatted. Every framework and appender is driven with exactly this.
 */
public final class Workload {
    /** 200 characters with {@link #ARG} substituted. */
    public static final String FORMAT = "order {} accepted: 3 items, total 129.90 EUR, shipping to warehouse "
            + "eu-west-1b, card payment captured, fraud score 0.02, promo none, channel web, customer tier gold, "
            + "estimated delivery in 2 days";
    public static final String ARG = "o-1234567";
    public static final String MDC_KEY_1 = "request_id";
    public static final String MDC_VALUE_1 = "3f2a9c1e-5b7d-4e08-9a61-0c2d4b8e7f13";
    public static final String MDC_KEY_2 = "tenant";
    public static final String MDC_VALUE_2 = "acme-eu";
    public static final String LOGGER = "com.example.orders.OrderService";
    /** The delivery stream every harness ships to on firehose-local. */
    public static final String STREAM = "bench";

    private Workload() {
    }

    /** A message of about {@code chars} characters (for the cost table's 200-byte and 2 KB events). */
    public static String padded(int chars) {
        StringBuilder sb = new StringBuilder(chars);
        while (sb.length() < chars) {
            sb.append("lorem ipsum dolor sit amet ");
        }
        sb.setLength(chars);
        return sb.toString();
    }
}
