package io.github.firehoseappender.core.send;

import io.github.firehoseappender.core.auth.FirehoseCredentials;
import io.github.firehoseappender.core.auth.SdkClientSettings;
import io.github.firehoseappender.core.batch.Record;
import io.github.firehoseappender.core.config.DeliveryConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import java.util.function.Supplier;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.firehose.model.PutRecordBatchRequest;
import software.amazon.awssdk.services.firehose.model.PutRecordBatchResponse;
import software.amazon.awssdk.services.firehose.model.PutRecordBatchResponseEntry;

/**
 * PutRecordBatch through the SDK v2 {@link FirehoseClient} over the JDK's URL connection client. The SDK's own
 * retries are off: the sender retries exactly the failed entries itself, with its own budget. Only PutRecordBatch is
 * ever called (the producer role grants nothing else). Built on an internal thread, then used on the sender thread.
 */
public final class SdkFirehoseTransport implements FirehoseTransport {
    private final FirehoseClient client;
    private final FirehoseCredentials credentials;
    private final ScheduledExecutorService sdkTimers;
    private final String streams;
    /** Per stream: its messages name the stream a failure concerns. */
    private final Map<String, FailureClassifier> classifiers;

    private SdkFirehoseTransport(FirehoseClient client, FirehoseCredentials credentials,
                                 ScheduledExecutorService sdkTimers, String streams,
                                 Map<String, FailureClassifier> classifiers) {
        this.client = client;
        this.credentials = credentials;
        this.sdkTimers = sdkTimers;
        this.streams = streams;
        this.classifiers = classifiers;
    }

    /**
     * Builds the clients for {@code config}.
     *
     * @throws DeliveryUnavailableException when no region can be found; the message says how to set one
     */
    public static SdkFirehoseTransport create(DeliveryConfig config) {
        return create(config, message -> { });
    }

    /**
     * As {@link #create(DeliveryConfig)}; {@code info} receives the line that says when the region is a fallback.
     */
    public static SdkFirehoseTransport create(DeliveryConfig config, Consumer<String> info) {
        return build(config, info, (region, sdkTimers, credentials) -> {
            FirehoseClient client = SdkClientSettings.apply(FirehoseClient.builder(), config, region,
                    config.endpoint(), sdkTimers)
                    .credentialsProvider(credentials.provider())
                    .build();
            Map<String, FailureClassifier> classifiers = new HashMap<>();
            for (String stream : config.deliveryStreams()) {
                classifiers.put(stream, new FailureClassifier(stream, region.id(), config.roleArn(),
                        config.stsEndpoint() == null ? null : config.stsEndpoint().toString()));
            }
            return new SdkFirehoseTransport(client, credentials, sdkTimers, config.deliveryStream(), classifiers);
        });
    }

    /** What a transport is built from, once the region, timer thread and credentials are there. */
    interface Parts<T> {
        T build(Region region, ScheduledExecutorService sdkTimers, FirehoseCredentials credentials);
    }

    /**
     * Resolves the region, starts the SDK timer thread and builds the credentials for {@code config}, then
     * {@code parts}, then resolves the credentials once ({@link FirehoseCredentials#resolveAhead}), all on the
     * calling thread (the client-setup thread), so the sender's first call finds them cached; a failure anywhere
     * releases what was made before it is rethrown.
     */
    static <T> T build(DeliveryConfig config, Consumer<String> info, Parts<T> parts) {
        Region region = region(config, () -> DefaultAwsRegionProviderChain.builder().build().getRegion(), info);
        ScheduledExecutorService sdkTimers = internalTimers(config.name());
        FirehoseCredentials credentials;
        try {
            credentials = FirehoseCredentials.create(config, region, sdkTimers);
        } catch (RuntimeException e) {
            sdkTimers.shutdownNow();
            throw e;
        }
        T transport;
        try {
            transport = parts.build(region, sdkTimers, credentials);
        } catch (RuntimeException e) {
            credentials.close();
            sdkTimers.shutdownNow();
            throw e;
        }
        credentials.resolveAhead();
        return transport;
    }

