package io.github.firehoseappender.local.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * One port, several APIs: each request goes to the first route whose test it passes, else to the
 * fallback. firehose-local routes {@code /_admin/...} to the admin endpoint, form-encoded
 * {@code Action=...} requests to STS, and everything else to Firehose (JSON 1.1).
 */
public final class RequestRouter implements HttpHandler {
    /** Answers the requests routed to it. */
    public interface Endpoint {
        HttpAnswer answer(ReceivedRequest request);
    }

    private final List<Predicate<ReceivedRequest>> tests = new ArrayList<>();
    private final List<Endpoint> endpoints = new ArrayList<>();
    private final Endpoint fallback;

    public RequestRouter(Endpoint fallback) {
        this.fallback = fallback;
    }

    /** Adds a route, tried after those added before it. Not thread-safe: build the router before the server starts. */
    public RequestRouter route(Predicate<ReceivedRequest> test, Endpoint endpoint) {
        tests.add(test);
        endpoints.add(endpoint);
        return this;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try {
            ReceivedRequest request = ReceivedRequest.read(exchange);
            Endpoint endpoint = fallback;
            for (int i = 0; i < tests.size(); i++) {
                if (tests.get(i).test(request)) {
                    endpoint = endpoints.get(i);
                    break;
                }
            }
            endpoint.answer(request).send(exchange);   // a planned drop throws, and the server closes the connection
        } finally {
            exchange.close();
        }
    }
}
