package io.github.firehoseappender.core.send;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.github.firehoseappender.core.LocalConfig;
import io.github.firehoseappender.core.batch.Record;
import io.github.firehoseappender.core.config.DeliveryConfig;
import io.github.firehoseappender.core.config.Wire;
import io.github.firehoseappender.core.send.PutOutcome.Kind;
import io.github.firehoseappender.local.FirehoseLocal;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * {@code wire=direct} against the SDK path, over real HTTP on loopback: the same request body bytes for the same
 * records, signatures firehose-local verifies (static keys and a role's STS session), and every failure classified
 * exactly as the SDK path classifies it.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DirectFirehoseTransportTest {
    private static final String KEY = "AKIDDIRECTTEST";
    private static final String SECRET = "direct-test-secret";
    private static final String ROLE = "arn:aws:iam::123456789012:role/producer";

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private static List<Record> records(int n) {
        List<Record> list = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            StringBuilder line = new StringBuilder("{\"message\":\"event ").append(i).append(" ü \\\"q\\\"");
            for (int j = 0; j < i % 7; j++) {
                line.append('x');
            }
            list.add(new Record(line.append("\"}\n").toString().getBytes(StandardCharsets.UTF_8), 1, i));
        }
        return list;
    }

    private static DeliveryConfig.Builder config(URI endpoint) {
        return LocalConfig.against(endpoint, "logs")
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(KEY, SECRET)))
                .requestTimeout(Duration.ofSeconds(5));
    }

    private FirehoseTransport transport(Wire wire, DeliveryConfig.Builder config) {
        FirehoseTransport t = FirehoseTransport.create(config.wire(wire).build(), m -> { });
        open.add(t);
        return t;
    }

    /** A loopback server that records each request's body and headers and answers every record as delivered. */
    private static final class Capture implements AutoCloseable {
        final HttpServer server;
        final List<byte[]> bodies = new ArrayList<>();
        final List<Map<String, String>> headers = new ArrayList<>();

        Capture() throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", exchange -> {
                byte[] body;
                try (InputStream in = exchange.getRequestBody()) {
                    body = in.readAllBytes();
                }
                Map<String, String> h = new TreeMap<>();
                exchange.getRequestHeaders().forEach((k, v) -> h.put(k.toLowerCase(), String.join(",", v)));
                synchronized (this) {
                    bodies.add(body);
                    headers.add(h);
                }
                int records = body.length == 0 ? 0 : new String(body, StandardCharsets.UTF_8).split("\"Data\"").length
                        - 1;
                StringBuilder answer = new StringBuilder("{\"Encrypted\":false,\"FailedPutCount\":0,"
                        + "\"RequestResponses\":[");
                for (int i = 0; i < records; i++) {
                    answer.append(i == 0 ? "" : ",").append("{\"RecordId\":\"r").append(i).append("\"}");
                }
                byte[] out = answer.append("]}").toString().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
                exchange.sendResponseHeaders(200, out.length);
                exchange.getResponseBody().write(out);
                exchange.close();
            });
            server.start();
        }

        URI endpoint() {
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    @Test
    void writesTheSameBodyBytesAsTheSdkClient() throws Exception {
        Capture capture = new Capture();
        open.add(capture);
        List<Record> records = records(23);
        for (Wire wire : new Wire[] {Wire.SDK, Wire.DIRECT}) {
            PutOutcome outcome = transport(wire, config(capture.endpoint())).put("logs", records);
            assertThat(outcome.kind()).as(wire.name()).isEqualTo(Kind.DELIVERED);
        }
        assertThat(capture.bodies).hasSize(2);
        assertThat(new String(capture.bodies.get(1), StandardCharsets.UTF_8))
                .isEqualTo(new String(capture.bodies.get(0), StandardCharsets.UTF_8));
        assertThat(capture.bodies.get(1)).isEqualTo(capture.bodies.get(0));
        Map<String, String> sdk = capture.headers.get(0);
        Map<String, String> direct = capture.headers.get(1);
        for (String name : new String[] {"content-type", "x-amz-target", "content-length", "host"}) {
            assertThat(direct.get(name)).as(name).isEqualTo(sdk.get(name)).isNotNull();
        }
        assertThat(direct.get("authorization")).startsWith("AWS4-HMAC-SHA256 Credential=" + KEY + "/")
                .contains("/us-east-1/firehose/aws4_request").contains("SignedHeaders=");
        assertThat(direct).containsKey("x-amz-date");
    }

    @Test
    void reusesItsBodyBufferAcrossCalls() throws Exception {
        Capture capture = new Capture();
        open.add(capture);
        DirectFirehoseTransport t = (DirectFirehoseTransport) transport(Wire.DIRECT, config(capture.endpoint()));
        t.put("logs", records(40));
        byte[] first = t.body();
        t.put("logs", records(3));
        assertThat(t.body()).isSameAs(first);
        assertThat(capture.bodies.get(1).length).isLessThan(first.length); // only the call's bytes go out
        assertThat(new String(capture.bodies.get(1), StandardCharsets.UTF_8)).endsWith("\"}]}")
                .startsWith("{\"DeliveryStreamName\":\"logs\",\"Records\":[{\"Data\":\"");
    }

    @Test
    void firehoseLocalVerifyingSignaturesAcceptsStaticKeys() {
        FirehoseLocal local = FirehoseLocal.builder().port(0).stream("logs").credentials(KEY, SECRET)
                .verifySignatures(true).start();
        open.add(local);
        List<Record> records = records(5);
        PutOutcome outcome = transport(Wire.DIRECT, config(local.endpoint())).put("logs", records);
        assertThat(outcome.kind()).as(String.valueOf(outcome.message())).isEqualTo(Kind.DELIVERED);
        List<String> lines = local.lines("logs");
        assertThat(lines).hasSize(5);
        assertThat(lines.get(0)).contains("event 0 ü");
    }

    @Test
    void firehoseLocalVerifyingSignaturesAcceptsARoleSession() {
        FirehoseLocal local = FirehoseLocal.builder().port(0).stream("logs").credentials(KEY, SECRET).role(ROLE)
                .start();
        open.add(local);
        PutOutcome outcome = transport(Wire.DIRECT, config(local.endpoint()).roleArn(ROLE)
                .stsEndpoint(local.stsEndpoint().toString())).put("logs", records(4));
        assertThat(outcome.kind()).as(String.valueOf(outcome.message())).isEqualTo(Kind.DELIVERED);
        assertThat(local.lines("logs")).hasSize(4);
        assertThat(local.sessionsIssued()).isEqualTo(1);
    }

    @Test
    void firehoseLocalRejectsAWrongSecretAsAccessDeniedLikeTheSdk() {
        FirehoseLocal local = FirehoseLocal.builder().port(0).stream("logs").credentials(KEY, "another-secret")
                .verifySignatures(true).start();
        open.add(local);
        assertSameClassification(local, records(3));
    }

    /** The fault each case injects before one call through each transport. */
    @ParameterizedTest
    @ValueSource(strings = {"partial", "503", "500", "429", "403", "unknownStream", "dropCall", "dropAnswer",
        "slowAnswer"})
    void classifiesEachFailureAsTheSdkPathDoes(String fault) {
        FirehoseLocal local = FirehoseLocal.builder().port(0).stream("logs").start();
        open.add(local);
        List<Record> records = records(6);
        List<PutOutcome> outcomes = new ArrayList<>();
        for (Wire wire : new Wire[] {Wire.SDK, Wire.DIRECT}) {
            String stream = "logs";
            switch (fault) {
                case "partial": local.faults().failEntries(2); break;
                case "unknownStream": stream = "missing"; break;
                case "dropCall": local.faults().dropNextCalls(1); break;
                case "dropAnswer": local.faults().dropNextResponses(1); break;
                case "slowAnswer": local.faults().latency(Duration.ofSeconds(3)); break;
                default: local.faults().failNextCalls(1, Integer.parseInt(fault)); break;
            }
            DeliveryConfig.Builder c = config(local.endpoint()).deliveryStream(stream)
                    .requestTimeout(Duration.ofMillis(800));
            outcomes.add(transport(wire, c).put(stream, records));
        }
        assertSame(outcomes.get(0), outcomes.get(1));
        assertThat(outcomes.get(0).kind()).isNotEqualTo(Kind.DELIVERED);
    }

    /** Answers every call with one canned status, headers and body. */
    private URI canned(int status, String errorType, String body) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                in.readAllBytes();
            }
            byte[] out = body.getBytes(StandardCharsets.UTF_8);
            if (errorType != null) {
                exchange.getResponseHeaders().add("x-amzn-ErrorType", errorType);
            }
            exchange.sendResponseHeaders(status, out.length);
            exchange.getResponseBody().write(out);
            exchange.close();
        });
        server.start();
        open.add(() -> server.stop(0));
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Answers firehose-local does not give: a proxy's page, a bare error type, a short or broken 200. */
    @ParameterizedTest
    @ValueSource(strings = {
        "502||<html>Bad Gateway</html>",
        "400||{\"__type\":\"InvalidArgumentException\",\"message\":\"Records too large\"}",
        "400|InvalidArgumentException:http://internal.amazon.com/|{\"message\":\"bad\"}",
        "400||{\"__type\":\"com.amazon.firehose#ResourceNotFoundException\",\"Message\":\"no such\"}",
        "413||",
        "200||{\"FailedPutCount\":2,\"RequestResponses\":[{\"RecordId\":\"a\"}]}",
        "200||{\"FailedPutCount\":1,\"RequestResponses\":[{\"RecordId\":\"a\"},{\"RecordId\":\"b\"},"
            + "{\"RecordId\":\"c\"}]}"})
    void classifiesUnusualAnswersAsTheSdkPathDoes(String answer) throws IOException {
        String[] parts = answer.split("\\|", -1);
        URI endpoint = canned(Integer.parseInt(parts[0]), parts[1].isEmpty() ? null : parts[1], parts[2]);
        List<Record> records = records(3);
        PutOutcome sdk = transport(Wire.SDK, config(endpoint)).put("logs", records);
        PutOutcome direct = transport(Wire.DIRECT, config(endpoint)).put("logs", records);
        assertSame(sdk, direct);
    }

    @Test
    void classifiesAConnectionRefusedAsTheSdkPathDoes() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        URI closed = URI.create("http://127.0.0.1:" + port);
        PutOutcome sdk = transport(Wire.SDK, config(closed)).put("logs", records(2));
        PutOutcome direct = transport(Wire.DIRECT, config(closed)).put("logs", records(2));
        assertThat(direct.kind()).isEqualTo(sdk.kind()).isEqualTo(Kind.RETRYABLE);
        assertThat(direct.errorCode()).isEqualTo(sdk.errorCode());
    }

    private void assertSameClassification(FirehoseLocal local, List<Record> records) {
        PutOutcome sdk = transport(Wire.SDK, config(local.endpoint())).put("logs", records);
        PutOutcome direct = transport(Wire.DIRECT, config(local.endpoint())).put("logs", records);
        assertSame(sdk, direct);
        assertThat(direct.kind()).isEqualTo(Kind.NON_RETRYABLE);
    }

    private static void assertSame(PutOutcome sdk, PutOutcome direct) {
        assertThat(direct.kind()).isEqualTo(sdk.kind());
        assertThat(direct.errorCode()).isEqualTo(sdk.errorCode());
        if (sdk.kind() == Kind.PARTIAL) {
            assertThat(direct.failed()).containsExactlyElementsOf(sdk.failed());
        }
        if (sdk.kind() != Kind.AMBIGUOUS) {
            // Connection losses quote the HTTP client's own text, which names no more than the kind says. The SDK
            // appends its attempt count to a service error without a message; the direct path makes one attempt.
            assertThat(String.valueOf(direct.message()))
                    .isEqualTo(String.valueOf(sdk.message()).replace(" (SDK Attempt Count: 1)", ""));
        }
    }

    @Test
    void standardEndpointFollowsTheRegionsPartition() {
        assertThat(DirectFirehoseTransport.endpoint(null, Region.US_EAST_1))
                .isEqualTo(URI.create("https://firehose.us-east-1.amazonaws.com"));
        assertThat(DirectFirehoseTransport.endpoint(null, Region.EU_WEST_1))
                .isEqualTo(URI.create("https://firehose.eu-west-1.amazonaws.com"));
        assertThat(DirectFirehoseTransport.endpoint(null, Region.CN_NORTH_1))
                .isEqualTo(URI.create("https://firehose.cn-north-1.amazonaws.com.cn"));
        URI local = URI.create("http://127.0.0.1:4573");
        assertThat(DirectFirehoseTransport.endpoint(local, Region.US_EAST_1)).isSameAs(local);
    }
}
