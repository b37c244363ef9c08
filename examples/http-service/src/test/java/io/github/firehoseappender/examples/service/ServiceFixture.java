package io.github.firehoseappender.examples.service;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The service as deployed, on loopback: its own {@code logback.xml}, firehose-local as the logging account, and an
 * environment as ECS, EC2 or nothing would give it (the metadata endpoints are the tests' stubs). Shared by the
 * service's, the ECS and the EC2 examples' tests (this module's test-jar).
 */
public final class ServiceFixture implements AutoCloseable {
    private final LogbackOnFirehoseLocal logging;
    private final HttpService service;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ServiceFixture(LogbackOnFirehoseLocal logging, HttpService service) {
        this.logging = logging;
        this.service = service;
    }

    /**
     * Starts firehose-local, configures Logback from the service's {@code logback.xml} pointing at it, with
     * {@code awsEnvironment}, and starts the service on a free port.
     *
     * @param runtimeContext the appender's {@code runtimeContext} option, as a deployment would set it
     */
    public static ServiceFixture start(String runtimeContext, Map<String, String> awsEnvironment) {
        LogbackOnFirehoseLocal logging = LogbackOnFirehoseLocal.start(HttpService.class.getResource("/logback.xml"),
                runtimeContext, awsEnvironment, options -> { });
        try {
            return new ServiceFixture(logging, HttpService.start(0));
        } catch (RuntimeException | Error e) {
            logging.close();
            throw e;
        }
    }

    /** GET on the service with this request id; the HTTP status. */
    public int get(String path, String requestId) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port() + path))
                .header(HttpService.REQUEST_ID_HEADER, requestId).timeout(Duration.ofSeconds(10)).GET().build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Flushes the appender and returns every event firehose-local accepted so far. */
    public List<JsonNode> deliveredEvents() {
        return logging.deliveredEvents();
    }

    /** The access-log events delivered so far. */
    public List<JsonNode> accessLog() {
        List<JsonNode> access = new ArrayList<>();
        for (JsonNode event : deliveredEvents()) {
            if (HttpService.ACCESS_LOGGER.equals(event.path("logger").asText())) {
                access.add(event);
            }
        }
        return access;
    }

    @Override
    public void close() {
        try {
            service.close();
        } finally {
            logging.close();
        }
    }
}
