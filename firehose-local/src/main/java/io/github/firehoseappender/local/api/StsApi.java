package io.github.firehoseappender.local.api;

import io.github.firehoseappender.local.auth.AuthenticationException;
import io.github.firehoseappender.local.auth.Caller;
import io.github.firehoseappender.local.auth.CredentialStore;
import io.github.firehoseappender.local.auth.RequestAuthenticator;
import io.github.firehoseappender.local.auth.RoleSettings;
import io.github.firehoseappender.local.http.HttpAnswer;
import io.github.firehoseappender.local.http.ReceivedRequest;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * AWS STS on the same port, query protocol (form-encoded {@code Action=...&Version=2011-06-15}
 * in, XML out): AssumeRole for the configured roles and GetCallerIdentity. Errors are
 * {@code ErrorResponse/Error{Type,Code,Message}} with STS's codes and statuses.
 */
public final class StsApi {
    static final String VERSION = "2011-06-15";
    static final String NAMESPACE = "https://sts.amazonaws.com/doc/2011-06-15/";
    private static final String XML = "text/xml";
    private static final Pattern SESSION_NAME = Pattern.compile("[\\w+=,.@-]{2,64}");
    private static final Pattern EXTERNAL_ID = Pattern.compile("[\\w+=,.@:/-]{2,1224}");

    private final RequestAuthenticator authenticator;
    private final CredentialStore credentials;
    private final RoleSettings roles;
    private final Clock clock;
    private final AtomicLong sessionsIssued = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();

    public StsApi(RequestAuthenticator authenticator, CredentialStore credentials, RoleSettings roles, Clock clock) {
        this.authenticator = authenticator;
        this.credentials = credentials;
        this.roles = roles;
        this.clock = clock;
    }

    /** Whether the request speaks the query protocol: a form body or query string with an Action. */
    public static boolean accepts(ReceivedRequest request) {
        return request.header("X-Amz-Target") == null && request.parameters().containsKey("Action");
    }

    public HttpAnswer handle(ReceivedRequest request) {
        try {
            Map<String, String> parameters = request.parameters();
            String action = parameters.get("Action");
            Caller caller;
            try {
                caller = authenticator.authenticate(request, "sts", !credentials.hasLongTermKeys());
            } catch (AuthenticationException e) {
                throw new StsError(e.reason().queryStatus, "Sender", e.reason().queryCode, e.getMessage());
            }
            String version = parameters.get("Version");
            if (version != null && !version.equals(VERSION)) {
                throw new StsError(400, "Sender", "InvalidAction", "Could not find operation " + action + " for version " + version);
            }
            switch (action) {
                case "AssumeRole":
                    return ok("AssumeRole", assumeRole(parameters, caller));
                case "GetCallerIdentity":
                    return ok("GetCallerIdentity", callerIdentity(caller));
                default:
                    throw new StsError(400, "Sender", "InvalidAction", "Could not find operation " + action + " for version " + VERSION);
            }
        } catch (StsError e) {
            refused.incrementAndGet();
            return error(e);
        }
    }

    public long sessionsIssued() {
        return sessionsIssued.get();
    }

    long refusedCalls() {
        return refused.get();
    }

    private String assumeRole(Map<String, String> parameters, Caller caller) {
        String roleArn = required(parameters, "RoleArn", "roleArn");
        String sessionName = required(parameters, "RoleSessionName", "roleSessionName");
        if (!SESSION_NAME.matcher(sessionName).matches()) {
            throw validation("Value '" + sessionName + "' at 'roleSessionName' failed to satisfy constraint: "
                    + "Member must satisfy regular expression pattern: [\\w+=,.@-]* and have length 2..64");
        }
        if (!RoleSettings.ROLE_ARN.matcher(roleArn).matches()) {
            throw validation("Value '" + roleArn + "' at 'roleArn' failed to satisfy constraint: Member must be an IAM role ARN");
        }
        String externalId = parameters.get("ExternalId");
        if (externalId != null && !EXTERNAL_ID.matcher(externalId).matches()) {
            throw validation("Value at 'externalId' failed to satisfy constraint: "
                    + "Member must satisfy regular expression pattern: [\\w+=,.@:\\/-]* and have length 2..1224");
        }
        Duration duration = duration(parameters.get("DurationSeconds"));
        String callerArn = caller.arn() == null ? "anonymous" : caller.arn();
        if (!roles.allows(roleArn)) {
            throw accessDenied(callerArn, roleArn);
        }
        String requiredExternalId = roles.requiredExternalId(roleArn);
        if (requiredExternalId != null && !requiredExternalId.equals(externalId)) {
            throw accessDenied(callerArn, roleArn);
        }
        Instant now = clock.instant();
        Instant expiration = now.plus(duration).truncatedTo(ChronoUnit.SECONDS);
        CredentialStore.Credential issued = credentials.issue(roleArn, sessionName, now, expiration);
        sessionsIssued.incrementAndGet();
        return "<AssumedRoleUser><Arn>" + escape(issued.caller.arn()) + "</Arn><AssumedRoleId>" + escape(issued.caller.userId())
                + "</AssumedRoleId></AssumedRoleUser>"
                + "<Credentials><AccessKeyId>" + issued.accessKeyId + "</AccessKeyId><SecretAccessKey>" + escape(issued.secretKey)
                + "</SecretAccessKey><SessionToken>" + escape(issued.sessionToken) + "</SessionToken><Expiration>"
                + DateTimeFormatter.ISO_INSTANT.format(expiration) + "</Expiration></Credentials>";
    }

