package io.github.firehoseappender.local.auth;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * A SigV4 {@code Authorization} header taken apart: {@code AWS4-HMAC-SHA256
 * Credential=AKID/20240101/us-east-1/firehose/aws4_request, SignedHeaders=host;x-amz-date,
 * Signature=hex}. Immutable.
 */
final class AuthorizationHeader {
    static final String ALGORITHM = "AWS4-HMAC-SHA256";
    private static final String CREDENTIAL = "Credential=";

    private final String accessKeyId;
    private final String date;
    private final String region;
    private final String service;
    private final List<String> signedHeaders;
    private final String signature;

    private AuthorizationHeader(String accessKeyId, String date, String region, String service,
                                List<String> signedHeaders, String signature) {
        this.accessKeyId = accessKeyId;
        this.date = date;
        this.region = region;
        this.service = service;
        this.signedHeaders = signedHeaders;
        this.signature = signature;
    }

    /**
     * @param header e.g. {@code AWS4-HMAC-SHA256 Credential=AKID/20240101/us-east-1/firehose/aws4_request, SignedHeaders=..., Signature=...}
     * @return the access key id, or null when the call was not signed with SigV4
     */
    static String accessKeyId(String header) {
        if (header == null) {
            return null;
        }
        int start = header.indexOf(CREDENTIAL);
        if (start < 0) {
            return null;
        }
        start += CREDENTIAL.length();
        int end = header.indexOf('/', start);
        if (end <= start) {
            return null;
        }
        return header.substring(start, end).trim();
    }

    /**
     * @return the parsed header
     * @throws AuthenticationException IncompleteSignature naming what is missing or malformed
     */
    static AuthorizationHeader parse(String header) {
        if (!header.startsWith(ALGORITHM + " ")) {
            throw AuthenticationException.incomplete("Unsupported signing algorithm in Authorization header; firehose-local checks "
                    + ALGORITHM + " only");
        }
        String credential = null;
        String signedHeaders = null;
        String signature = null;
        for (String part : header.substring(ALGORITHM.length() + 1).split(",")) {
            String trimmed = part.trim();
            if (trimmed.startsWith(CREDENTIAL)) {
                credential = trimmed.substring(CREDENTIAL.length());
            } else if (trimmed.startsWith("SignedHeaders=")) {
                signedHeaders = trimmed.substring("SignedHeaders=".length());
            } else if (trimmed.startsWith("Signature=")) {
                signature = trimmed.substring("Signature=".length());
            }
        }
        if (credential == null || signedHeaders == null || signature == null) {
            throw AuthenticationException.incomplete("Authorization header requires 'Credential', 'Signature' and 'SignedHeaders' "
                    + "parameters. Authorization=" + header);
        }
        String[] scope = credential.split("/");
        if (scope.length != 5 || !scope[4].equals("aws4_request") || scope[0].isEmpty()) {
            throw AuthenticationException.incomplete("Credential must have exactly 5 slash-delimited elements, e.g. "
                    + "keyid/date/region/service/aws4_request, got '" + credential + "'");
        }
        return new AuthorizationHeader(scope[0], scope[1], scope[2], scope[3],
                Collections.unmodifiableList(Arrays.asList(signedHeaders.split(";"))), signature);
    }

    String accessKeyId() {
        return accessKeyId;
    }

    /** yyyyMMdd of the credential scope. */
    String date() {
        return date;
    }

    String region() {
        return region;
    }

    String service() {
        return service;
    }

    List<String> signedHeaders() {
        return signedHeaders;
    }

    String signature() {
        return signature;
    }

    String scope() {
        return date + "/" + region + "/" + service + "/aws4_request";
    }
}
