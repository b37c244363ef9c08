package io.github.firehoseappender.core.context;

import java.io.IOException;
import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the EC2 instance metadata service with IMDSv2 only: a session token from {@code PUT /latest/api/token}, then
 * instance id, instance type, availability zone and region with that token. Works on instances that require
 * IMDSv2 ({@code HttpTokens: required}); never falls back to v1.
 */
final class Ec2InstanceMetadata {
    static final URI DEFAULT_ENDPOINT = URI.create("http://169.254.169.254");
    /** The SDK's own variable for another IMDS address (IPv6 {@code http://[fd00:ec2::254]}, or tests). */
    static final String ENDPOINT_VARIABLE = "AWS_EC2_METADATA_SERVICE_ENDPOINT";
    /** The SDK's switch that turns IMDS off for the whole process. */
    static final String DISABLED_VARIABLE = "AWS_EC2_METADATA_DISABLED";
    static final String TOKEN_HEADER = "X-aws-ec2-metadata-token";
    static final String TOKEN_TTL_HEADER = "X-aws-ec2-metadata-token-ttl-seconds";
    /** The token is used for four reads right after it is issued; a short life is plenty. */
    private static final String TOKEN_TTL_SECONDS = "60";

    private Ec2InstanceMetadata() {
    }

    static Map<String, String> read(URI endpoint, MetadataHttp http) throws IOException {
        String base = endpoint.toString().replaceAll("/+$", "");
        String token = http.put(URI.create(base + "/latest/api/token"),
                Collections.singletonMap(TOKEN_TTL_HEADER, TOKEN_TTL_SECONDS)).trim();
        if (token.isEmpty()) {
            throw new IOException("IMDSv2 answered an empty token");
        }
        Map<String, String> withToken = Collections.singletonMap(TOKEN_HEADER, token);
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put(RuntimeContext.EC2_INSTANCE_ID, get(base, "instance-id", http, withToken));
        fields.put(RuntimeContext.EC2_INSTANCE_TYPE, get(base, "instance-type", http, withToken));
        fields.put(RuntimeContext.AVAILABILITY_ZONE, get(base, "placement/availability-zone", http, withToken));
        fields.put(RuntimeContext.AWS_REGION, get(base, "placement/region", http, withToken));
        fields.values().removeIf(v -> v.isEmpty());
        return fields;
    }

    private static String get(String base, String path, MetadataHttp http, Map<String, String> headers)
            throws IOException {
        return http.get(URI.create(base + "/latest/meta-data/" + path), headers).trim();
    }
}
