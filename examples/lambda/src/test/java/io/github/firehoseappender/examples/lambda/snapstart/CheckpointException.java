package io.github.firehoseappender.examples.lambda.snapstart;

/** A hook failed before the snapshot. */
public class CheckpointException extends Exception {
    private static final long serialVersionUID = 1L;

    public CheckpointException(Throwable cause) {
        super(cause);
    }
}
