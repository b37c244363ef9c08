package io.github.firehoseappender.local.delivery;

/** No delivery stream of that name exists (any more); the API answers it as ResourceNotFoundException. */
public final class UnknownStreamException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String stream;

    UnknownStreamException(String stream) {
        super("No delivery stream '" + stream + "'", null, false, false);
        this.stream = stream;
    }

    public String stream() {
        return stream;
    }
}
