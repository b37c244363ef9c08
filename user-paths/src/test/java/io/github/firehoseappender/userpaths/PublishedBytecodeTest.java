package io.github.firehoseappender.userpaths;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The appender jars users get run on Java 11: every class in the published core and adapter jars has a class-file
 * version of at most 55 (Java 11). This machine has no JDK 11 to run them on; the bytecode level is what the
 * compiler's {@code --release 11} promises, checked here on the jars themselves.
 */
class PublishedBytecodeTest {
    private static final int JAVA_11 = 55;

    @ParameterizedTest
    @EnumSource(value = UserApp.class, names = {"LOGBACK", "LOG4J2"})
    void theAppenderAndCoreJarsAreJava11Bytecode(UserApp app) throws IOException {
        List<String> jars = new ArrayList<>();
        for (String entry : app.dependencies()) {
            String name = Path.of(entry).getFileName().toString();
            if (name.startsWith("firehose-appender-") && name.endsWith(".jar")) {
                jars.add(entry);
            }
        }
        assertThat(jars).as("the core and the adapter on the user's classpath").hasSize(2);
        for (String jar : jars) {
            List<String> newer = new ArrayList<>();
            int classes = 0;
            try (JarFile file = new JarFile(jar)) {
                for (Enumeration<JarEntry> e = file.entries(); e.hasMoreElements(); ) {
                    JarEntry entry = e.nextElement();
                    if (!entry.getName().endsWith(".class") || entry.getName().startsWith("META-INF/versions/")) {
                        continue;
                    }
                    classes++;
                    int major = majorVersion(file.getInputStream(entry));
                    if (major > JAVA_11) {
                        newer.add(entry.getName() + " (" + major + ")");
                    }
                }
            }
            assertThat(classes).as(jar).isPositive();
            assertThat(newer).as("classes above Java 11 in " + jar).isEmpty();
        }
    }

    private static int majorVersion(InputStream in) throws IOException {
        try (DataInputStream data = new DataInputStream(in)) {
            assertThat(data.readInt()).isEqualTo(0xCAFEBABE);
            data.readUnsignedShort(); // minor
            return data.readUnsignedShort();
        }
    }
}
