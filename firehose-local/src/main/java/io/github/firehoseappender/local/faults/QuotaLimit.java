package io.github.firehoseappender.local.faults;

/** The three per-stream quotas Firehose puts on PutRecord and PutRecordBatch together, each per second. */
public enum QuotaLimit {
    /** Decoded record data. */
    BYTES,
    /** Records (entries). */
    RECORDS,
    /** Put calls. */
    REQUESTS
}
