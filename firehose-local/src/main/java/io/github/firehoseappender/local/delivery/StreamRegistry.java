package io.github.firehoseappender.local.delivery;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.regex.Pattern;

/** The delivery streams of one account and region, by name. Thread-safe. */
public final class StreamRegistry {
    /** Firehose's rule for DeliveryStreamName. */
    private static final Pattern STREAM_NAME = Pattern.compile("[a-zA-Z0-9_.-]{1,64}");

    private final String region;
    private final String accountId;
    private final ObjectStore store;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final boolean retainRecords;
    private final Map<String, DeliveryStream> streams = new TreeMap<>();   // sorted, as ListDeliveryStreams answers

    public StreamRegistry(String region, String accountId, ObjectStore store, Clock clock,
                   ScheduledExecutorService scheduler, boolean retainRecords) {
        this.region = region;
        this.accountId = accountId;
        this.store = store;
        this.clock = clock;
        this.scheduler = scheduler;
        this.retainRecords = retainRecords;
    }

    public static boolean isValidName(String name) {
        return name != null && STREAM_NAME.matcher(name).matches();
    }

    /** @throws StreamExistsException when a stream of that name exists */
    public synchronized DeliveryStream create(String name, DestinationSettings settings) {
        if (streams.containsKey(name)) {
            throw new StreamExistsException(name);
        }
        DeliveryStream stream = new DeliveryStream(name, arnOf(name), settings, store, clock, scheduler, retainRecords);
        streams.put(name, stream);
        return stream;
    }

    /** @throws UnknownStreamException when there is none */
    public synchronized DeliveryStream get(String name) {
        DeliveryStream stream = streams.get(name);
        if (stream == null) {
            throw new UnknownStreamException(name);
        }
        return stream;
    }

    /** Delivers what the stream buffers, then forgets it. @throws UnknownStreamException when there is none */
    public void delete(String name) {
        DeliveryStream stream;
        synchronized (this) {
            stream = streams.remove(name);
        }
        if (stream == null) {
            throw new UnknownStreamException(name);
        }
        stream.delete();
    }

    public synchronized List<String> names() {
        return new ArrayList<>(streams.keySet());
    }

    public synchronized List<DeliveryStream> all() {
        return new ArrayList<>(streams.values());
    }

    public String arnOf(String name) {
        return "arn:aws:firehose:" + region + ":" + accountId + ":deliverystream/" + name;
    }

    public String region() {
        return region;
    }

    public String accountId() {
        return accountId;
    }
}
