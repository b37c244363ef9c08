package io.github.firehoseappender.core.context;

import io.github.firehoseappender.core.StatusReporter;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Finds out where the process runs (ECS task, EC2 instance, Lambda function) and returns the fields to add to every
 * event. {@link #resolve} blocks for the metadata calls (each bounded by {@link Builder#timeout}), so it runs on the
 * sender thread before the first line is encoded, never on an application thread.
 *
 * <p>The {@code runtimeContext} option: {@code auto} (default) uses Lambda when {@code AWS_LAMBDA_FUNCTION_NAME} is
 * set, ECS when {@code ECS_CONTAINER_METADATA_URI_V4} is set, and EC2 only when neither is and the machine's DMI
 * vendor says Amazon EC2 (a file read, no network): off AWS it adds nothing and waits for nothing. {@code off}
 * adds nothing. A list such as {@code ecs,ec2} uses exactly those sources and reports the ones that fail.
 *
 * <p>Thread-safe; the builder is not.
 */
public final class RuntimeContextResolver {
    public static final String AUTO = "auto";
    public static final String OFF = "off";
    public static final String DEFAULT_SOURCES = AUTO;
    /** Per metadata call; a missing endpoint costs one connect timeout, not one per field. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);
    /** Files whose text says "Amazon EC2" (Nitro) or starts with "ec2" (Xen) on an EC2 instance. */
    static final List<Path> DEFAULT_VENDOR_FILES = Collections.unmodifiableList(Arrays.asList(
            Paths.get("/sys/class/dmi/id/sys_vendor"), Paths.get("/sys/hypervisor/uuid")));

    private final boolean auto;
    private final Set<RuntimeContextSource> explicit;
    /**
     * Null when the process's own variables are read ({@code System.getenv()}, the default): then each
     * {@link #resolve} reads them anew, as a CRaC restore may change them.
     */
    private final Map<String, String> fixedEnvironment;
    private final Duration timeout;
    private final List<Path> vendorFiles;
    private final StatusReporter status;

    private RuntimeContextResolver(Builder b) {
        this.auto = b.auto;
        this.explicit = Collections.unmodifiableSet(b.explicit);
        this.fixedEnvironment = b.environment == System.getenv() ? null : new HashMap<>(b.environment);
        this.timeout = b.timeout;
        this.vendorFiles = b.vendorFiles;
        this.status = b.status;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A resolver that adds nothing. */
    public static RuntimeContextResolver off() {
        return builder().sources(OFF).build();
    }

    /**
     * Reads every enabled source once. Never throws: a source that fails is reported as a warning and adds nothing.
     * Blocks for at most about one {@link Builder#timeout} per unreachable source.
     */
    public RuntimeContext resolve() {
        if (!auto && explicit.isEmpty()) {
            return RuntimeContext.EMPTY;
        }
        boolean lambda = enabled(RuntimeContextSource.LAMBDA, hasText(LambdaEnvironment.FUNCTION_NAME_VARIABLE));
        boolean ecs = enabled(RuntimeContextSource.ECS, hasText(EcsTaskMetadata.URI_VARIABLE));
        boolean ec2 = enabled(RuntimeContextSource.EC2, !lambda && !ecs && !imdsDisabled() && vendorSaysEc2());
        Map<String, String> found = new HashMap<>();
        MetadataHttp http = new MetadataHttp(timeout);
        if (lambda) {
            if (!hasText(LambdaEnvironment.FUNCTION_NAME_VARIABLE)) {
                status.warn("runtimeContext lists lambda but " + LambdaEnvironment.FUNCTION_NAME_VARIABLE
                        + " is not set; only aws_request_id (MDC " + RuntimeContext.LAMBDA_REQUEST_ID_MDC_KEY
                        + ") is added", null);
            }
            putAbsent(found, LambdaEnvironment.read(environment()));
        }
        if (ecs) {
            String uri = environment().get(EcsTaskMetadata.URI_VARIABLE);
            if (uri == null || uri.trim().isEmpty()) {
                status.warn("runtimeContext lists ecs but " + EcsTaskMetadata.URI_VARIABLE
                        + " is not set (ECS agent 1.39+ or Fargate 1.4+ set it); no ECS fields", null);
            } else {
                try {
                    putAbsent(found, EcsTaskMetadata.read(uri, http));
                } catch (IOException | RuntimeException e) {
                    status.warn("could not read the ECS task metadata at " + uri + " within " + timeout
                            + "; events carry no ECS fields", e);
                }
            }
        }
        URI endpoint = ec2 ? imdsEndpoint() : null;
        if (endpoint != null) {
            try {
                putAbsent(found, Ec2InstanceMetadata.read(endpoint, http));
            } catch (IOException | RuntimeException e) {
                status.warn("could not read EC2 instance metadata (IMDSv2) at " + endpoint + " within " + timeout
                        + " per call; events carry no EC2 fields. On a container host, raise the instance's"
                        + " HttpPutResponseHopLimit to 2, or set runtimeContext=off", e);
            }
        }
        List<RuntimeContext.Field> fields = new ArrayList<>();
        for (String name : RuntimeContext.FIXED_FIELD_ORDER) {
            String value = found.get(name);
            if (value != null) {
                fields.add(new RuntimeContext.Field(name, value, name.equals(RuntimeContext.LAMBDA_MEMORY_MB)));
            }
        }
        RuntimeContext context = RuntimeContext.of(fields, lambda);
        if (!context.isEmpty()) {
            status.info("runtime context: " + context);
        }
        return context;
    }

    /** The variables to read now: the fixed ones given to the builder, or the process's as they are at this moment. */
    private Map<String, String> environment() {
        return fixedEnvironment != null ? fixedEnvironment : System.getenv();
    }

    private boolean enabled(RuntimeContextSource source, boolean detected) {
        return explicit.contains(source) || (auto && detected);
    }

    private boolean hasText(String variable) {
        String value = environment().get(variable);
        return value != null && !value.trim().isEmpty();
    }

    private boolean imdsDisabled() {
        String value = environment().get(Ec2InstanceMetadata.DISABLED_VARIABLE);
        return value != null && value.trim().equalsIgnoreCase("true");
    }

    /** The IMDS address; null (reported, EC2 skipped) when the variable holds no usable http(s) URL. */
    private URI imdsEndpoint() {
        String value = environment().get(Ec2InstanceMetadata.ENDPOINT_VARIABLE);
        if (value == null || value.trim().isEmpty()) {
            return Ec2InstanceMetadata.DEFAULT_ENDPOINT;
        }
        try {
            URI uri = new URI(value.trim());
            if (uri.getHost() != null && ("http".equalsIgnoreCase(uri.getScheme())
                    || "https".equalsIgnoreCase(uri.getScheme()))) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below, as a URI without host or scheme is
        }
        status.warn(Ec2InstanceMetadata.ENDPOINT_VARIABLE + "=" + value.trim() + " is not an http(s) URL such as "
                + Ec2InstanceMetadata.DEFAULT_ENDPOINT + "; EC2 instance metadata is skipped and events carry no EC2 "
                + "fields. Fix or unset the variable, or set runtimeContext=off", null);
        return null;
    }

    private boolean vendorSaysEc2() {
        for (Path file : vendorFiles) {
            String text = firstBytes(file).trim().toLowerCase(Locale.ROOT);
            if (text.startsWith("amazon ec2") || text.startsWith("ec2")) {
                return true;
            }
        }
        return false;
    }

    /** The start of a small system file; empty when it is absent or unreadable (the normal case off EC2). */
    private static String firstBytes(Path file) {
        if (!Files.isRegularFile(file)) {
            return "";
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = new byte[64];
            int n = in.read(head);
            return n <= 0 ? "" : new String(head, 0, n, StandardCharsets.US_ASCII);
        } catch (IOException | SecurityException e) {
            return ""; // unreadable DMI data means "not known to be EC2": auto mode stays off, as documented
        }
    }

    private static void putAbsent(Map<String, String> found, Map<String, String> more) {
        for (Map.Entry<String, String> e : more.entrySet()) {
            found.putIfAbsent(e.getKey(), e.getValue());
        }
    }

    @Override
    public String toString() {
        return auto ? AUTO : explicit.isEmpty() ? OFF : explicit.toString().toLowerCase(Locale.ROOT);
    }

    /** Not thread-safe. */
    public static final class Builder {
        private boolean auto = true;
        private Set<RuntimeContextSource> explicit = EnumSet.noneOf(RuntimeContextSource.class);
        private Map<String, String> environment = System.getenv();
        private Duration timeout = DEFAULT_TIMEOUT;
        private List<Path> vendorFiles = DEFAULT_VENDOR_FILES;
        private StatusReporter status = StatusReporter.stderr();

        private Builder() {
        }

        /**
         * The {@code runtimeContext} option: {@code auto}, {@code off}, or a comma-separated list of {@code ecs},
         * {@code ec2}, {@code lambda}. Blank means the default, {@code auto}.
         *
         * @throws IllegalArgumentException naming the option, the value and the accepted values
         */
        public Builder sources(String text) {
            String value = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
            if (value.isEmpty() || value.equals(AUTO)) {
                auto = true;
                explicit = EnumSet.noneOf(RuntimeContextSource.class);
                return this;
            }
            if (value.equals(OFF)) {
                auto = false;
                explicit = EnumSet.noneOf(RuntimeContextSource.class);
                return this;
            }
            EnumSet<RuntimeContextSource> sources = EnumSet.noneOf(RuntimeContextSource.class);
            for (String word : value.split(",")) {
                try {
                    sources.add(RuntimeContextSource.valueOf(word.trim().toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("runtimeContext=" + text.trim() + " is not valid: use "
                            + AUTO + ", " + OFF + ", or a comma-separated list of ecs, ec2, lambda", e);
                }
            }
            auto = false;
            explicit = sources;
            return this;
        }

        /** The environment variables to read; {@code System.getenv()} unless a test or embedder says otherwise. */
        public Builder environment(Map<String, String> environment) {
            this.environment = environment == null ? Collections.emptyMap() : environment;
            return this;
        }

        /** Connect and read timeout of each metadata call; default {@link #DEFAULT_TIMEOUT}. */
        public Builder timeout(Duration timeout) {
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("runtime context timeout=" + timeout + " must be positive");
            }
            this.timeout = timeout;
            return this;
        }

        /** Where EC2 is detected from in auto mode; tests point it at their own files. */
        public Builder vendorFiles(List<Path> files) {
            this.vendorFiles = Collections.unmodifiableList(new ArrayList<>(files));
            return this;
        }

        /** Where failures and the resolved context are reported; stderr unless an adapter gives its channel. */
        public Builder status(StatusReporter status) {
            this.status = status;
            return this;
        }

        public RuntimeContextResolver build() {
            return new RuntimeContextResolver(this);
        }
    }
}
