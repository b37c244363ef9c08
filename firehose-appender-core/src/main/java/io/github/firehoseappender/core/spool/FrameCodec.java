package io.github.firehoseappender.core.spool;

import io.github.firehoseappender.core.batch.Record;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Encodes a call as one frame and checks and decodes it back; the layout is in the package comment. Holds a
 * reusable checksum and buffer, so one per spool (and its one thread).
 */
final class FrameCodec {
    static final int MAGIC = 0x46485331; // "FHS1"
    static final short VERSION = 1;
    static final int HEADER_BYTES = 36;
    /** Per record: length int, events int, firstIndex long. */
    static final int RECORD_PREFIX_BYTES = 16;
    private static final int HEADER_CHECKED_BYTES = HEADER_BYTES - 4;

    /** Direct buffers grow in steps of this, so calls of similar size do not reallocate. */
    private static final int GROWTH = 64 * 1024;

    private final CRC32C crc = new CRC32C();
    private ByteBuffer out = ByteBuffer.allocateDirect(0);

    /** One encoded frame: its bytes, to write in one call, and what it holds. */
    static final class Encoded {
        final ByteBuffer buffer;
        final int length;
        final int events;
        final int bytes;

        Encoded(ByteBuffer buffer, int length, int events, int bytes) {
            this.buffer = buffer;
            this.length = length;
            this.events = events;
            this.bytes = bytes;
        }
    }

    /** A header that passed its checksum and sanity checks. */
    static final class Header {
        final int payloadLength;
        final int events;
        final int records;
        final long firstIndex;
        final int payloadCrc;

        Header(int payloadLength, int events, int records, long firstIndex, int payloadCrc) {
            this.payloadLength = payloadLength;
            this.events = events;
            this.records = records;
            this.firstIndex = firstIndex;
            this.payloadCrc = payloadCrc;
        }

        int frameLength() { return HEADER_BYTES + payloadLength; }
        /** Record data, framing excluded. */
        int dataBytes() { return payloadLength - records * RECORD_PREFIX_BYTES; }
    }

    /** The frame length these records take on disk; long so an impossible call is refused, not wrapped. */
    static long frameLength(List<Record> records) {
        long length = HEADER_BYTES;
        for (Record r : records) {
            length += RECORD_PREFIX_BYTES + r.size();
        }
        return length;
    }

    /**
     * Encodes the frame into one direct buffer, returned ready to write and valid until the next call. Copying is
     * what a write of the records' heap arrays would cost anyway (the JDK copies each into a temporary direct buffer,
     * and keeps up to 1024 of those per thread); owning the one buffer bounds that memory to the largest frame.
     */
    Encoded encode(List<Record> records) {
        int n = records.size();
        long frameLength = frameLength(records);
        if (n == 0 || frameLength > Integer.MAX_VALUE - GROWTH) {
            throw new IllegalArgumentException("a frame holds 1 record or more and less than 2 GiB; got " + n
                    + " records of " + frameLength + " bytes");
        }
        if (out.capacity() < frameLength) {
            out = ByteBuffer.allocateDirect((int) ((frameLength + GROWTH - 1) / GROWTH * GROWTH));
        }
        out.clear().position(HEADER_BYTES);
        long events = 0;
        int bytes = 0;
        for (Record r : records) {
            out.putInt(r.size()).putInt(r.events()).putLong(r.firstIndex()).put(r.data());
            events += r.events();
            bytes += r.size();
        }
        if (events > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a frame holds at most " + Integer.MAX_VALUE + " events; got " + events);
        }
        out.flip();
        int payloadLength = out.limit() - HEADER_BYTES;
        out.position(0).putInt(MAGIC).putShort(VERSION).putShort((short) 0).putInt(payloadLength).putInt((int) events)
                .putInt(n).putLong(records.get(0).firstIndex()).putInt(checksum(HEADER_BYTES, payloadLength))
                .putInt(checksum(0, HEADER_CHECKED_BYTES));
        out.position(0);
        return new Encoded(out, out.limit(), (int) events, bytes);
    }

    private int checksum(int from, int length) {
        ByteBuffer range = out.duplicate();
        range.limit(from + length).position(from);
        crc.reset();
        crc.update(range);
        return (int) crc.getValue();
    }

    /** Reads the header at the buffer's position, which advances past it. */
    Header header(ByteBuffer buf) throws CorruptFrameException {
        if (buf.remaining() < HEADER_BYTES) {
            throw new CorruptFrameException("incomplete frame header (" + buf.remaining() + " of " + HEADER_BYTES
                    + " bytes)");
        }
        int start = buf.position();
        crc.reset();
        crc.update(buf.array(), buf.arrayOffset() + start, HEADER_CHECKED_BYTES);
        int magic = buf.getInt();
        short version = buf.getShort();
        buf.getShort();
        int payloadLength = buf.getInt();
        int events = buf.getInt();
        int records = buf.getInt();
        long firstIndex = buf.getLong(); // of the first record; each record carries its own
        int payloadCrc = buf.getInt();
        int headerCrc = buf.getInt();
        if (magic != MAGIC) {
            throw new CorruptFrameException("no frame header (magic " + Integer.toHexString(magic) + ")");
        }
        if (headerCrc != (int) crc.getValue()) {
            throw new CorruptFrameException("frame header failed its checksum");
        }
        if (version != VERSION) {
            throw new CorruptFrameException("frame format version " + version + " is not " + VERSION
                    + " (written by another release)");
        }
        if (records < 1 || events < 0 || payloadLength < (long) records * RECORD_PREFIX_BYTES) {
            throw new CorruptFrameException("frame header holds impossible counts (" + records + " records, "
                    + events + " events, " + payloadLength + " bytes)");
        }
        return new Header(payloadLength, events, records, firstIndex, payloadCrc);
    }

    boolean payloadIntact(Header header, ByteBuffer payload) {
        crc.reset();
        crc.update(payload.array(), payload.arrayOffset() + payload.position(), header.payloadLength);
        return (int) crc.getValue() == header.payloadCrc;
    }

    /**
     * Decodes a whole frame read back from disk; {@code replayed} records get firstIndex -1. Record data are
     * copied out, so the buffer may be dropped.
     */
    List<Record> decode(ByteBuffer frame, boolean replayed) throws CorruptFrameException {
        Header h = header(frame);
        if (frame.remaining() != h.payloadLength) {
            throw new CorruptFrameException("frame length " + (HEADER_BYTES + frame.remaining())
                    + " is not the " + h.frameLength() + " its header says");
        }
        if (!payloadIntact(h, frame)) {
            throw new CorruptFrameException("frame payload failed its checksum");
        }
        List<Record> records = new ArrayList<>(h.records);
        long events = 0;
        for (int i = 0; i < h.records; i++) {
            if (frame.remaining() < RECORD_PREFIX_BYTES) {
                throw new CorruptFrameException("frame payload ends inside record " + i);
            }
            int length = frame.getInt();
            int recordEvents = frame.getInt();
            long firstIndex = frame.getLong();
            if (length < 0 || length > frame.remaining() || recordEvents < 0) {
                throw new CorruptFrameException("record " + i + " has an impossible length " + length);
            }
            byte[] data = new byte[length];
            frame.get(data);
            records.add(new Record(data, recordEvents, replayed ? -1 : firstIndex));
            events += recordEvents;
        }
        if (frame.hasRemaining() || events != h.events) {
            throw new CorruptFrameException("frame payload does not match its header");
        }
        return Collections.unmodifiableList(records);
    }
}
