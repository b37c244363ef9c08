package io.github.firehoseappender.core.stats;

/** One appender's delivery counters in JMX: {@code io.github.firehoseappender:type=FirehoseAppender,name=<name>}. */
public interface DeliveryMXBean {
    String getDeliveryStream();
    long getAppended();
    long getDelivered();
    long getDropped();
    long getDroppedBufferFull();
    long getDroppedRetriesExhausted();
    long getDroppedEncodingFailed();
    long getDroppedStopped();
    long getDroppedNotRunning();
    long getDroppedAppendFailed();
    long getDroppedSpoolFull();
    long getDroppedSpoolCorrupt();
    long getDroppedSpoolFailed();
    long getTruncated();
    long getIgnoredInternal();
    long getRecordsSent();
    long getCallsSent();
    long getEntriesRetried();
    long getCallsRetried();
    long getPossibleDuplicates();
    long getBytesSent();
    long getBillableBytes();
    long getBufferDepthEvents();
    long getBufferDepthBytes();
    String getLastError();
    /** ISO-8601 start of the current run of failed calls, or null while calls succeed. */
    String getFailingSince();
    /** Spool numbers, all 0 when no spool is configured. */
    long getSpoolDepthBytes();
    long getSpoolDepthEvents();
    long getSpoolPendingEvents();
    long getSpoolReplayedEvents();
    long getSpoolReplayLostEvents();
    long getSpoolFailures();
}
