package io.github.firehoseappender.local;

import io.github.firehoseappender.local.api.AdminApi;
import io.github.firehoseappender.local.api.FirehoseApi;
import io.github.firehoseappender.local.api.RecordIntake;
import io.github.firehoseappender.local.api.StreamOperations;
import io.github.firehoseappender.local.api.StsApi;
import io.github.firehoseappender.local.auth.Caller;
import io.github.firehoseappender.local.auth.CredentialStore;
import io.github.firehoseappender.local.auth.RequestAuthenticator;
import io.github.firehoseappender.local.auth.RoleSettings;
import io.github.firehoseappender.local.delivery.DeliveryStream;
import io.github.firehoseappender.local.delivery.DestinationSettings;
import io.github.firehoseappender.local.delivery.ObjectStore;
import io.github.firehoseappender.local.delivery.PrefixExpander;
import io.github.firehoseappender.local.delivery.PutCall;
import io.github.firehoseappender.local.delivery.S3FolderWriter;
import io.github.firehoseappender.local.delivery.StreamRegistry;
import io.github.firehoseappender.local.delivery.UnknownStreamException;
import io.github.firehoseappender.local.faults.FaultPlan;
import io.github.firehoseappender.local.http.LoopbackServer;
import io.github.firehoseappender.local.http.RequestRouter;
import io.github.firehoseappender.local.http.ServerKeystore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.LinkedHashMap;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import javax.net.ssl.SSLContext;

/**
 * The logging account on loopback: the Amazon Data Firehose JSON 1.1 API on 127.0.0.1, delivering
 * what it accepts into a folder laid out as Firehose lays out S3. Start one per test:
 * <pre>{@code
 * try (FirehoseLocal local = FirehoseLocal.builder().stream("logs").start()) {
 *     FirehoseClient client = FirehoseClient.builder().endpointOverride(local.endpoint())...build();
 *     ...
 *     assertEquals(List.of("{\"a\":1}"), local.lines("logs"));
 * }
 * }</pre>
 * Thread-safe. {@link #close()} delivers what is buffered and stops the server and its threads.
 */
public final class FirehoseLocal implements AutoCloseable {
    public static final String DEFAULT_PREFIX =
            "logging/year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/hour=!{timestamp:HH}/";
    public static final Duration DEFAULT_BUFFER_INTERVAL = Duration.ofSeconds(300);
    public static final long DEFAULT_BUFFER_SIZE_BYTES = 5L * 1024 * 1024;
    public static final String DEFAULT_REGION = "us-east-1";
    public static final String DEFAULT_ACCOUNT_ID = "123456789012";

    private final LoopbackServer server;
    private final ScheduledExecutorService deliveryTimer;
    private final StreamRegistry registry;
    private final FaultInjector faults;
    private final Path dataDir;
    private final URI endpoint;
    private final RoleSettings roles;
    private final CredentialStore credentials;
    private final StsApi sts;
    private final boolean verifying;
    private final Object closeLock = new Object();
    private boolean closed;

