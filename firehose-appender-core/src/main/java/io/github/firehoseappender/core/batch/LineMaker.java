package io.github.firehoseappender.core.batch;

import io.github.firehoseappender.core.EncodedLine;
import io.github.firehoseappender.core.EventEncoder;
import io.github.firehoseappender.core.json.OversizedLine;
import io.github.firehoseappender.core.stats.DeliveryCounters;
import io.github.firehoseappender.core.stats.DropCause;
import io.github.firehoseappender.core.stats.RateLimitedStatus;

/**
 * Turns one event into the line the packer takes: encoded, newline-terminated, at most {@code maxRecordBytes}. An
 * event too large for a record is re-encoded by the encoder's truncation (counted); if even that does not fit, the
 * line is cut into a marked prefix. An encoder failure (any Throwable but a broken JVM's) drops the event and counts it.
 * The line is written into one reused {@link EncodedLine}, valid until the next event. Sender thread only.
 */
public final class LineMaker<E> {
    private final EventEncoder<E> encoder;
    private final int maxRecordBytes;
    private final DeliveryCounters counters;
    private final RateLimitedStatus status;
    private final EncodedLine line = new EncodedLine();

    public LineMaker(EventEncoder<E> encoder, int maxRecordBytes, DeliveryCounters counters, RateLimitedStatus status) {
        this.encoder = encoder;
        this.maxRecordBytes = maxRecordBytes;
        this.counters = counters;
        this.status = status;
    }

    /** The event's line, valid until the next call, or null when it could not be encoded (then counted as dropped). */
    public EncodedLine line(E event) {
        try {
            encoder.encode(event, line);
            line.endWithNewline();
        } catch (Throwable e) {
            counters.dropped(DropCause.ENCODING_FAILED, 1); // first: counted even when the JVM error goes on up
            status.error("encode", "the encoder failed on an event; it is dropped and counted (ENCODING_FAILED)", e);
            rethrowIfJvmBroken(e);
            return null;
        }
        if (line.length() <= maxRecordBytes) {
            return line;
        }
        counters.truncated();
        byte[] full = line.toByteArray(); // rare (a line past a record): kept in case truncation fails
        boolean fits;
        try {
            line.setCopy(encoder.encodeTruncated(event, maxRecordBytes));
            line.endWithNewline();
            fits = line.length() <= maxRecordBytes;
        } catch (Throwable e) {
            if (isJvmBroken(e)) {
                counters.dropped(DropCause.ENCODING_FAILED, 1);
                rethrowIfJvmBroken(e);
            }
            status.warn("truncate", "the encoder failed to truncate an event of " + full.length
                    + " bytes; keeping its first bytes instead", e);
            fits = false;
        }
        if (!fits) {
            line.set(OversizedLine.wrapPrefix(full, maxRecordBytes));
        }
        return line;
    }

    /**
     * Whatever an encoder throws on one event costs that event, not the sender: exceptions, an AssertionError or a
     * LinkageError of a custom encoder, a StackOverflowError on a deep structure, and an OutOfMemoryError, which on
     * this path is almost always the allocation for that one huge event (its garbage is collectable once it is
     * dropped). Only the other VirtualMachineErrors (InternalError, UnknownError) say the JVM itself is broken: those
     * end the sender, which then counts everything it holds.
     */
    public static void rethrowIfJvmBroken(Throwable e) {
        if (isJvmBroken(e)) {
            throw (VirtualMachineError) e;
        }
    }

    private static boolean isJvmBroken(Throwable e) {
        return e instanceof VirtualMachineError && !(e instanceof OutOfMemoryError)
                && !(e instanceof StackOverflowError);
    }
}
