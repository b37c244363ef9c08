package io.github.firehoseappender.core.config;

import java.util.Collections;
import java.util.List;

/** Every problem {@link DeliveryConfig.Builder#build()} found, each naming the property, the value, the rule and the fix. */
public final class InvalidConfigException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final List<String> problems;

    InvalidConfigException(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = Collections.unmodifiableList(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
