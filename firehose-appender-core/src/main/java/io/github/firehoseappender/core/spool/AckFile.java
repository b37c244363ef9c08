package io.github.firehoseappender.core.spool;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * The durable acknowledgement pointer: two fixed slots written alternately, each (sequence, offset, CRC32C), so a
 * write torn by a crash leaves the other slot, one acknowledgement older, to fall back on.
 */
final class AckFile implements Closeable {
    static final String NAME = "ack";
    static final int SLOT_BYTES = 20;
    /** Slots in different disk sectors: a torn sector write spoils at most one. */
    static final int SLOT_STRIDE = 512;

    private final FileChannel channel;
    private final CRC32C crc = new CRC32C();
    private final ByteBuffer slot = ByteBuffer.allocate(SLOT_BYTES);
    private long sequence;
    private long offset;

    private AckFile(FileChannel channel, long sequence, long offset) {
        this.channel = channel;
        this.sequence = sequence;
        this.offset = offset;
    }

    static AckFile open(Path directory) throws IOException {
        FileChannel ch = FileChannel.open(directory.resolve(NAME), StandardOpenOption.CREATE,
                StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            long bestSequence = 0;
            long bestOffset = -1;
            for (int i = 0; i < 2; i++) {
                long[] parsed = readSlot(ch, i);
                if (parsed != null && (bestOffset < 0 || parsed[0] > bestSequence)) {
                    bestSequence = parsed[0];
                    bestOffset = parsed[1];
                }
            }
            return new AckFile(ch, bestSequence, bestOffset);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** {sequence, offset} of a valid slot, else null (never written, torn or garbled). */
    private static long[] readSlot(FileChannel ch, int i) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(SLOT_BYTES);
        long at = (long) i * SLOT_STRIDE;
        while (buf.hasRemaining()) {
            if (ch.read(buf, at + buf.position()) < 0) {
                return null;
            }
        }
        CRC32C check = new CRC32C();
        check.update(buf.array(), 0, SLOT_BYTES - 4);
        long sequence = buf.getLong(0);
        long offset = buf.getLong(8);
        if (buf.getInt(16) != (int) check.getValue() || sequence < 1 || offset < 0) {
            return null;
        }
        return new long[] {sequence, offset};
    }

    /** The acknowledged logical offset restored at open, or last written; -1 when no slot was valid. */
    long offset() { return offset; }

    /** Writes the pointer into the slot older than the current one; durable only after {@link #force()}. */
    void write(long acknowledged) throws IOException {
        long next = sequence + 1;
        slot.clear();
        slot.putLong(next).putLong(acknowledged);
        crc.reset();
        crc.update(slot.array(), 0, SLOT_BYTES - 4);
        slot.putInt((int) crc.getValue()).flip();
        long at = (next & 1) * SLOT_STRIDE;
        while (slot.hasRemaining()) {
            channel.write(slot, at + slot.position());
        }
        sequence = next;
        offset = acknowledged;
    }

    void force() throws IOException {
        channel.force(false);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
