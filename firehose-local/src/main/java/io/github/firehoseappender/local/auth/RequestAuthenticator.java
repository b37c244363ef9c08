package io.github.firehoseappender.local.auth;

import io.github.firehoseappender.local.http.ReceivedRequest;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Decides who signed a request. Permissive unless verification is on (users or roles configured):
 * then the access key must be known, a session token must match and be unexpired, the SigV4
 * signature must be the one its secret gives, the date within 15 minutes and the scope this
 * region and service — each refusal with the reason AWS gives. Thread-safe.
 */
public final class RequestAuthenticator {
    static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(15);
    public static final String SIGNATURE_MISMATCH = "The request signature we calculated does not match the signature you provided. "
            + "Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";
    private static final DateTimeFormatter AMZ_DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final CredentialStore credentials;
    private final Clock clock;
    private final String region;
    private final boolean verifying;

    public RequestAuthenticator(CredentialStore credentials, Clock clock, String region, boolean verifying) {
        this.credentials = credentials;
        this.clock = clock;
        this.region = region;
        this.verifying = verifying;
    }

    boolean isVerifying() {
        return verifying;
    }

    /**
     * @param service the SigV4 service name the scope must carry ({@code firehose}, {@code sts})
     * @param unknownKeysAllowed whether a key without a known secret passes unverified (STS when no
     *                           users are configured: the application account is not modelled)
     * @throws AuthenticationException when verification is on and the signer is refused
     */
    public Caller authenticate(ReceivedRequest request, String service, boolean unknownKeysAllowed) {
        String header = request.header("Authorization");
        if (!verifying) {
            String accessKeyId = AuthorizationHeader.accessKeyId(header);
            CredentialStore.Credential known = credentials.find(accessKeyId);
            return known != null ? known.caller : Caller.unverified(accessKeyId, credentials.accountId());
        }
        if (header == null) {
            throw AuthenticationException.missing();
        }
        AuthorizationHeader authorization = AuthorizationHeader.parse(header);
        CredentialStore.Credential credential = credentials.find(authorization.accessKeyId());
        if (credential == null) {
            if (unknownKeysAllowed) {
                return Caller.unverified(authorization.accessKeyId(), credentials.accountId());
            }
            throw AuthenticationException.unrecognized();
        }
        String token = request.header("X-Amz-Security-Token");
        Instant now = clock.instant();
        if (credential.isTemporary()) {
            if (!credential.sessionToken.equals(token)) {
                throw AuthenticationException.unrecognized();
            }
            if (!now.isBefore(credential.expiration)) {
                throw AuthenticationException.expired();
            }
        } else if (token != null) {
            throw AuthenticationException.unrecognized();   // a long-term key never comes with a token
        }
        String amzDate = request.header("X-Amz-Date");
        if (amzDate == null) {
            throw AuthenticationException.incomplete("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. "
                    + "Authorization=" + header);
        }
        checkDate(amzDate, authorization, now);
        if (!authorization.region().equals(region)) {
            throw AuthenticationException.badSignature("Credential should be scoped to a valid region. ");
        }
        if (!authorization.service().equals(service)) {
            throw AuthenticationException.badSignature("Credential should be scoped to correct service: '" + service + "'. ");
        }
        if (!authorization.signedHeaders().contains("host")) {
            throw AuthenticationException.incomplete("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
        }
        String expected = SignatureV4.expectedSignature(request, authorization, amzDate, credential.secretKey);
        if (!SignatureV4.sameSignature(expected, authorization.signature())) {
            throw AuthenticationException.badSignature(SIGNATURE_MISMATCH);
        }
        return credential.caller;
    }

    private static void checkDate(String amzDate, AuthorizationHeader authorization, Instant now) {
        Instant signedAt;
        try {
            signedAt = Instant.from(AMZ_DATE.parse(amzDate));
        } catch (DateTimeParseException e) {
            throw AuthenticationException.incomplete("X-Amz-Date '" + amzDate + "' is not yyyyMMdd'T'HHmmss'Z'");
        }
        if (!amzDate.startsWith(authorization.date())) {
            throw AuthenticationException.badSignature("Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '"
                    + authorization.date() + "' != '" + amzDate.substring(0, 8) + "', from '" + amzDate + "'.");
        }
        if (signedAt.isBefore(now.minus(MAX_CLOCK_SKEW))) {
            throw AuthenticationException.badSignature("Signature expired: " + amzDate + " is now earlier than "
                    + AMZ_DATE.format(now.minus(MAX_CLOCK_SKEW)) + " (" + AMZ_DATE.format(now) + " - 15 min.)");
        }
        if (signedAt.isAfter(now.plus(MAX_CLOCK_SKEW))) {
            throw AuthenticationException.badSignature("Signature not yet current: " + amzDate + " is still later than "
                    + AMZ_DATE.format(now.plus(MAX_CLOCK_SKEW)) + " (" + AMZ_DATE.format(now) + " + 15 min.)");
        }
    }
}
