package io.github.firehoseappender.local.delivery;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes objects into a folder the way S3 keys would lay them out: key {@code a/b/c} lands at
 * {@code root/a/b/c}. Each object is written to a temporary file outside the key space and then
 * renamed atomically, so a reader (DuckDB globbing {@code root/logging/*&#47;*&#47;*&#47;*&#47;*})
 * never sees half an object.
 */
public final class S3FolderWriter implements ObjectStore {
    /** Temporary files live here, outside any prefix a reader would glob. */
    public static final String STAGING_FOLDER = ".firehose-local-staging";

    private final Path root;
    private final Path staging;

    public S3FolderWriter(Path root) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        this.staging = this.root.resolve(STAGING_FOLDER);
        Files.createDirectories(staging);
    }

    @Override
    public void put(String key, byte[] data) throws IOException {
        Path target = root.resolve(key).normalize();
        if (!target.startsWith(root) || target.equals(root)) {
            throw new IOException("Object key '" + key + "' escapes the data dir " + root);
        }
        Files.createDirectories(target.getParent());
        Path temp = Files.createTempFile(staging, "object-", ".tmp");
        try {
            Files.write(temp, data);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    Path root() {
        return root;
    }
}
