package io.github.firehoseappender.local.auth;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The secrets firehose-local knows: configured long-term keys (users of the logging account) and
 * the temporary credentials its STS issued. Thread-safe.
 */
public final class CredentialStore {
    /** Expired sessions are kept this long, so their use is answered ExpiredToken rather than an unknown key. */
    private static final Duration KEEP_EXPIRED = Duration.ofHours(12);
    private static final String UPPER_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private static final String SECRET_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    /** One access key and what firehose-local knows about it. Immutable. */
    public static final class Credential {
        public final String accessKeyId;
        public final String secretKey;
        public final String sessionToken;
        public final Instant expiration;
        public final Caller caller;

        Credential(String accessKeyId, String secretKey, String sessionToken, Instant expiration, Caller caller) {
            this.accessKeyId = accessKeyId;
            this.secretKey = secretKey;
            this.sessionToken = sessionToken;
            this.expiration = expiration;
            this.caller = caller;
        }

        boolean isTemporary() {
            return sessionToken != null;
        }
    }

    private final Map<String, Credential> byAccessKey = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final String accountId;
    private final boolean hasLongTermKeys;

    public CredentialStore(String accountId, Map<String, String> longTermKeys) {
        this.accountId = accountId;
        for (Map.Entry<String, String> key : longTermKeys.entrySet()) {
            byAccessKey.put(key.getKey(), new Credential(key.getKey(), key.getValue(), null, null,
                    new Caller(key.getKey(), Caller.userArn(accountId, key.getKey()), "AIDA" + key.getKey(), null, null)));
        }
        this.hasLongTermKeys = !longTermKeys.isEmpty();
    }

    /** Whether users were configured: then only their keys (and sessions) may call STS. */
    public boolean hasLongTermKeys() {
        return hasLongTermKeys;
    }

    /** @return the credential, or null when the key is unknown */
    Credential find(String accessKeyId) {
        return accessKeyId == null ? null : byAccessKey.get(accessKeyId);
    }

    /** Issues temporary credentials for a role session, expiring at {@code expiration} (whole seconds). */
    public Credential issue(String roleArn, String sessionName, Instant now, Instant expiration) {
        forgetLongExpired(now);
        String roleName = roleArn.substring(roleArn.lastIndexOf('/') + 1);
        String roleAccount = roleArn.split(":")[4];
        String roleId = "AROA" + randomText(UPPER_ALNUM, 17);
        String accessKeyId = "ASIA" + randomText(UPPER_ALNUM, 16);
        Caller caller = new Caller(accessKeyId, "arn:aws:sts::" + roleAccount + ":assumed-role/" + roleName + "/" + sessionName,
                roleId + ":" + sessionName, roleArn, sessionName);
        Credential credential = new Credential(accessKeyId, randomText(SECRET_ALPHABET, 40),
                "FQoGZXIvYXdzEFIRECHOSELOCAL" + randomText(SECRET_ALPHABET, 300), expiration, caller);
        byAccessKey.put(accessKeyId, credential);
        return credential;
    }

    public String accountId() {
        return accountId;
    }

    private void forgetLongExpired(Instant now) {
        Instant horizon = now.minus(KEEP_EXPIRED);
        for (Iterator<Credential> it = byAccessKey.values().iterator(); it.hasNext(); ) {
            Credential credential = it.next();
            if (credential.isTemporary() && credential.expiration.isBefore(horizon)) {
                it.remove();
            }
        }
    }

    private String randomText(String alphabet, int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return out.toString();
    }
}
