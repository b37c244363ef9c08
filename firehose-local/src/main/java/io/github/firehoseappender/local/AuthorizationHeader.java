package io.github.firehoseappender.local;

/**
 * Reads who signed a call from its SigV4 {@code Authorization} header. The signature itself is
 * not checked here: this only tells tests which access key wrote.
 */
final class AuthorizationHeader {
    private static final String CREDENTIAL = "Credential=";

    private AuthorizationHeader() {
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
}