    /** Closes {@code client}, then what {@link #build} made for it. */
    static void close(AutoCloseable client, FirehoseCredentials credentials, ScheduledExecutorService sdkTimers) {
        try {
            client.close();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            credentials.close();
            sdkTimers.shutdownNow();
        }
    }

    /**
     * The SDK's timer thread (it enforces {@code apiCallAttemptTimeout}), marked internal like the sender: whatever
     * the SDK logs there is not shipped back into the appender either.
     */
    static ScheduledExecutorService internalTimers(String name) {
        return Executors.newSingleThreadScheduledExecutor(task -> {
            Thread t = new Thread(() -> {
                InternalThread.mark();
                task.run();
            }, "firehose-sdk-timer-" + name);
            t.setDaemon(true);
            return t;
        });
    }

    static Region region(DeliveryConfig config) {
        return region(config, () -> DefaultAwsRegionProviderChain.builder().build().getRegion(), message -> { });
    }

    /**
     * Firehose's region: the configured one ({@code region}, else {@code FIREHOSE_REGION}, else {@code AWS_REGION},
     * resolved by the config), else the SDK's region chain. Only when that chain finds nothing and an endpoint
     * override is set (local runs) is it us-east-1, and {@code info} is told so.
     */
    static Region region(DeliveryConfig config, Supplier<Region> sdkChain, Consumer<String> info) {
        if (config.region() != null) {
            return Region.of(config.region());
        }
        try {
            return sdkChain.get();
        } catch (SdkClientException e) {
            if (config.endpoint() != null) {
                info.accept("no AWS region configured or found by the SDK's region chain; signing calls to "
                        + config.endpoint() + " for us-east-1. Set region=... or FIREHOSE_REGION if the endpoint "
                        + "serves another region");
                return Region.US_EAST_1;
            }
            throw new DeliveryUnavailableException("no AWS region for delivery stream " + config.deliveryStream()
                    + ": set region=... in the appender, or FIREHOSE_REGION or AWS_REGION in the environment", e);
        }
    }

    @Override
    public PutOutcome put(String stream, List<Record> records) {
        FailureClassifier classifier = classifiers.get(stream);
        List<software.amazon.awssdk.services.firehose.model.Record> entries = new ArrayList<>(records.size());
        for (Record r : records) {
            entries.add(software.amazon.awssdk.services.firehose.model.Record.builder()
                    .data(SdkBytes.fromByteArrayUnsafe(r.data())).build());
        }
        try {
            // Cached between refreshes; resolved here so a credentials or STS failure is told apart from a lost
            // answer of Firehose (which may have taken the records).
            credentials.provider().resolveCredentials();
        } catch (RuntimeException e) {
            return classifier.classifyCredentials(e);
        }
        PutRecordBatchResponse response;
        try {
            response = client.putRecordBatch(PutRecordBatchRequest.builder()
                    .deliveryStreamName(stream).records(entries).build());
        } catch (RuntimeException e) {
            return classifier.classify(e);
        }
        Integer failedCount = response.failedPutCount();
        if (failedCount == null || failedCount == 0) {
            return PutOutcome.delivered();
        }
        List<PutRecordBatchResponseEntry> answers = response.requestResponses();
        List<Record> failed = new ArrayList<>(failedCount);
        String code = null;
        String message = null;
        for (int i = 0; i < records.size(); i++) {
            PutRecordBatchResponseEntry answer = i < answers.size() ? answers.get(i) : null;
            if (answer == null || answer.errorCode() != null) {
                failed.add(records.get(i));
                if (code == null && answer != null) {
                    code = answer.errorCode();
                    message = answer.errorMessage();
                }
            }
        }
        if (failed.isEmpty()) {
            return PutOutcome.delivered(); // a FailedPutCount no entry bears out: every record has its RecordId
        }
        return PutOutcome.partial(failed, code == null ? "MissingEntry" : code, failed.size() + " of "
                + records.size() + " records to " + stream + " failed with " + code + " (" + message
                + "); resending those records");
    }

    @Override
    public String toString() {
        return (classifiers.size() > 1 ? "Firehose streams " : "Firehose stream ") + streams + " signed with "
                + credentials;
    }

    @Override
    public void close() {
        close(client, credentials, sdkTimers);
    }
}
