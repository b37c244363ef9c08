package io.github.firehoseappender.local.delivery;

import java.io.IOException;

/** Where delivered objects go: a folder shaped like an S3 bucket, or nowhere (in-memory runs). */
public interface ObjectStore {

    /** Keeps nothing: for runs without a data dir, where tests read {@code FirehoseLocal.records}. */
    ObjectStore DISCARD = (key, data) -> { };

    /** Stores one whole object under {@code key} (a prefix plus an object name, '/'-separated). */
    void put(String key, byte[] data) throws IOException;
}
