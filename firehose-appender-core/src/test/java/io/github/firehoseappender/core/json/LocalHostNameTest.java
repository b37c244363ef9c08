package io.github.firehoseappender.core.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LocalHostNameTest {
    @Test
    void includeHostTrueResolvesTheNameAndFalseOrBlankAddsNoField() {
        assertThat(LocalHostName.forIncludeHost(" TRUE ")).isEqualTo(LocalHostName.resolve());
        assertThat(LocalHostName.forIncludeHost("false")).isNull();
        assertThat(LocalHostName.forIncludeHost(" ")).isNull();
        assertThat(LocalHostName.forIncludeHost(null)).isNull();
    }

    @Test
    void includeHostOtherTextIsRejectedNamingTheOptionAndTheRule() {
        assertThatThrownBy(() -> LocalHostName.forIncludeHost(" yes "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("includeHost=yes is not true or false");
    }
}
