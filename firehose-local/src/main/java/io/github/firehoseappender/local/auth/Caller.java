package io.github.firehoseappender.local.auth;

/**
 * Who signed a call: an access key and, for credentials STS issued, the role and session behind
 * it. Immutable.
 */
public final class Caller {
    public static final Caller UNSIGNED = new Caller(null, null, null, null, null);

    private final String accessKeyId;
    private final String arn;
    private final String userId;
    private final String roleArn;
    private final String sessionName;

    public Caller(String accessKeyId, String arn, String userId, String roleArn, String sessionName) {
        this.accessKeyId = accessKeyId;
        this.arn = arn;
        this.userId = userId;
        this.roleArn = roleArn;
        this.sessionName = sessionName;
    }

    /** A signer firehose-local has no secret for: accepted as who it says it is, unverified. */
    public static Caller unverified(String accessKeyId, String accountId) {
        return new Caller(accessKeyId, accessKeyId == null ? null : userArn(accountId, accessKeyId), accessKeyId, null, null);
    }

    public static String userArn(String accountId, String accessKeyId) {
        return "arn:aws:iam::" + accountId + ":user/" + accessKeyId;
    }

    /** May be null for an unsigned call. */
    public String accessKeyId() {
        return accessKeyId;
    }

    /** {@code arn:aws:iam::ACCOUNT:user/NAME} or {@code arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION}; null if unsigned. */
    public String arn() {
        return arn;
    }

    public String userId() {
        return userId;
    }

    /** The role whose session signed, or null. */
    public String roleArn() {
        return roleArn;
    }

    /** The RoleSessionName of that session, or null. */
    public String sessionName() {
        return sessionName;
    }

    public boolean isRoleSession() {
        return roleArn != null;
    }
}