    private String callerIdentity(Caller caller) {
        if (caller.arn() == null) {
            throw new StsError(403, "Sender", "MissingAuthenticationToken", "Request is missing Authentication Token");
        }
        String account = caller.arn().split(":")[4];
        return "<Arn>" + escape(caller.arn()) + "</Arn><UserId>" + escape(caller.userId()) + "</UserId><Account>" + account + "</Account>";
    }

    private Duration duration(String text) {
        if (text == null) {
            return roles.sessionDuration();
        }
        long seconds;
        try {
            seconds = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new StsError(400, "Sender", "MalformedInput", "DurationSeconds '" + text + "' is not an integer");
        }
        if (seconds < roles.minimumSessionDuration().getSeconds()) {
            throw validation("Value '" + seconds + "' at 'durationSeconds' failed to satisfy constraint: "
                    + "Member must have value greater than or equal to " + roles.minimumSessionDuration().getSeconds());
        }
        if (seconds > RoleSettings.MAX_SESSION.getSeconds()) {
            throw validation("Value '" + seconds + "' at 'durationSeconds' failed to satisfy constraint: "
                    + "Member must have value less than or equal to " + RoleSettings.MAX_SESSION.getSeconds());
        }
        if (seconds > roles.maxSessionDuration().getSeconds()) {
            throw new StsError(400, "Sender", "ValidationError",
                    "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
        }
        return Duration.ofSeconds(seconds);
    }

    private static String required(Map<String, String> parameters, String name, String memberPath) {
        String value = parameters.get(name);
        if (value == null || value.isEmpty()) {
            throw validation("Value null at '" + memberPath + "' failed to satisfy constraint: Member must not be null");
        }
        return value;
    }

    private static StsError validation(String detail) {
        return new StsError(400, "Sender", "ValidationError", "1 validation error detected: " + detail);
    }

    private static StsError accessDenied(String callerArn, String roleArn) {
        return new StsError(403, "Sender", "AccessDenied", "User: " + callerArn
                + " is not authorized to perform: sts:AssumeRole on resource: " + roleArn);
    }

    private static HttpAnswer ok(String action, String result) {
        String xml = "<" + action + "Response xmlns=\"" + NAMESPACE + "\">\n  <" + action + "Result>" + result + "</" + action
                + "Result>\n  <ResponseMetadata><RequestId>" + UUID.randomUUID() + "</RequestId></ResponseMetadata>\n</"
                + action + "Response>\n";
        return new HttpAnswer(200, XML, xml.getBytes(StandardCharsets.UTF_8));
    }

    private static HttpAnswer error(StsError e) {
        String xml = "<ErrorResponse xmlns=\"" + NAMESPACE + "\">\n  <Error>\n    <Type>" + e.type + "</Type>\n    <Code>" + e.code
                + "</Code>\n    <Message>" + escape(e.getMessage()) + "</Message>\n  </Error>\n  <RequestId>" + UUID.randomUUID()
                + "</RequestId>\n</ErrorResponse>\n";
        return new HttpAnswer(e.status, XML, xml.getBytes(StandardCharsets.UTF_8));
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<': out.append("&lt;"); break;
                case '>': out.append("&gt;"); break;
                case '&': out.append("&amp;"); break;
                case '"': out.append("&quot;"); break;
                case '\'': out.append("&apos;"); break;
                default: out.append(c);
            }
        }
        return out.toString();
    }

    /** An STS error answer: HTTP status, Type (Sender/Receiver), Code and Message. */
    private static final class StsError extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int status;
        final String type;
        final String code;

        StsError(int status, String type, String code, String message) {
            super(message, null, false, false);
            this.status = status;
            this.type = type;
            this.code = code;
        }
    }
}
