package io.github.firehoseappender.userpaths;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class UserClasspathTest {
    @ParameterizedTest
    @EnumSource(UserApp.class)
    void childClasspathHoldsThePublishedAppenderJarAndNoOtherFrameworkOrTestTooling(UserApp app) {
        assertThat(app.classpathProblems()).isEmpty();
        assertThat(app.classes().resolve(app.mainClass.replace('.', '/') + ".class")).exists();
    }
}