    private FirehoseLocal(Builder builder, DestinationSettings defaults, ObjectStore store, SSLContext tls) throws IOException {
        this.dataDir = builder.dataDir == null ? null : builder.dataDir.toAbsolutePath().normalize();
        this.faults = new FaultInjector(builder.clock);
        faults.quota(builder.quota);
        for (Map.Entry<String, Quota> quota : builder.streamQuotas.entrySet()) {
            faults.quota(quota.getKey(), quota.getValue());
        }
        this.deliveryTimer = Executors.newSingleThreadScheduledExecutor(LoopbackServer.daemonThreads("firehose-local-delivery"));
        this.registry = new StreamRegistry(builder.region, builder.accountId, store, builder.clock,
                deliveryTimer, builder.retainRecords);
        for (String name : builder.streams) {
            registry.create(name, defaults);
        }
        this.roles = new RoleSettings(builder.roles, builder.sessionDuration, builder.minimumSessionDuration,
                builder.maxSessionDuration);
        this.credentials = new CredentialStore(builder.accountId, builder.users);
        boolean verifying = builder.verifySignatures || !builder.users.isEmpty() || !builder.roles.isEmpty();
        RequestAuthenticator authenticator = new RequestAuthenticator(credentials, builder.clock, builder.region, verifying);
        FaultPlan plan = faults.plan();
        FirehoseApi firehose = new FirehoseApi(new StreamOperations(registry, defaults), new RecordIntake(registry, plan), plan,
                authenticator, roles);
        this.sts = new StsApi(authenticator, credentials, roles, builder.clock);
        AdminApi admin = new AdminApi(plan, registry, firehose, sts);
        this.verifying = verifying;
        RequestRouter router = new RequestRouter(firehose::handle)
                .route(request -> request.rawPath().startsWith(AdminApi.PREFIX), admin::handle)
                .route(StsApi::accepts, sts::handle);
        try {
            this.server = LoopbackServer.start(builder.port, router, tls);
        } catch (IOException e) {
            deliveryTimer.shutdownNow();
            throw e;
        }
        this.endpoint = URI.create(server.scheme() + "://127.0.0.1:" + server.port());
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * {@code http://127.0.0.1:PORT}, or {@code https://127.0.0.1:PORT} with {@link Builder#tlsKeystore}: give it to
     * the SDK's {@code endpointOverride}.
     */
    public URI endpoint() {
        return endpoint;
    }

    public int port() {
        return endpoint.getPort();
    }

    /**
     * The TLS protocol and cipher suite of the calls answered so far, as this server's sessions saw them, distinct,
     * in the order first seen ({@code TLSv1.3 TLS_AES_256_GCM_SHA384}); empty over plain HTTP or before any call.
     */
    public List<String> negotiatedTls() {
        return server.negotiatedTls();
    }

    /** Where objects land, or null when this instance keeps data in memory only. */
    public Path dataDir() {
        return dataDir;
    }

    public String region() {
        return registry.region();
    }

    public String accountId() {
        return registry.accountId();
    }

    /** The ARN Firehose would give the stream: {@code arn:aws:firehose:REGION:ACCOUNT:deliverystream/NAME}. */
    public String streamArn(String stream) {
        return registry.arnOf(stream);
    }

    /** Names of the existing delivery streams, sorted. */
    public List<String> streams() {
        return registry.names();
    }

    /**
     * Every accepted record's decoded data, in acceptance order (failed entries excluded).
     *
     * @throws IllegalArgumentException when no such stream exists
     */
    public List<byte[]> records(String stream) {
        return Collections.unmodifiableList(existing(stream).records());
    }

    /** All accepted data of the stream concatenated, as UTF-8, split on '\n' (no empty trailing line). */
    public List<String> lines(String stream) {
        return Collections.unmodifiableList(existing(stream).lines());
    }

    /** Each Put call answered HTTP 200 on the stream, in order (whole failed calls are not). */
    public List<Call> calls(String stream) {
        List<Call> calls = new ArrayList<>();
        for (PutCall call : existing(stream).calls()) {
            calls.add(new Call(call));
        }
        return Collections.unmodifiableList(calls);
    }

    /** Keys ({@code prefix + object name}, relative to the data dir) of the objects delivered so far. */
    public List<String> deliveredObjects(String stream) {
        return Collections.unmodifiableList(existing(stream).objectKeys());
    }

    /** Keys of the error-output objects (records that failed processing) delivered so far. */
    public List<String> errorObjects(String stream) {
        return Collections.unmodifiableList(existing(stream).errorObjectKeys());
    }

    /**
     * What the stream took in and refused so far (accepted requests, records and bytes; failed and
     * throttled entries; throttled calls), counted since the stream was created.
     *
     * @throws IllegalArgumentException when no such stream exists
     */
    public StreamCounters counters(String stream) {
        return new StreamCounters(stream, existing(stream).counters());
    }

    /** Run-time fault control; the same settings as {@code POST /_admin/faults}. */
    public FaultInjector faults() {
        return faults;
    }

    /**
     * The {@link #endpoint()}: the same port answers STS (query protocol), so this is also
     * the STS endpoint override ({@code FIREHOSE_STS_ENDPOINT}).
     */
    public URI stsEndpoint() {
        return endpoint;
    }

    /** The roles STS issues sessions for; when not empty, Put calls need one of their sessions. */
    public List<String> roles() {
        return new ArrayList<>(roles.roles().keySet());
    }

    /** Whether signatures, keys and session tokens are checked (users or roles configured, or asked for). */
    public boolean verifiesSignatures() {
        return verifying;
    }

    /** How many sessions STS issued so far. */
    public long sessionsIssued() {
        return sts.sessionsIssued();
    }

    /**
     * Delivers every stream's buffered data now.
     *
     * @throws UncheckedIOException when an object cannot be written
     */
    public void flush() {
        for (DeliveryStream stream : registry.all()) {
            stream.flush();
        }
    }

    /** Stops answering, delivers what is buffered, and stops every thread this instance started. Idempotent. */
    @Override
    public void close() {
        synchronized (closeLock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        try {
            server.stop();
            flush();
        } finally {
            deliveryTimer.shutdownNow();
        }
    }

    private DeliveryStream existing(String stream) {
        try {
            return registry.get(stream);
        } catch (UnknownStreamException e) {
            throw new IllegalArgumentException("No delivery stream '" + stream + "'; existing: " + registry.names(), e);
        }
    }

    /** One Put call answered HTTP 200: what it carried and who signed it. Immutable. */
    public static final class Call {
        private final PutCall call;

        Call(String stream, String operation, int recordCount, long totalBytes, int failedCount, String accessKeyId) {
            this(new PutCall(stream, operation, recordCount, totalBytes, failedCount, 0, Caller.unverified(accessKeyId, "000000000000")));
        }

        Call(PutCall call) {
            this.call = call;
        }

        public String stream() {
            return call.stream();
        }

        /** {@code PutRecord} or {@code PutRecordBatch}. */
        public String operation() {
            return call.operation();
        }

        /** Records in the request, failed entries included. */
        public int recordCount() {
            return call.recordCount();
        }

        /** Decoded data bytes in the request, failed entries included. */
        public long totalBytes() {
            return call.totalBytes();
        }

        /** Entries answered with an ErrorCode (FailedPutCount). */
        public int failedCount() {
            return call.failedCount();
        }

        /** The access key id from the SigV4 Authorization header, or null for an unsigned call. */
        public String accessKeyId() {
            return call.caller().accessKeyId();
        }

        /**
         * Who signed: {@code arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION} for credentials this
         * instance's STS issued, {@code arn:aws:iam::ACCOUNT:user/ACCESS_KEY} otherwise; null for
         * an unsigned call.
         */
        public String callerArn() {
            return call.caller().arn();
        }

        /** The role whose STS session signed the call, or null when it was not signed by one. */
        public String roleArn() {
            return call.caller().roleArn();
        }

        /** The RoleSessionName of that session, or null. */
        public String roleSessionName() {
            return call.caller().sessionName();
        }

        @Override
        public boolean equals(Object other) {
            if (!(other instanceof Call)) {
                return false;
            }
            Call that = (Call) other;
            return recordCount() == that.recordCount() && totalBytes() == that.totalBytes() && failedCount() == that.failedCount()
                    && stream().equals(that.stream()) && operation().equals(that.operation())
                    && Objects.equals(accessKeyId(), that.accessKeyId()) && Objects.equals(roleArn(), that.roleArn())
                    && Objects.equals(roleSessionName(), that.roleSessionName());
        }

        @Override
        public int hashCode() {
            return Objects.hash(stream(), operation(), recordCount(), totalBytes(), failedCount(), accessKeyId(), roleArn(),
                    roleSessionName());
        }

        @Override
        public String toString() {
            return operation() + "{stream=" + stream() + ", records=" + recordCount() + ", bytes=" + totalBytes()
                    + ", failed=" + failedCount() + ", accessKeyId=" + accessKeyId()
                    + (roleArn() == null ? "" : ", role=" + roleArn() + ", session=" + roleSessionName()) + "}";
        }
    }

    /** Configures and starts a {@link FirehoseLocal}. Not thread-safe. */
    public static final class Builder {
        private int port;
        private Path dataDir;
        private final Set<String> streams = new LinkedHashSet<>();
        private String prefix = DEFAULT_PREFIX;
        private Duration bufferInterval = DEFAULT_BUFFER_INTERVAL;
        private long bufferSizeBytes = DEFAULT_BUFFER_SIZE_BYTES;
        private String region = DEFAULT_REGION;
        private String accountId = DEFAULT_ACCOUNT_ID;
        private Clock clock = Clock.systemUTC();
        private boolean retainRecords = true;
        private String errorOutputPrefix;
        private String compression = DestinationSettings.UNCOMPRESSED;
        private boolean appendDelimiter;
        private boolean verifySignatures;
        private final Map<String, String> users = new LinkedHashMap<>();
        private final Map<String, String> roles = new LinkedHashMap<>();
        private final Set<String> rolesWithoutOwnExternalId = new LinkedHashSet<>();
        private String externalId;
        private Duration sessionDuration = RoleSettings.DEFAULT_SESSION;
        private Duration minimumSessionDuration = RoleSettings.MIN_SESSION;
        private Duration maxSessionDuration = RoleSettings.DEFAULT_MAX_SESSION;
        private Quota quota = Quota.NONE;
        private final Map<String, Quota> streamQuotas = new LinkedHashMap<>();
        private Path tlsKeystore;
        private String tlsKeystorePassword;

        private Builder() {
        }

        /**
         * Serves HTTPS with the private key and certificate in this PKCS12 keystore (its one key entry; for
         * 127.0.0.1 its certificate needs {@code SAN=ip:127.0.0.1}, see {@link LoopbackCertificate}). Clients must
         * trust the certificate. Default none: plain HTTP.
         */
        public Builder tlsKeystore(Path keystore, String password) {
            this.tlsKeystore = keystore;
            this.tlsKeystorePassword = password;
            return this;
        }

        /**
         * ErrorOutputPrefix of the streams that exist from the start, where records that fail
         * processing land; {@code !{firehose:error-output-type}} expands to {@code processing-failed}.
         * Default none: {@code processing-failed/yyyy/MM/dd/HH/}.
         */
        public Builder errorOutputPrefix(String errorOutputPrefix) {
            this.errorOutputPrefix = errorOutputPrefix;
            return this;
        }

        /** {@code UNCOMPRESSED} (default) or {@code GZIP} (objects end in {@code .gz}). */
        public Builder compression(String compression) {
            this.compression = compression;
            return this;
        }

        /** Runs the AppendDelimiterToRecord processor: a '\n' after every record in delivered objects. Default off. */
        public Builder appendDelimiter(boolean appendDelimiter) {
            this.appendDelimiter = appendDelimiter;
            return this;
        }

        /**
         * A user of the logging account (repeatable). Once any is configured, signatures are
         * checked and STS and Firehose accept only these keys and the sessions STS issued.
         */
        public Builder credentials(String accessKeyId, String secretAccessKey) {
            users.put(accessKeyId, secretAccessKey);
            return this;
        }

        /**
         * Checks SigV4 signatures of the sessions STS issued and of configured users even with no
         * role or user configured (unknown keys are then refused). Default false: any key passes.
         */
        public Builder verifySignatures(boolean verifySignatures) {
            this.verifySignatures = verifySignatures;
            return this;
        }

        /**
         * A role STS issues sessions for (repeatable); its trust requires {@link #externalId} if
         * one is set. Once any role is configured, signatures are checked and PutRecord/PutRecordBatch
         * accept only sessions of these roles (AccessDeniedException otherwise).
         */
        public Builder role(String roleArn) {
            roles.put(roleArn, null);
            rolesWithoutOwnExternalId.add(roleArn);
            return this;
        }

        /** A role whose trust requires this external id in AssumeRole. */
        public Builder role(String roleArn, String externalId) {
            roles.put(roleArn, externalId);
            rolesWithoutOwnExternalId.remove(roleArn);
            return this;
        }

        /** The external id every {@link #role(String)} requires; default none. */
        public Builder externalId(String externalId) {
            this.externalId = externalId;
            return this;
        }

        /** Session length when AssumeRole leaves DurationSeconds out; default 1 h (AWS's default). */
        public Builder sessionDuration(Duration sessionDuration) {
            this.sessionDuration = sessionDuration;
            return this;
        }

        /**
         * The shortest session AssumeRole may ask for; default 900 s as AWS. Lower it (down to 1 s)
         * only in tests that prove credentials are refreshed before they expire.
         */
        public Builder minimumSessionDuration(Duration minimumSessionDuration) {
            this.minimumSessionDuration = minimumSessionDuration;
            return this;
        }

        /** The roles' MaxSessionDuration: the longest DurationSeconds allowed; default 1 h (IAM's default), at most 12 h. */
        public Builder maxSessionDuration(Duration maxSessionDuration) {
            this.maxSessionDuration = maxSessionDuration;
            return this;
        }

        /**
         * Firehose's per-stream quota (bytes, records and Put calls per second) for every stream, e.g.
         * {@link Quota#SMALL} or {@link Quota#LARGE}; default {@link Quota#NONE}. The same as
         * {@link FaultInjector#quota(Quota)} at start, so {@code faults().reset()} lifts it too.
         */
        public Builder quota(Quota quota) {
            this.quota = quota;
            return this;
        }

        /** The quota of one stream, over {@link #quota(Quota)}; the stream need not exist yet. */
        public Builder quota(String stream, Quota quota) {
            streamQuotas.put(stream, quota);
            return this;
        }

        /** TCP port on 127.0.0.1; 0 (the default) picks a free one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Where objects land; null (the default) keeps data in memory only. Created if missing. */
        public Builder dataDir(Path dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        /** A delivery stream that exists from the start (repeatable). */
        public Builder stream(String name) {
            streams.add(name);
            return this;
        }

        /** S3 prefix with {@code !{timestamp:PATTERN}} / {@code !{firehose:random-string}}; default {@link #DEFAULT_PREFIX}. */
        public Builder prefix(String prefix) {
            this.prefix = prefix;
            return this;
        }

        /** Deliver this long after the oldest buffered record arrived; default 300 s; zero delivers after every Put call. */
        public Builder bufferInterval(Duration bufferInterval) {
            this.bufferInterval = bufferInterval;
            return this;
        }

        /** Deliver once this many bytes are buffered; default 5 MiB. */
        public Builder bufferSizeBytes(long bufferSizeBytes) {
            this.bufferSizeBytes = bufferSizeBytes;
            return this;
        }

        /** Region in ARNs; default us-east-1. */
        public Builder region(String region) {
            this.region = region;
            return this;
        }

        /** Account id in ARNs and error messages; default 123456789012. */
        public Builder accountId(String accountId) {
            this.accountId = accountId;
            return this;
        }

        /** Arrival time source for prefixes and object names; default the UTC system clock. */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /**
         * Whether {@link #records}/{@link #lines}/ keep every accepted record in memory; default
         * true (tests). The runnable jar turns it off so a long run does not grow.
         */
        public Builder retainRecords(boolean retainRecords) {
            this.retainRecords = retainRecords;
            return this;
        }

        /**
         * Validates every setting at once, binds 127.0.0.1 and starts answering.
         *
         * @throws IllegalArgumentException listing every bad setting
         * @throws UncheckedIOException when the port cannot be bound or the data dir created
         */
        public FirehoseLocal start() {
            List<String> problems = new ArrayList<>();
            if (port < 0 || port > 65535) {
                problems.add("port=" + port + " is outside 0..65535; use 0 for a free port");
            }
            for (String name : streams) {
                if (!StreamRegistry.isValidName(name)) {
                    problems.add("stream='" + name + "' is not a Firehose stream name; use 1..64 of [a-zA-Z0-9_.-]");
                }
            }
            PrefixExpander expander = null;
            if (prefix == null) {
                problems.add("prefix is null; omit it for the default " + DEFAULT_PREFIX);
            } else {
                try {
                    expander = PrefixExpander.compile(prefix);
                } catch (IllegalArgumentException e) {
                    problems.add(e.getMessage());
                }
            }
            if (bufferInterval == null || bufferInterval.isNegative()) {
                problems.add("bufferInterval=" + bufferInterval + " must be zero or positive");
            }
            if (bufferSizeBytes < 1) {
                problems.add("bufferSizeBytes=" + bufferSizeBytes + " must be at least 1");
            }
            if (region == null || region.isEmpty()) {
                problems.add("region is empty; omit it for " + DEFAULT_REGION);
            }
            if (accountId == null || !accountId.matches("[0-9]{12}")) {
                problems.add("accountId=" + accountId + " must be 12 digits");
            }
            if (clock == null) {
                problems.add("clock is null");
            }
            if (quota == null) {
                problems.add("quota is null; use Quota.NONE for no limit");
            }
            for (Map.Entry<String, Quota> own : streamQuotas.entrySet()) {
                if (!StreamRegistry.isValidName(own.getKey()) || own.getValue() == null) {
                    problems.add("quota(" + own.getKey() + ", " + own.getValue() + ") needs a Firehose stream name and a Quota");
                }
            }
            if (errorOutputPrefix != null) {
                try {
                    PrefixExpander.compileErrorPrefix(errorOutputPrefix);
                } catch (IllegalArgumentException e) {
                    problems.add("errorOutputPrefix: " + e.getMessage());
                }
            }
            if (!DestinationSettings.UNCOMPRESSED.equals(compression) && !DestinationSettings.GZIP.equals(compression)) {
                problems.add("compression=" + compression + " is not supported; use UNCOMPRESSED or GZIP");
            }
            for (Map.Entry<String, String> user : users.entrySet()) {
                if (user.getKey() == null || user.getKey().isEmpty() || user.getValue() == null || user.getValue().isEmpty()) {
                    problems.add("credentials(" + user.getKey() + ", ...) need a non-empty access key id and secret");
                }
            }
            for (String role : roles.keySet()) {
                if (role == null || !RoleSettings.ROLE_ARN.matcher(role).matches()) {
                    problems.add("role=" + role + " is not an IAM role ARN (arn:aws:iam::ACCOUNT:role/NAME)");
                }
            }
            if (minimumSessionDuration == null || minimumSessionDuration.getSeconds() < 1
                    || minimumSessionDuration.compareTo(RoleSettings.MIN_SESSION) > 0) {
                problems.add("minimumSessionDuration=" + minimumSessionDuration + " must be 1 s..900 s");
            }
            if (maxSessionDuration == null || maxSessionDuration.compareTo(RoleSettings.DEFAULT_MAX_SESSION) < 0
                    || maxSessionDuration.compareTo(RoleSettings.MAX_SESSION) > 0) {
                problems.add("maxSessionDuration=" + maxSessionDuration + " must be 1 h..12 h, as a role's MaxSessionDuration");
            }
            if (sessionDuration == null || minimumSessionDuration != null && sessionDuration.compareTo(minimumSessionDuration) < 0
                    || maxSessionDuration != null && sessionDuration.compareTo(maxSessionDuration) > 0) {
                problems.add("sessionDuration=" + sessionDuration + " must lie between minimumSessionDuration="
                        + minimumSessionDuration + " and maxSessionDuration=" + maxSessionDuration);
            }
            SSLContext tls = null;
            if (tlsKeystore != null && tlsKeystorePassword == null) {
                problems.add("tlsKeystore=" + tlsKeystore + " has no password; give the keystore's password");
            } else if (tlsKeystore != null) {
                try {
                    tls = ServerKeystore.sslContext(tlsKeystore, tlsKeystorePassword);
                } catch (IOException | GeneralSecurityException e) {
                    problems.add("tlsKeystore=" + tlsKeystore + " cannot serve HTTPS (" + e + "); give a PKCS12 keystore"
                            + " holding a private key, and its password");
                }
            }
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException("Invalid FirehoseLocal configuration: " + String.join("; ", problems));
            }
            DestinationSettings defaults = new DestinationSettings(expander, errorOutputPrefix, bufferSizeBytes, bufferInterval,
                    compression, "arn:aws:s3:::firehose-local",
                    "arn:aws:iam::" + accountId + ":role/firehose-local", appendDelimiter);
            if (externalId != null) {
                for (String role : rolesWithoutOwnExternalId) {
                    roles.put(role, externalId);
                }
            }
            try {
                ObjectStore store = dataDir == null ? ObjectStore.DISCARD : new S3FolderWriter(dataDir);
                return new FirehoseLocal(this, defaults, store, tls);
            } catch (IOException e) {
                throw new UncheckedIOException("FirehoseLocal could not start on 127.0.0.1:" + port
                        + (dataDir == null ? "" : " with data dir " + dataDir), e);
            }
        }
    }
}
