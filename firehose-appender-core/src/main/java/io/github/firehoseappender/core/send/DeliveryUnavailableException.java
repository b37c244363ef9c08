package io.github.firehoseappender.core.send;

/** Delivery cannot start (no region, for instance); the message says what to set. */
public final class DeliveryUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DeliveryUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
