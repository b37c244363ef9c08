package io.github.firehoseappender.core.stats;

import java.lang.management.ManagementFactory;
import java.util.function.Supplier;
import javax.management.InstanceAlreadyExistsException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Registers one appender's {@link DeliveryMXBean} and unregisters it on {@link #close()}. A name already taken (a
 * second appender with the same name, a redeployed webapp) gets a numeric suffix; registration never fails start:
 * a failure is reported and delivery runs without JMX.
 */
public final class DeliveryMBeanRegistration implements AutoCloseable {
    static final String DOMAIN = "io.github.firehoseappender";
    private static final int MAX_SUFFIX = 1000;

    private final MBeanServer server;
    private final ObjectName name;

    private DeliveryMBeanRegistration(MBeanServer server, ObjectName name) {
        this.server = server;
        this.name = name;
    }

    /** Registers, or returns null after reporting why not. */
    public static DeliveryMBeanRegistration register(String appenderName, String stream, Supplier<DeliveryStats> stats,
                                                     RateLimitedStatus status) {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        DeliveryMXBean bean = new View(stream, stats);
        try {
            for (int i = 1; i <= MAX_SUFFIX; i++) {
                ObjectName candidate = objectName(i == 1 ? appenderName : appenderName + "-" + i);
                try {
                    server.registerMBean(bean, candidate);
                    return new DeliveryMBeanRegistration(server, candidate);
                } catch (InstanceAlreadyExistsException taken) {
                    // next suffix
                }
            }
            status.warn("jmx", "JMX: no free MBean name for " + appenderName + "; running without JMX", null);
        } catch (Exception | LinkageError e) {
            status.warn("jmx", "JMX: could not register the MBean for " + appenderName + "; running without JMX", e);
        }
        return null;
    }

    static ObjectName objectName(String appenderName) throws javax.management.MalformedObjectNameException {
        String value = appenderName.matches("[A-Za-z0-9_.\\-]+") ? appenderName : ObjectName.quote(appenderName);
        return new ObjectName(DOMAIN + ":type=FirehoseAppender,name=" + value);
    }

    public ObjectName name() {
        return name;
    }

    @Override
    public void close() {
        try {
            server.unregisterMBean(name);
        } catch (Exception e) {
            // Already unregistered by someone else: nothing left to clean up.
        }
    }

    private static final class View implements DeliveryMXBean {
        private final String stream;
        private final Supplier<DeliveryStats> stats;

        View(String stream, Supplier<DeliveryStats> stats) {
            this.stream = stream;
            this.stats = stats;
        }

        @Override public String getDeliveryStream() { return stream; }
        @Override public long getAppended() { return stats.get().appended(); }
        @Override public long getDelivered() { return stats.get().delivered(); }
        @Override public long getDropped() { return stats.get().dropped(); }
        @Override public long getDroppedBufferFull() { return stats.get().dropped(DropCause.BUFFER_FULL); }
        @Override public long getDroppedRetriesExhausted() { return stats.get().dropped(DropCause.RETRIES_EXHAUSTED); }
        @Override public long getDroppedEncodingFailed() { return stats.get().dropped(DropCause.ENCODING_FAILED); }
        @Override public long getDroppedStopped() { return stats.get().dropped(DropCause.STOPPED); }
        @Override public long getDroppedNotRunning() { return stats.get().dropped(DropCause.NOT_RUNNING); }
        @Override public long getDroppedAppendFailed() { return stats.get().dropped(DropCause.APPEND_FAILED); }
        @Override public long getDroppedSpoolFull() { return stats.get().dropped(DropCause.SPOOL_FULL); }
        @Override public long getDroppedSpoolCorrupt() { return stats.get().dropped(DropCause.SPOOL_CORRUPT); }
        @Override public long getDroppedSpoolFailed() { return stats.get().dropped(DropCause.SPOOL_FAILED); }
        @Override public long getSpoolDepthBytes() { return spool(SpoolStats::depthBytes); }
        @Override public long getSpoolDepthEvents() { return spool(SpoolStats::depthEvents); }
        @Override public long getSpoolPendingEvents() { return spool(SpoolStats::pendingEvents); }
        @Override public long getSpoolReplayedEvents() { return spool(SpoolStats::replayedEvents); }
        @Override public long getSpoolReplayLostEvents() { return spool(SpoolStats::replayLostEvents); }
        @Override public long getSpoolFailures() { return spool(SpoolStats::failures); }

        private long spool(java.util.function.ToLongFunction<SpoolStats> value) {
            SpoolStats spool = stats.get().spool();
            return spool == null ? 0 : value.applyAsLong(spool);
        }
        @Override public long getTruncated() { return stats.get().truncated(); }
        @Override public long getIgnoredInternal() { return stats.get().ignoredInternal(); }
        @Override public long getRecordsSent() { return stats.get().recordsSent(); }
        @Override public long getCallsSent() { return stats.get().callsSent(); }
        @Override public long getEntriesRetried() { return stats.get().entriesRetried(); }
        @Override public long getCallsRetried() { return stats.get().callsRetried(); }
        @Override public long getPossibleDuplicates() { return stats.get().possibleDuplicates(); }
        @Override public long getBytesSent() { return stats.get().bytesSent(); }
        @Override public long getBillableBytes() { return stats.get().billableBytes(); }
        @Override public long getBufferDepthEvents() { return stats.get().bufferDepthEvents(); }
        @Override public long getBufferDepthBytes() { return stats.get().bufferDepthBytes(); }
        @Override public String getLastError() { return stats.get().lastError(); }
        @Override public String getFailingSince() {
            java.time.Instant since = stats.get().failingSince();
            return since == null ? null : since.toString();
        }
    }
}
