package io.github.firehoseappender.core.spool;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;

/** Run in a child JVM: prints whether another process holds the lock file. */
public final class LockProbe {
    private LockProbe() {
    }

    public static void main(String[] args) throws Exception {
        try (FileChannel ch = FileChannel.open(Paths.get(args[0]), StandardOpenOption.WRITE)) {
            FileLock lock = ch.tryLock();
            System.out.println(lock == null ? "locked" : "free");
        }
    }
}
