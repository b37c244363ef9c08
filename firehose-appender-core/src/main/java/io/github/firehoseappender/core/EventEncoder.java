package io.github.firehoseappender.core;

/**
 * Turns one framework event into one line of the delivered stream. Runs on the sender thread, never on the
 * application thread, except {@link #estimateSize} which the buffer calls in {@code append()} and must be cheap.
 *
 * @param <E> the event type the adapter hands to {@link FirehoseDelivery#append}
 */
public interface EventEncoder<E> {

    /**
     * The event as UTF-8 bytes. A trailing {@code '\n'} is optional: the core adds it when missing, and any
     * other CR/LF inside the line is the encoder's business (the JSON encoders escape them).
     */
    byte[] encode(E event);

    /**
     * The event encoded in at most {@code maxBytes} bytes (newline included), still one valid line, marked as
     * truncated. Called only when {@link #encode} produced more than a Firehose record may hold.
     */
    byte[] encodeTruncated(E event, int maxBytes);

    /** A cheap upper-bound guess of the encoded size, used to bound the buffer by bytes. */
    int estimateSize(E event);
}
