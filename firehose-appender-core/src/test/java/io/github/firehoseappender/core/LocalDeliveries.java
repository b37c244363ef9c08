package io.github.firehoseappender.core;

import io.github.firehoseappender.core.config.DeliveryConfig;
import io.github.firehoseappender.core.send.SdkFirehoseTransport;
import io.github.firehoseappender.local.FirehoseLocal;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * firehose-local on a free loopback port with a stream {@code logs}, and the deliveries a test starts against it with
 * the real SDK client: what they report goes to {@link #status}, their stderr notices to {@link #stderr()}. Closing
 * stops every delivery, then firehose-local.
 */
final class LocalDeliveries implements AutoCloseable {
    final FirehoseLocal local = FirehoseLocal.builder().port(0).stream("logs").start();
    final RecordingStatus status = new RecordingStatus();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private final PrintStream stderrStream = new PrintStream(stderr, true, StandardCharsets.UTF_8);
    private final List<FirehoseDelivery<?>> started = new ArrayList<>();

    /** Against {@code logs}, with quick retries. */
    DeliveryConfig.Builder config(Duration maxBatchDelay) {
        return LocalConfig.against(local.endpoint(), "logs")
                .maxBatchDelay(maxBatchDelay)
                .initialBackoff(Duration.ofMillis(5))
                .maxBackoff(Duration.ofMillis(50));
    }

    /** Starts a delivery of String events (each its own line), stopped by {@link #close}. */
    FirehoseDelivery<String> start(DeliveryConfig.Builder config) {
        DeliveryConfig built = config.build();
        FirehoseDelivery<String> d = FirehoseDelivery.startWithLossStream(built, new TextEncoder(), status,
                FirehoseDelivery.senderThreads(built.name()), () -> SdkFirehoseTransport.create(built),
                () -> stderrStream);
        started.add(d);
        return d;
    }

    /** What the deliveries printed to stderr so far. */
    String stderr() {
        return stderr.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        for (FirehoseDelivery<?> d : started) {
            d.stop(Duration.ofSeconds(5));
        }
        local.close();
    }
}
