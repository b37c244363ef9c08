package io.github.firehoseappender.benchmarks;

import io.github.firehoseappender.local.FirehoseLocal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * firehose-local on loopback as the harnesses use it: records not retained in memory (a long run must not grow the
 * heap we measure), deliveries into a temporary folder removed on close. Also sets the static test credentials the
 * SDK signs with.
 */
public final class LocalFirehose implements AutoCloseable {
    private final Path dataDir;
    private final FirehoseLocal local;

    public LocalFirehose(String... streams) {
        System.setProperty("aws.accessKeyId", "bench-key");
        System.setProperty("aws.secretAccessKey", "bench-secret");
        try {
            dataDir = Files.createTempDirectory("firehose-bench");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        FirehoseLocal.Builder b = FirehoseLocal.builder().port(0).dataDir(dataDir).retainRecords(false);
        for (String s : streams) {
            b.stream(s);
        }
        local = b.start();
    }

    public FirehoseLocal local() {
        return local;
    }

    public String endpoint() {
        return local.endpoint().toString();
    }

    @Override
    public void close() {
        try {
            local.close();
        } finally {
            try (Stream<Path> files = Files.walk(dataDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                System.err.println("could not remove " + dataDir + ": " + e);
            }
        }
    }
}
