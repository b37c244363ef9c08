package io.github.firehoseappender.core.spool;

import java.io.IOException;

/** The spool cannot be opened; the message says what and the fix, and that the appender runs from memory only. */
public final class SpoolUnavailableException extends IOException {
    private static final long serialVersionUID = 1L;

    public SpoolUnavailableException(String message) {
        super(message);
    }

    public SpoolUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
