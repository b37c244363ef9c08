package io.github.firehoseappender.local.api;

import io.github.firehoseappender.local.delivery.DeliveryStream;
import io.github.firehoseappender.local.delivery.DestinationSettings;
import io.github.firehoseappender.local.delivery.PrefixExpander;
import io.github.firehoseappender.local.delivery.StreamRegistry;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.util.List;

/**
 * The control plane: CreateDeliveryStream, DescribeDeliveryStream, ListDeliveryStreams and
 * DeleteDeliveryStream, for DirectPut streams with an S3 (or extended S3) destination. Hints a
 * create call leaves out come from this account's defaults (the builder's or the CLI's).
 */
public final class StreamOperations {
    static final String DESTINATION_ID = "destinationId-000000000001";
    static final String APPEND_DELIMITER = "AppendDelimiterToRecord";
    private static final long MIB = 1024L * 1024;
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final StreamRegistry registry;
    private final DestinationSettings defaults;

    public StreamOperations(StreamRegistry registry, DestinationSettings defaults) {
        this.registry = registry;
        this.defaults = defaults;
    }

    ObjectNode create(JsonRequest request) {
        String name = request.requiredString("DeliveryStreamName");
        if (!StreamRegistry.isValidName(name)) {
            throw ApiException.validation("1 validation error detected: Value '" + name
                    + "' at 'deliveryStreamName' failed to satisfy constraint: "
                    + "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+ and have length 1..64");
        }
        String type = request.string("DeliveryStreamType");
        if (type != null && !type.equals(DeliveryStream.DIRECT_PUT)) {
            throw ApiException.invalidArgument("firehose-local supports DeliveryStreamType DirectPut only, not " + type);
        }
        JsonRequest destination = request.object("ExtendedS3DestinationConfiguration");
        if (destination == null) {
            destination = request.object("S3DestinationConfiguration");
        }
        DeliveryStream stream = registry.create(name, destination == null ? defaults : settingsOf(destination));
        ObjectNode answer = JSON.objectNode();
        answer.put("DeliveryStreamARN", stream.arn());
        return answer;
    }

    ObjectNode describe(JsonRequest request) {
        DeliveryStream stream = registry.get(request.requiredString("DeliveryStreamName"));
        ObjectNode description = JSON.objectNode();
        description.put("DeliveryStreamName", stream.name());
        description.put("DeliveryStreamARN", stream.arn());
        description.put("DeliveryStreamStatus", "ACTIVE");
        description.putObject("DeliveryStreamEncryptionConfiguration").put("Status", "DISABLED");
        description.put("DeliveryStreamType", DeliveryStream.DIRECT_PUT);
        description.put("VersionId", DeliveryStream.VERSION_ID);
        description.put("CreateTimestamp", stream.createdAt().toEpochMilli() / 1000.0);
        ObjectNode destination = description.putArray("Destinations").addObject();
        destination.put("DestinationId", DESTINATION_ID);
        destination.set("S3DestinationDescription", s3Description(stream.settings(), false));
        ObjectNode extended = s3Description(stream.settings(), true);
        extended.put("S3BackupMode", "Disabled");
        destination.set("ExtendedS3DestinationDescription", extended);
        description.put("HasMoreDestinations", false);
        ObjectNode answer = JSON.objectNode();
        answer.set("DeliveryStreamDescription", description);
        return answer;
    }

    ObjectNode list(JsonRequest request) {
        long limit = request.integer("Limit", 10);
        if (limit < 1 || limit > 10_000) {
            throw ApiException.validation("1 validation error detected: Value '" + limit
                    + "' at 'limit' failed to satisfy constraint: Member must be between 1 and 10000");
        }
        String type = request.string("DeliveryStreamType");
        String exclusiveStart = request.string("ExclusiveStartDeliveryStreamName");
        List<String> names = registry.names();   // sorted
        ArrayNode page = JSON.arrayNode();
        boolean more = false;
        if (type == null || type.equals(DeliveryStream.DIRECT_PUT)) {
            for (String name : names) {
                if (exclusiveStart != null && name.compareTo(exclusiveStart) <= 0) {
                    continue;
                }
                if (page.size() == limit) {
                    more = true;
                    break;
                }
                page.add(name);
            }
        }
        ObjectNode answer = JSON.objectNode();
        answer.set("DeliveryStreamNames", page);
        answer.put("HasMoreDeliveryStreams", more);
        return answer;
    }

    String arnOf(String stream) {
        return registry.arnOf(stream);
    }

    String accountId() {
        return registry.accountId();
    }

    ObjectNode delete(JsonRequest request) {
        registry.delete(request.requiredString("DeliveryStreamName"));
        return JSON.objectNode();
    }

