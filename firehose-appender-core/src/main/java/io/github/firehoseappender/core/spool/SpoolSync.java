package io.github.firehoseappender.core.spool;

/** When the spool forces what it wrote to the device. */
public enum SpoolSync {
    /**
     * At most every {@code syncInterval} (from {@link Spool#syncIfDue}) and on close: a crash of the machine (not
     * of the process) may lose that last interval.
     */
    INTERVAL,
    /** On every append and every acknowledgement: a call reaches the device before it is sent. */
    BATCH
}
