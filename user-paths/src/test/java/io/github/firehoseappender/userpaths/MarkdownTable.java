package io.github.firehoseappender.userpaths;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;

/** Writes a results table as Markdown to the file a system property names (nothing when it is unset). */
final class MarkdownTable {
    private MarkdownTable() {
    }

    static void write(String targetProperty, String header, String rule, Collection<String> rows) {
        String target = System.getProperty(targetProperty);
        if (target == null) {
            return;
        }
        StringBuilder md = new StringBuilder().append(header).append('\n').append(rule).append('\n');
        for (String row : rows) {
            md.append(row).append('\n');
        }
        try {
            Path path = Path.of(target);
            Files.createDirectories(path.getParent());
            Files.writeString(path, md);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }
}
