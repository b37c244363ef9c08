package io.github.firehoseappender.quickstart;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * A pretend HTTP service: each request gets a request id in the MDC, some business logging, and one access-log
 * line "... code NNN ..." like the reference walkthrough's, so its SQL queries find the 5xx. Each request runs under
 * an OpenTelemetry span, so every line it logs carries the request's trace_id and span_id columns.
 */
final class OrdersService {
    private static final Logger ACCESS = LoggerFactory.getLogger("access");
    private static final Logger LOG = LoggerFactory.getLogger(OrdersService.class);
    private static final String[] PATHS = {"/orders", "/orders/42", "/customers/7", "/health", "/orders/search"};

    private final Random random;
    private final Tracer tracer;
    private int eventsLogged;

    OrdersService(long seed, Tracer tracer) {
        this.random = new Random(seed);
        this.tracer = tracer;
    }

    /** Serves {@code count} requests; returns how many log events it wrote. */
    int serve(int count) {
        for (int i = 0; i < count; i++) {
            Span span = tracer.spanBuilder("GET /orders").startSpan();
            try (Scope ignored = span.makeCurrent()) {
                handle(i);
            } finally {
                span.end();
            }
        }
        return eventsLogged;
    }

    private void handle(int index) {
        String requestId = String.format("req-%06d", index);
        String path = PATHS[random.nextInt(PATHS.length)];
        MDC.put("request_id", requestId);
        MDC.put("client_ip", "10.0." + random.nextInt(4) + "." + (1 + random.nextInt(250)));
        try {
            int status = statusFor(index);
            long millis = 3 + random.nextInt(120);
            if (status == 500) {
                try {
                    chargeCard(requestId);
                } catch (IllegalStateException e) {
                    log(() -> LOG.error("Payment failed for {}", requestId, e));
                }
            } else if (status == 404) {
                log(() -> LOG.warn("No order matches {}", path));
            } else {
                log(() -> LOG.info("Loaded order page {} for customer {}", path, random.nextInt(1000)));
            }
            log(() -> ACCESS.info("GET {} completed with code {} in {} ms", path, status, millis));
        } finally {
            MDC.clear();
        }
    }

    /** Mostly 200s, a few 404s, and every 17th request a 500 or 503. */
    private int statusFor(int index) {
        if (index % 17 == 16) {
            return index % 2 == 0 ? 500 : 503;
        }
        return index % 9 == 8 ? 404 : 200;
    }

    private static void chargeCard(String requestId) {
        try {
            throw new java.net.SocketTimeoutException("card gateway did not answer in 2000 ms");
        } catch (java.io.IOException e) {
            throw new IllegalStateException("charge of " + requestId + " failed", e);
        }
    }

    private void log(Runnable statement) {
        statement.run();
        eventsLogged++;
    }
}
