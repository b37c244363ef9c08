package io.github.firehoseappender.userpaths;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * JDKs beside the build's own, for the cases that prove the appender on the Java versions users run: from
 * {@code JAVA25_HOME}, else a {@code /usr/lib/jvm/*-25-*} directory. Absent: those cases are skipped, not failed.
 */
final class OtherJdks {
    private OtherJdks() {
    }

    static Optional<Path> java25() {
        String home = System.getenv("JAVA25_HOME");
        if (home != null && Files.isExecutable(Path.of(home, "bin", "java"))) {
            return Optional.of(Path.of(home));
        }
        Path jvms = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) {
            return Optional.empty();
        }
        try (Stream<Path> dirs = Files.list(jvms)) {
            return dirs.filter(d -> d.getFileName().toString().matches(".*-25([-.].*)?"))
                    .filter(d -> Files.isExecutable(d.resolve("bin").resolve("java")))
                    .sorted()
                    .findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
