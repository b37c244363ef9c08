package io.github.firehoseappender.core.auth;

import io.github.firehoseappender.core.config.DeliveryConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * The credentials Firehose calls are signed with: the configured provider or the SDK's default chain, and, when a
 * role ARN is set, that role assumed through STS and refreshed automatically. The refresh runs synchronously on the
 * thread that signs (the sender), never on an SDK background thread, so the SDK's own logging always comes from a
 * thread the appender ignores. Owns what it created; {@link #close()} releases it.
 */
public final class FirehoseCredentials implements AutoCloseable {
    private final AwsCredentialsProvider provider;
    private final List<SdkAutoCloseable> owned;
    private final String description;

    private FirehoseCredentials(AwsCredentialsProvider provider, List<SdkAutoCloseable> owned, String description) {
        this.provider = provider;
        this.owned = owned;
        this.description = description;
    }

    /**
     * Builds the provider chain for {@code config}; {@code region} is Firehose's, the STS region's fallback;
     * {@code sdkTimers} runs the STS client's timeouts (owned by the caller).
     */
    public static FirehoseCredentials create(DeliveryConfig config, Region region, ScheduledExecutorService sdkTimers) {
        List<SdkAutoCloseable> owned = new ArrayList<>();
        AwsCredentialsProvider base = config.credentialsProvider();
        String baseName = "the configured credentials provider";
        if (base == null) {
            DefaultCredentialsProvider chain = DefaultCredentialsProvider.builder().build();
            owned.add(chain);
            base = chain;
            baseName = "the default credentials chain";
        }
        if (config.roleArn() == null) {
            return new FirehoseCredentials(base, owned, baseName);
        }
        Region stsRegion = config.stsRegion() != null ? Region.of(config.stsRegion()) : region;
        StsClient sts = SdkClientSettings.apply(StsClient.builder(), config, stsRegion, config.stsEndpoint(), sdkTimers)
                .credentialsProvider(base)
                .build();
        AssumeRoleRequest.Builder request = AssumeRoleRequest.builder()
                .roleArn(config.roleArn())
                .roleSessionName(config.roleSessionName());
        if (config.externalId() != null) {
            request.externalId(config.externalId());
        }
        StsAssumeRoleCredentialsProvider assumed = StsAssumeRoleCredentialsProvider.builder()
                .stsClient(sts)
                .refreshRequest(request.build())
                .asyncCredentialUpdateEnabled(false)
                .build();
        owned.add(0, assumed);
        owned.add(1, sts);
        return new FirehoseCredentials(assumed, owned, "role " + config.roleArn() + " assumed through STS in "
                + stsRegion + (config.stsEndpoint() == null ? "" : " at " + config.stsEndpoint())
                + " with " + baseName + (config.externalId() == null ? "" : " and an external id"));
    }

    public AwsCredentialsProvider provider() {
        return provider;
    }

    /**
     * Resolves the credentials once, ahead of the first call: the thread that builds the client does it, so a flush
     * soon after start does not also wait for the default chain's first lookup (its providers' classes, a profile
     * file, a container or instance endpoint) or the role's AssumeRole. The providers cache what they resolve until
     * it is due for refresh. A failure is not reported here: every call resolves again before it sends, and the
     * first one classifies and reports it (with the role and STS endpoint to fix).
     */
    public void resolveAhead() {
        try {
            provider.resolveCredentials();
        } catch (RuntimeException e) {
            // Left to the first call, which resolves again and reports it: see above.
        }
    }

    /** Where the credentials come from, for status messages; never a key, token or external id. */
    @Override
    public String toString() {
        return description;
    }

    @Override
    public void close() {
        for (SdkAutoCloseable c : owned) {
            try {
                c.close();
            } catch (RuntimeException e) {
                // Closing is best effort at stop: a client that fails to close holds nothing we can release.
            }
        }
    }
}
