package io.github.firehoseappender.local.http;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * What to send back for one request, and how: normally, late (injected latency), not at all
 * (the connection is closed before any byte of the answer) or cut off halfway through its body.
 */
public final class HttpAnswer {
    /** How the answer reaches the client. */
    public enum Delivery {
        WHOLE,
        /** The connection is closed without a status line: the client sees the server hang up. */
        NONE,
        /** Status line, headers and half the body, then the connection is closed. */
        CUT_MIDWAY
    }

    /**
     * Thrown out of the handler so the JDK server closes the connection instead of finishing the
     * exchange: its documented reaction to an I/O failure in a handler.
     */
    public static final class DroppedConnection extends IOException {
        private static final long serialVersionUID = 1L;

        DroppedConnection(String message) {
            super(message, null);
        }
    }

    private final int status;
    private final String contentType;
    private final byte[] body;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private Delivery delivery = Delivery.WHOLE;
    private Duration latency = Duration.ZERO;

    public HttpAnswer(int status, String contentType, byte[] body) {
        this.status = status;
        this.contentType = contentType;
        this.body = body;
    }

    public HttpAnswer header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    public HttpAnswer delivery(Delivery delivery) {
        this.delivery = delivery;
        return this;
    }

    public HttpAnswer latency(Duration latency) {
        this.latency = latency;
        return this;
    }

    public int status() {
        return status;
    }

    public byte[] body() {
        return body;
    }

    /**
     * Sends the answer as planned.
     *
     * @throws DroppedConnection for the planned drops, so the caller lets it reach the server
     */
    void send(HttpExchange exchange) throws IOException {
        pause(latency);
        if (delivery == Delivery.NONE) {
            throw new DroppedConnection("firehose-local: connection dropped before the answer (fault injected)");
        }
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
        for (Map.Entry<String, String> header : headers.entrySet()) {
            exchange.getResponseHeaders().set(header.getKey(), header.getValue());
        }
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        OutputStream out = exchange.getResponseBody();
        if (delivery == Delivery.CUT_MIDWAY) {
            out.write(body, 0, body.length / 2);
            out.flush();
            throw new DroppedConnection("firehose-local: connection dropped halfway through the answer (fault injected)");
        }
        try (OutputStream whole = out) {
            whole.write(body);
        }
    }

    /** Injected latency: this thread answers late on purpose, like a slow service. */
    private static void pause(Duration latency) {
        if (latency.isZero()) {
            return;
        }
        try {
            Thread.sleep(latency.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
