package io.github.firehoseappender.core.spool;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One segment file, named by the logical offset of its first byte. Its channel opens on demand and may be closed
 * between uses, so a spool of many segments holds few descriptors.
 */
final class Segment {
    static final String SUFFIX = ".spool";
    private static final int NAME_DIGITS = 20;

    private final long base;
    private final Path path;
    private FileChannel channel;
    private long size;
    /** A failed write could not be undone: append no more here, the spool rolls to a new segment. */
    private boolean broken;

    private Segment(long base, Path path, long size) {
        this.base = base;
        this.path = path;
        this.size = size;
    }

    static Segment create(Path directory, long base) throws IOException {
        Path path = directory.resolve(name(base));
        Segment s = new Segment(base, path, 0);
        s.channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        return s;
    }

    static Segment existing(Path path, long base) throws IOException {
        Segment s = new Segment(base, path, 0);
        s.size = s.channel().size();
        return s;
    }

    static String name(long base) {
        StringBuilder b = new StringBuilder(NAME_DIGITS + SUFFIX.length()).append(base);
        while (b.length() < NAME_DIGITS) {
            b.insert(0, '0');
        }
        return b.append(SUFFIX).toString();
    }

    /** The base offset a segment file's name gives, or -1 when the name is not a segment's. */
    static long parseBase(String fileName) {
        if (fileName.length() != NAME_DIGITS + SUFFIX.length() || !fileName.endsWith(SUFFIX)) {
            return -1;
        }
        long base = 0;
        for (int i = 0; i < NAME_DIGITS; i++) {
            char c = fileName.charAt(i);
            if (c < '0' || c > '9' || base > (Long.MAX_VALUE - (c - '0')) / 10) {
                return -1;
            }
            base = base * 10 + (c - '0');
        }
        return base;
    }

    long base() { return base; }
    long size() { return size; }
    long end() { return base + size; }
    Path path() { return path; }
    boolean broken() { return broken; }

    private FileChannel channel() throws IOException {
        if (channel == null) {
            channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
        }
        return channel;
    }

    /** Writes one frame at the end; on failure cuts the file back to where it was, or marks the segment broken. */
    void append(ByteBuffer frame) throws IOException {
        FileChannel ch = channel();
        long before = size;
        long length = frame.remaining();
        try {
            while (frame.hasRemaining()) {
                ch.write(frame, before + (length - frame.remaining()));
            }
            size = before + length;
        } catch (IOException e) {
            try {
                ch.truncate(before);
            } catch (IOException undo) {
                e.addSuppressed(undo);
                broken = true;
                // Counted as written: the bound never underestimates what is on disk.
                size = before + length;
            }
            throw e;
        }
    }

    /** Reads length bytes at the offset within the file into a heap buffer, flipped. */
    ByteBuffer read(long offset, int length) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(length);
        FileChannel ch = channel();
        while (buf.hasRemaining()) {
            if (ch.read(buf, offset + buf.position()) < 0) {
                throw new EOFException(path + " ends at " + (offset + buf.position()) + ", inside a frame");
            }
        }
        return buf.flip();
    }

    void truncate(long newSize) throws IOException {
        channel().truncate(newSize);
        size = newSize;
    }

    void force() throws IOException {
        if (channel != null) {
            channel.force(false);
        }
    }

    void closeChannel() throws IOException {
        FileChannel ch = channel;
        channel = null;
        if (ch != null) {
            ch.close();
        }
    }

    void delete() throws IOException {
        closeChannel();
        Files.deleteIfExists(path);
    }
}
