package io.github.firehoseappender.userpaths;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Keeps what the appenders add to an application listed and bounded: the jars of the child classpaths (built from the
 * published poms) less the user's own logging framework, against the allow-list {@code runtime-footprint.txt}, which
 * says why each jar is there. A new transitive dependency, or one that grew, is a decision someone makes, not a drift.
 */
class RuntimeFootprintTest {
    /** What the user brings with the framework; everything else on the child classpath is ours. */
    private static final Set<String> FRAMEWORK = Set.of("logback-classic", "logback-core", "log4j-api", "log4j-core",
            "log4j-slf4j2-impl", "disruptor");
    /** {@code artifactId-version.jar}, the version starting with a digit. */
    private static final Pattern JAR = Pattern.compile("(.+?)-(\\d[^-]*(-[A-Za-z0-9.]+)*)\\.jar");

    private final Map<String, String> reasons = new LinkedHashMap<>();
    private long maxTotalBytes = -1;

    @Test
    void everyRuntimeJarOfEitherAppenderIsListedWithAReasonAndTheirTotalIsBounded() throws IOException {
        readAllowList();
        List<String> problems = new ArrayList<>();
        Set<String> seen = new TreeSet<>();
        for (UserApp app : List.of(UserApp.LOGBACK, UserApp.LOG4J2)) {
            long total = 0;
            StringBuilder listing = new StringBuilder();
            int jars = 0;
            for (String entry : app.dependencies()) {
                Path jar = Path.of(entry);
                String artifactId = artifactId(jar.getFileName().toString());
                if (FRAMEWORK.contains(artifactId)) {
                    continue;
                }
                seen.add(artifactId);
                long size = Files.size(jar);
                total += size;
                jars++;
                listing.append(String.format("  %,11d  %s%n", size, jar.getFileName()));
                if (!reasons.containsKey(artifactId)) {
                    problems.add(app + " brings " + jar.getFileName() + ", which runtime-footprint.txt does not list:"
                            + " exclude it in firehose-appender-core/pom.xml, or add it with the reason it is needed");
                }
            }
            System.out.printf("%s appender runtime footprint: %d jars, %,d bytes (%.2f MiB)%n%s", app, jars, total,
                    total / 1048576.0, listing);
            if (total > maxTotalBytes) {
                problems.add(String.format("%s's runtime jars weigh %,d bytes, over max-total-bytes %,d in"
                        + " runtime-footprint.txt", app, total, maxTotalBytes));
            }
        }
        for (String listed : reasons.keySet()) {
            if (!seen.contains(listed)) {
                problems.add("runtime-footprint.txt lists " + listed + ", which neither appender brings any more:"
                        + " remove the line");
            }
        }
        assertThat(problems).isEmpty();
    }

    private void readAllowList() throws IOException {
        try (InputStream in = RuntimeFootprintTest.class.getResourceAsStream("/runtime-footprint.txt")) {
            assertThat(in).as("runtime-footprint.txt on the test classpath").isNotNull();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String[] parts = line.strip().split("\\s+", 2);
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                assertThat(parts).as("'artifactId reason' in runtime-footprint.txt: " + line).hasSize(2);
                if (parts[0].equals("max-total-bytes")) {
                    maxTotalBytes = Long.parseLong(parts[1]);
                } else {
                    reasons.put(parts[0], parts[1]);
                }
            }
        }
        assertThat(maxTotalBytes).as("max-total-bytes in runtime-footprint.txt").isPositive();
    }

    private static String artifactId(String fileName) {
        Matcher matcher = JAR.matcher(fileName);
        assertThat(matcher.matches()).as("a versioned jar name: " + fileName).isTrue();
        return matcher.group(1);
    }
}
