package io.github.firehoseappender.springboot;

import io.github.firehoseappender.testkit.LocalFirehoseServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * An application booted in this JVM against a fresh firehose-local; after each test the context closes and the
 * logging system stops, as Spring Boot's shutdown handler stops it at exit, while firehose-local still runs.
 */
abstract class InProcessStarterTest {
    static final Duration FLUSH = Duration.ofSeconds(10);

    @RegisterExtension
    final LocalFirehoseServer local = new LocalFirehoseServer(StarterRun.STREAM);
    ConfigurableApplicationContext context;

    @AfterEach
    void closeAndStopLogging() {
        if (context != null) {
            context.close();
        }
        stopLoggingSystem();
    }

    /** Stops every appender (flushing it); the next test's application initialises logging anew. */
    abstract void stopLoggingSystem();

    /** Boots the test application, not as a web server, pointed at firehose-local, with {@code args} added. */
    ConfigurableApplicationContext start(String... args) {
        List<String> all = new ArrayList<>(StarterRun.firehoseLocal(local));
        all.addAll(List.of(args));
        return StarterRun.start(false, all);
    }
}
