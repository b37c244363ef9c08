package io.github.firehoseappender.core.send;

import io.github.firehoseappender.core.batch.Record;
import io.github.firehoseappender.core.config.DeliveryConfig;
import io.github.firehoseappender.core.config.Wire;
import java.util.List;
import java.util.function.Consumer;

/**
 * One PutRecordBatch call to a delivery stream: the seam between the sender's logic and the SDK. Called on the
 * sender thread only; never throws (every failure becomes a {@link PutOutcome}).
 */
public interface FirehoseTransport extends AutoCloseable {

    /**
     * The transport {@code config.wire()} names: the SDK's Firehose client or the direct body writer.
     * {@code info} receives the line that says when the region is a fallback.
     */
    static FirehoseTransport create(DeliveryConfig config, Consumer<String> info) {
        return config.wire() == Wire.DIRECT ? DirectFirehoseTransport.create(config, info)
                : SdkFirehoseTransport.create(config, info);
    }

    /** Sends {@code records} to {@code stream}, one of the configured delivery streams. */
    PutOutcome put(String stream, List<Record> records);

    /** Closes the clients; throws nothing checked. */
    @Override
    void close();
}
