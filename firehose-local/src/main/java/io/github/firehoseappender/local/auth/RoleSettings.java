package io.github.firehoseappender.local.auth;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The roles STS may issue sessions for, each with the external id its trust policy requires (or
 * none), and the session durations allowed. With no roles, STS issues sessions for any role ARN
 * and streams accept any signer. Immutable.
 */
public final class RoleSettings {
    public static final Pattern ROLE_ARN = Pattern.compile("arn:aws[a-z-]*:iam::[0-9]{12}:role/([\\w+=,.@-]+/)*[\\w+=,.@-]{1,64}");
    /** AssumeRole's DurationSeconds bounds (AWS: 900 s to the role's MaxSessionDuration, at most 12 h). */
    public static final Duration MIN_SESSION = Duration.ofSeconds(900);
    public static final Duration MAX_SESSION = Duration.ofHours(12);
    /** A role's MaxSessionDuration when IAM is not told otherwise. */
    public static final Duration DEFAULT_MAX_SESSION = Duration.ofHours(1);
    public static final Duration DEFAULT_SESSION = Duration.ofHours(1);

    private final Map<String, String> externalIdByRole;
    private final Duration sessionDuration;
    private final Duration minimumSessionDuration;
    private final Duration maxSessionDuration;

    public RoleSettings(Map<String, String> externalIdByRole, Duration sessionDuration, Duration minimumSessionDuration,
                 Duration maxSessionDuration) {
        this.externalIdByRole = Collections.unmodifiableMap(new LinkedHashMap<>(externalIdByRole));
        this.sessionDuration = sessionDuration;
        this.minimumSessionDuration = minimumSessionDuration;
        this.maxSessionDuration = maxSessionDuration;
    }

    /** Whether roles were configured: then Put calls must be signed by one of their sessions. */
    public boolean restricted() {
        return !externalIdByRole.isEmpty();
    }

    public boolean allows(String roleArn) {
        return !restricted() || externalIdByRole.containsKey(roleArn);
    }

    /** The external id the role's trust requires, or null. */
    public String requiredExternalId(String roleArn) {
        return externalIdByRole.get(roleArn);
    }

    public Map<String, String> roles() {
        return externalIdByRole;
    }

    /** Length of a session when AssumeRole leaves DurationSeconds out. */
    public Duration sessionDuration() {
        return sessionDuration;
    }

    public Duration minimumSessionDuration() {
        return minimumSessionDuration;
    }

    public Duration maxSessionDuration() {
        return maxSessionDuration;
    }
}
