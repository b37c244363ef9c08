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
     * Encodes the event into the sender's reused line buffer, which then goes into the record: the line is written
     * once and copied once. The default takes {@link #encode}'s array as it is; an encoder that writes into a buffer
     * overrides this and spares an array per event.
     */
    default void encode(E event, EncodedLine into) {
        into.set(encode(event));
    }

    /**
     * The event encoded in at most {@code maxBytes} bytes (newline included), still one valid line, marked as
     * truncated. Called only when {@link #encode} produced more than a Firehose record may hold.
     */
    byte[] encodeTruncated(E event, int maxBytes);

    /**
     * A cheap estimate of what the buffered event retains on the heap (its text, arguments, MDC, throwable), used to
     * bound the buffer by bytes. Not the encoded line: once encoded, the sender counts the line's real length against
     * the same bound.
     */
    int estimateSize(E event);

    /**
     * Called after a JVM restore (CRaC, Lambda SnapStart), before the first event is encoded after it: many
     * environments may resume from one snapshot, so whatever the encoder made unique before it (ids, seeds) must be
     * made unique again here, and facts about the process read anew. The default does nothing.
     */
    default void afterRestore() {
    }
}
