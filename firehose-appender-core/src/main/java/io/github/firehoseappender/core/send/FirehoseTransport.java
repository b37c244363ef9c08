package io.github.firehoseappender.core.send;

import io.github.firehoseappender.core.batch.Record;
import java.util.List;

/**
 * One PutRecordBatch call to a delivery stream: the seam between the sender's logic and the SDK. Called on the
 * sender thread only; never throws (every failure becomes a {@link PutOutcome}).
 */
public interface FirehoseTransport extends AutoCloseable {

    /** Sends {@code records} to {@code stream}, one of the configured delivery streams. */
    PutOutcome put(String stream, List<Record> records);

    /** Closes the clients; throws nothing checked. */
    @Override
    void close();
}
