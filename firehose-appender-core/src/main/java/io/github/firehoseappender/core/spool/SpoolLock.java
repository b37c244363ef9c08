package io.github.firehoseappender.core.spool;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The exclusive hold on a spool directory: an OS lock on its {@code lock} file against other processes, and a
 * JVM-wide set of held directories against other spools in this JVM.
 *
 * <p>The set is the one piece of static state in the project, and the OS forces it: the lock is a POSIX record
 * lock, owned by the process, and closing any descriptor of the file drops it. A second spool in this JVM that
 * opened the file only to find it locked would release the first one's lock when closing it. So the set is asked
 * first and the file is never opened twice. Nothing else may open the {@code lock} file while a spool runs.
 */
final class SpoolLock implements AutoCloseable {
    static final String NAME = "lock";
    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

    private final Path key;
    private final FileChannel channel;

    private SpoolLock(Path key, FileChannel channel) {
        this.key = key;
        this.channel = channel;
    }

    /** The directory exists; takes the lock or says who has it. */
    static SpoolLock acquire(Path directory) throws SpoolUnavailableException {
        Path key;
        try {
            key = directory.toRealPath();
        } catch (IOException e) {
            throw new SpoolUnavailableException("cannot resolve spool directory " + directory + ": " + e
                    + "; this appender runs from memory only", e);
        }
        if (!HELD.add(key)) {
            throw inUse(directory, null);
        }
        SpoolUnavailableException failure;
        FileChannel ch = null;
        try {
            ch = FileChannel.open(key.resolve(NAME), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            if (ch.tryLock() != null) {
                return new SpoolLock(key, ch);
            }
            failure = inUse(directory, null);
        } catch (OverlappingFileLockException e) {
            // The same file by another path (a hard link, a bind mount), held in this JVM.
            failure = inUse(directory, e);
        } catch (IOException | RuntimeException e) {
            failure = new SpoolUnavailableException("cannot lock spool directory " + directory + ": " + e
                    + "; check that it is writable; this appender runs from memory only", e);
        }
        try {
            if (ch != null) {
                ch.close();
            }
        } catch (IOException e) {
            failure.addSuppressed(e);
        } finally {
            HELD.remove(key);
        }
        throw failure;
    }

    private static SpoolUnavailableException inUse(Path directory, Throwable cause) {
        return new SpoolUnavailableException("spool directory " + directory + " is in use by another process (or "
                + "another appender in this JVM); give each appender its own directory; this appender runs from "
                + "memory only", cause);
    }

    /** Releases the lock (closing the channel does) and then the JVM-wide hold. */
    @Override
    public void close() throws IOException {
        try {
            channel.close();
        } finally {
            HELD.remove(key);
        }
    }
}
