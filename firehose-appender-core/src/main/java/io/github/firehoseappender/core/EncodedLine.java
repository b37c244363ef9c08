package io.github.firehoseappender.core;

import java.util.Arrays;

/**
 * One encoded line in a buffer the sender reuses for every event: the encoder writes into {@link #array()} and sets
 * {@link #length()}, the packer copies those bytes into the record. The line is written once and copied once; no
 * array per event. Valid until the next event is encoded into it. Sender thread only.
 */
public final class EncodedLine {
    private byte[] bytes;
    private int length;

    public EncodedLine() {
        this(1024);
    }

    public EncodedLine(int initialCapacity) {
        this.bytes = new byte[Math.max(16, initialCapacity)];
    }

    /** The buffer; its first {@link #length()} bytes are the line. May be replaced when it grows. */
    public byte[] array() {
        return bytes;
    }

    public int length() {
        return length;
    }

    /** Takes {@code line} as it is, by reference: for encoders that return an array of their own. */
    public void set(byte[] line) {
        bytes = requireLine(line);
        length = line.length;
    }

    /** Takes a copy of {@code line}: for an array the encoder may keep, which this buffer must never write into. */
    public void setCopy(byte[] line) {
        set(requireLine(line).clone());
    }

    private static byte[] requireLine(byte[] line) {
        if (line == null) {
            throw new IllegalStateException("the encoder returned null");
        }
        return line;
    }

    /** Takes a buffer the encoder grew while writing into {@link #array()}, and the line's length in it. */
    public void set(byte[] buffer, int lineLength) {
        bytes = buffer;
        length = lineLength;
    }

    /** Makes sure the line ends with {@code '\n'}, adding one when it does not. */
    public void endWithNewline() {
        if (length > 0 && bytes[length - 1] == '\n') {
            return;
        }
        if (length == bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(16, length * 2));
        }
        bytes[length++] = '\n';
    }

    /** The line as an array of its own. */
    public byte[] toByteArray() {
        return Arrays.copyOf(bytes, length);
    }
}
