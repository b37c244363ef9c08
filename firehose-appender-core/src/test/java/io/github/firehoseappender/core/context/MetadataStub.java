package io.github.firehoseappender.core.context;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A metadata endpoint on loopback, port 0: the ECS task metadata endpoint v4 or EC2's IMDSv2 (which, like the
 * real one, answers 401 to a read without a token). Records every request as {@code "METHOD /path"}. Also used
 * by the examples' tests (this module's test-jar).
 */
public final class MetadataStub implements AutoCloseable {
    public static final String IMDS_TOKEN = "stub-imds-token";

    private final HttpServer server;
    private final ExecutorService executor;
    private final List<String> requests = new CopyOnWriteArrayList<>();

    private MetadataStub(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** ECS: {@code GET <base>/task} answers {@code taskJson}, {@code GET <base>} answers {@code containerJson}. */
    public static MetadataStub ecs(String taskJson, String containerJson) {
        return start((stub, exchange) -> {
            String path = exchange.getRequestURI().getPath();
            if (!exchange.getRequestMethod().equals("GET")) {
                return stub.answer(exchange, 405, "");
            } else if (path.equals("/v4/stub-task/task")) {
                return stub.answer(exchange, 200, taskJson);
            } else if (path.equals("/v4/stub-task")) {
                return stub.answer(exchange, 200, containerJson);
            }
            return stub.answer(exchange, 404, "");
        });
    }

    /** ECS answers as a Fargate task with these values would. */
    public static MetadataStub fargateTask(String cluster, String taskArn, String family, String revision,
                                           String availabilityZone, String containerName) {
        String task = "{\"Cluster\":\"" + cluster + "\",\"TaskARN\":\"" + taskArn + "\",\"Family\":\"" + family
                + "\",\"Revision\":\"" + revision + "\",\"DesiredStatus\":\"RUNNING\",\"Limits\":{\"CPU\":0.25,"
                + "\"Memory\":512},\"AvailabilityZone\":\"" + availabilityZone + "\",\"LaunchType\":\"FARGATE\","
                + "\"Containers\":[{\"Name\":\"" + containerName + "\",\"Labels\":{\"a\":\"b\"}}]}";
        String container = "{\"DockerId\":\"abc\",\"Name\":\"" + containerName + "\",\"Labels\":{"
                + "\"com.amazonaws.ecs.cluster\":\"" + cluster + "\"},\"Limits\":{\"CPU\":2}}";
        return ecs(task, container);
    }

    /** IMDSv2: {@code PUT /latest/api/token} gives a token; {@code GET /latest/meta-data/<key>} needs it. */
    public static MetadataStub imdsV2(Map<String, String> metaData) {
        return start((stub, exchange) -> {
            String path = exchange.getRequestURI().getPath();
            if (path.equals("/latest/api/token")) {
                boolean ok = exchange.getRequestMethod().equals("PUT")
                        && exchange.getRequestHeaders().getFirst("X-aws-ec2-metadata-token-ttl-seconds") != null;
                return stub.answer(exchange, ok ? 200 : 400, ok ? IMDS_TOKEN : "");
            }
            if (!IMDS_TOKEN.equals(exchange.getRequestHeaders().getFirst("X-aws-ec2-metadata-token"))) {
                return stub.answer(exchange, 401, "");
            }
            String key = path.startsWith("/latest/meta-data/") ? path.substring("/latest/meta-data/".length()) : "";
            String value = metaData.get(key);
            return value == null ? stub.answer(exchange, 404, "") : stub.answer(exchange, 200, value);
        });
    }

    /** The ECS base URI, the value of {@code ECS_CONTAINER_METADATA_URI_V4}. */
    public String ecsUri() {
        return endpoint() + "/v4/stub-task";
    }

    /** The IMDS base, the value of {@code AWS_EC2_METADATA_SERVICE_ENDPOINT}. */
    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public URI uri() {
        return URI.create(endpoint());
    }

    /** Every request so far, as {@code "GET /path"}, in arrival order. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private interface Route {
        Void handle(MetadataStub stub, HttpExchange exchange) throws IOException;
    }

    private static MetadataStub start(Route route) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "metadata-stub");
                t.setDaemon(true);
                return t;
            });
            MetadataStub stub = new MetadataStub(server, executor);
            server.createContext("/", exchange -> {
                stub.requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
                route.handle(stub, exchange);
            });
            server.setExecutor(executor);
            server.start();
            return stub;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
        return null;
    }
}