    private DestinationSettings settingsOf(JsonRequest destination) {
        String prefix = destination.string("Prefix");
        PrefixExpander expander;
        try {
            expander = prefix == null ? defaults.prefix() : PrefixExpander.compile(prefix);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidArgument(e.getMessage());
        }
        long sizeBytes = defaults.bufferSizeBytes();
        Duration interval = defaults.bufferInterval();
        JsonRequest hints = destination.object("BufferingHints");
        if (hints != null) {
            long sizeMib = hints.integer("SizeInMBs", -1);
            if (sizeMib != -1) {
                if (sizeMib < 1 || sizeMib > 128) {
                    throw ApiException.validation("1 validation error detected: Value '" + sizeMib
                            + "' at 'bufferingHints.sizeInMBs' failed to satisfy constraint: Member must be between 1 and 128");
                }
                sizeBytes = sizeMib * MIB;
            }
            long seconds = hints.integer("IntervalInSeconds", -1);
            if (seconds != -1) {
                if (seconds < 0 || seconds > 900) {
                    throw ApiException.validation("1 validation error detected: Value '" + seconds
                            + "' at 'bufferingHints.intervalInSeconds' failed to satisfy constraint: Member must be between 0 and 900");
                }
                interval = Duration.ofSeconds(seconds);
            }
        }
        String compression = destination.string("CompressionFormat");
        if (compression == null) {
            compression = DestinationSettings.UNCOMPRESSED;
        } else if (!compression.equals(DestinationSettings.UNCOMPRESSED) && !compression.equals(DestinationSettings.GZIP)) {
            throw ApiException.invalidArgument("firehose-local supports CompressionFormat UNCOMPRESSED and GZIP, not " + compression);
        }
        String errorOutputPrefix = destination.string("ErrorOutputPrefix");
        checkErrorOutputPrefix(prefix == null ? null : expander,
                errorOutputPrefix == null || errorOutputPrefix.isEmpty() ? null : errorOutputPrefix);
        String bucketArn = destination.string("BucketARN");
        String roleArn = destination.string("RoleARN");
        return new DestinationSettings(expander, errorOutputPrefix, sizeBytes, interval, compression,
                bucketArn == null ? defaults.bucketArn() : bucketArn, roleArn == null ? defaults.roleArn() : roleArn,
                appendsDelimiter(destination.object("ProcessingConfiguration")));
    }

    /**
     * Firehose's prefix rules: a Prefix given with expressions needs an ErrorOutputPrefix, and an
     * ErrorOutputPrefix with expressions must say where each kind of error goes
     * ({@code !{firehose:error-output-type}}).
     */
    private static void checkErrorOutputPrefix(PrefixExpander prefix, String errorOutputPrefix) {
        if (errorOutputPrefix == null) {
            if (prefix != null && prefix.hasExpressions()) {
                throw ApiException.invalidArgument("ErrorOutputPrefix cannot be null or empty when Prefix contains expressions");
            }
            return;
        }
        PrefixExpander error;
        try {
            error = PrefixExpander.compileErrorPrefix(errorOutputPrefix);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidArgument(e.getMessage());
        }
        if (error.hasExpressions() && !error.hasErrorOutputType()) {
            throw ApiException.invalidArgument("ErrorOutputPrefix '" + errorOutputPrefix + "' contains expressions but not "
                    + PrefixExpander.ERROR_OUTPUT_TYPE);
        }
    }

    /** ProcessingConfiguration: firehose-local runs AppendDelimiterToRecord; any other processor is refused. */
    private static boolean appendsDelimiter(JsonRequest processing) {
        if (processing == null || !processing.has("Enabled") || !processing.bool("Enabled")) {
            return false;
        }
        JsonRequest[] processors = processing.objects("Processors");
        boolean append = false;
        for (JsonRequest processor : processors == null ? new JsonRequest[0] : processors) {
            String type = processor.requiredString("Type");
            if (!type.equals(APPEND_DELIMITER)) {
                throw ApiException.invalidArgument("firehose-local runs the " + APPEND_DELIMITER + " processor only, not " + type);
            }
            append = true;
        }
        return append;
    }

    private static ObjectNode s3Description(DestinationSettings settings, boolean extended) {
        ObjectNode s3 = JSON.objectNode();
        s3.put("RoleARN", settings.roleArn());
        s3.put("BucketARN", settings.bucketArn());
        s3.put("Prefix", settings.prefix().prefix());
        if (settings.errorOutputPrefix() != null) {
            s3.put("ErrorOutputPrefix", settings.errorOutputPrefix());
        }
        ObjectNode hints = s3.putObject("BufferingHints");
        hints.put("SizeInMBs", Math.max(1, (settings.bufferSizeBytes() + MIB - 1) / MIB));
        hints.put("IntervalInSeconds", settings.bufferInterval().getSeconds());
        s3.put("CompressionFormat", settings.compressionFormat());
        s3.putObject("EncryptionConfiguration").put("NoEncryptionConfig", "NoEncryption");
        if (extended) {
            ObjectNode processing = s3.putObject("ProcessingConfiguration");
            processing.put("Enabled", settings.appendDelimiter());
            ArrayNode processors = processing.putArray("Processors");
            if (settings.appendDelimiter()) {
                processors.addObject().put("Type", APPEND_DELIMITER).putArray("Parameters");
            }
        }
        return s3;
    }
}
