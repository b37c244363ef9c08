package io.github.firehoseappender.examples.service;

import ch.qos.logback.classic.LoggerContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The example service of the ECS and EC2 producers: a JDK {@link HttpServer} with three kinds of answer (200, 404,
 * 500) and one access-log line per request, {@code "GET /path HTTP/1.1" 200 3 ms}, carrying the request id in the
 * MDC. Logging is Logback with the Firehose appender (see {@code logback.xml}); where it runs (ECS task or EC2
 * instance) is added to every event by the appender's runtime context, not by this code.
 *
 * <p>Routes: {@code /} and {@code /health} (200), {@code /orders/<digits>} (200, JSON), {@code /fail} (500 after an
 * ERROR with a stack trace), anything else 404.
 */
public final class HttpService implements AutoCloseable {
    /** Where the access log goes: one logger, so queries can select {@code logger = 'access'}. */
    public static final String ACCESS_LOGGER = "access";
    static final String REQUEST_ID_HEADER = "X-Request-Id";
    static final String REQUEST_ID_MDC = "request_id";

    private static final Logger ACCESS = LoggerFactory.getLogger(ACCESS_LOGGER);
    private static final Logger LOG = LoggerFactory.getLogger(HttpService.class);

    private final HttpServer server;
    private final ExecutorService workers;

    private HttpService(HttpServer server, ExecutorService workers) {
        this.server = server;
        this.workers = workers;
    }

    /** Listens on every interface at {@code port} (0: any free port), with a few worker threads. */
    public static HttpService start(int port) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
            AtomicInteger n = new AtomicInteger();
            ExecutorService workers = Executors.newFixedThreadPool(4, r -> new Thread(r, "http-" + n.incrementAndGet()));
            HttpService service = new HttpService(server, workers);
            server.createContext("/", service::handle);
            server.setExecutor(workers);
            server.start();
            LOG.info("listening on port {}", server.getAddress().getPort());
            return service;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on port " + port, e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Stops answering (requests in flight get a second to finish) and stops the workers. */
    @Override
    public void close() {
        server.stop(1);
        workers.shutdown();
        try {
            if (!workers.awaitTermination(5, TimeUnit.SECONDS)) {
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        long start = System.nanoTime();
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        MDC.put(REQUEST_ID_MDC, requestId(exchange));
        MDC.put("client_ip", exchange.getRemoteAddress().getAddress().getHostAddress());
        int status = 500;
        try {
            Answer answer = route(path);
            status = answer.status;
            send(exchange, answer);
        } finally {
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            ACCESS.info("\"{} {} {}\" {} {} ms", method, path, exchange.getProtocol(), status, millis);
            MDC.clear();
            exchange.close();
        }
    }

    private static Answer route(String path) {
        if (path.equals("/") || path.equals("/health")) {
            return new Answer(200, "text/plain", "ok\n");
        }
        if (path.matches("/orders/[0-9]{1,18}")) {
            String id = path.substring("/orders/".length());
            LOG.info("order {} loaded", id);
            return new Answer(200, "application/json", "{\"order\":" + id + ",\"status\":\"SHIPPED\"}\n");
        }
        if (path.equals("/fail")) {
            try {
                chargeCard();
            } catch (IllegalStateException e) {
                LOG.error("payment failed", e);
            }
            return new Answer(500, "text/plain", "internal error\n");
        }
        return new Answer(404, "text/plain", "not found\n");
    }

    /** A failure with a cause, so the delivered event carries a real stack trace. */
    private static void chargeCard() {
        try {
            throw new SocketTimeoutException("card gateway did not answer in 2000 ms");
        } catch (IOException e) {
            throw new IllegalStateException("charge failed", e);
        }
    }

    private static String requestId(HttpExchange exchange) {
        String given = exchange.getRequestHeaders().getFirst(REQUEST_ID_HEADER);
        return given != null && given.matches("[A-Za-z0-9._:-]{1,64}") ? given : UUID.randomUUID().toString();
    }

    private static void send(HttpExchange exchange, Answer answer) throws IOException {
        byte[] body = answer.body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", answer.contentType);
        exchange.getResponseHeaders().set(REQUEST_ID_HEADER, MDC.get(REQUEST_ID_MDC));
        exchange.sendResponseHeaders(answer.status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static final class Answer {
        final int status;
        final String contentType;
        final String body;

        Answer(int status, String contentType, String body) {
            this.status = status;
            this.contentType = contentType;
            this.body = body;
        }
    }

    /**
     * Runs until SIGTERM (ECS stop, systemd stop): then stops answering first and stops Logback last, so every
     * access-log line, the last ones included, is delivered before the JVM exits. Port from {@code PORT}, else 8080.
     */
    public static void main(String[] args) {
        String port = System.getenv().getOrDefault("PORT", "8080");
        HttpService service = start(Integer.parseInt(port.trim()));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            service.close();
            LOG.info("stopped");
            ((LoggerContext) LoggerFactory.getILoggerFactory()).stop();
        }, "http-service-shutdown"));
    }
}
