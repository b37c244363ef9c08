package io.github.firehoseappender.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.firehoseappender.local.FaultInjector;
import io.github.firehoseappender.local.FirehoseLocal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fresh firehose-local per test with one stream, stopped after the test's own {@code @AfterEach} methods (so an
 * appender they stop still reaches it), and test keys for the SDK's default credentials chain. Register it with
 * {@code @RegisterExtension final LocalFirehoseServer local = new LocalFirehoseServer("app-logs");}.
 */
public final class LocalFirehoseServer implements BeforeEachCallback, AfterEachCallback {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final String stream;
    private final String roleArn;
    private FirehoseLocal server;

    public LocalFirehoseServer(String stream) {
        this(stream, null);
    }

    /**
     * The logging account behind a cross-account role: STS (on {@link #endpoint()} too) issues sessions for
     * {@code roleArn}, and Put calls are accepted only from those sessions.
     */
    public LocalFirehoseServer(String stream, String roleArn) {
        this.stream = stream;
        this.roleArn = roleArn;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        // Per test, not per class: JUnit runs no class-level callback of an extension held in an instance field.
        // The SDK's default chain reads these; firehose-local accepts any key.
        System.setProperty("aws.accessKeyId", "test-key");
        System.setProperty("aws.secretAccessKey", "test-secret");
        FirehoseLocal.Builder builder = FirehoseLocal.builder().port(0).stream(stream);
        if (roleArn != null) {
            builder.role(roleArn);
        }
        server = builder.start();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        server.close();
    }

    public URI endpoint() {
        return server.endpoint();
    }

    public List<String> lines(String stream) {
        return server.lines(stream);
    }

    /** The delivered lines of {@code stream}, each parsed as the JSON object it must be. */
    public List<JsonNode> events(String stream) {
        return parse(server.lines(stream));
    }

    /** Delivered lines, each parsed as the JSON object it must be. */
    public static List<JsonNode> parse(List<String> lines) {
        List<JsonNode> events = new ArrayList<>();
        for (String line : lines) {
            try {
                events.add(JSON.readTree(line));
            } catch (IOException e) {
                throw new UncheckedIOException("firehose-local holds a line that is not JSON: " + line, e);
            }
        }
        return events;
    }

    public FaultInjector faults() {
        return server.faults();
    }
}
