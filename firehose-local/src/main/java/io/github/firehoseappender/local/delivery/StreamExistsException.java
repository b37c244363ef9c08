package io.github.firehoseappender.local.delivery;

/** A delivery stream of that name exists already; the API answers it as ResourceInUseException. */
public final class StreamExistsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String stream;

    StreamExistsException(String stream) {
        super("Delivery stream '" + stream + "' exists already", null, false, false);
        this.stream = stream;
    }

    public String stream() {
        return stream;
    }
}
