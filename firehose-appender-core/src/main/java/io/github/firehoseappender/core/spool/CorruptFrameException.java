package io.github.firehoseappender.core.spool;

/** A frame's bytes are not what was written; the message says what failed. */
final class CorruptFrameException extends Exception {
    private static final long serialVersionUID = 1L;

    CorruptFrameException(String message) {
        super(message, null, false, false);
    }
}
