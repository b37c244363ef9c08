package io.github.firehoseappender.local.auth;

import io.github.firehoseappender.local.http.ReceivedRequest;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * AWS Signature Version 4, computed the way AWS computes it to check a request: canonical request,
 * string to sign, signing key derived from the secret, HMAC-SHA256 signature. Stateless.
 *
 * @see <a href="https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html">Create a signed AWS API request</a>
 */
final class SignatureV4 {
    static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private SignatureV4() {
    }

    /** The signature the signer should have sent, hex. */
    static String expectedSignature(ReceivedRequest request, AuthorizationHeader authorization, String amzDate, String secretKey) {
        String canonical = canonicalRequest(request, authorization.signedHeaders());
        String toSign = stringToSign(amzDate, authorization.scope(), canonical);
        byte[] key = signingKey(secretKey, authorization.date(), authorization.region(), authorization.service());
        return hex(hmac(key, toSign));
    }

    static String canonicalRequest(ReceivedRequest request, List<String> signedHeaders) {
        StringBuilder out = new StringBuilder(256);
        out.append(request.method()).append('\n');
        out.append(canonicalUri(request.rawPath())).append('\n');
        out.append(canonicalQuery(request.rawQueryPairs())).append('\n');
        for (String name : signedHeaders) {
            out.append(name).append(':').append(canonicalHeaderValue(request.headerValues(name))).append('\n');
        }
        out.append('\n');
        out.append(String.join(";", signedHeaders)).append('\n');
        String declared = request.header("x-amz-content-sha256");
        out.append(UNSIGNED_PAYLOAD.equals(declared) ? UNSIGNED_PAYLOAD : hex(sha256(request.body())));
        return out.toString();
    }

    static String stringToSign(String amzDate, String scope, String canonicalRequest) {
        return AuthorizationHeader.ALGORITHM + "\n" + amzDate + "\n" + scope + "\n"
                + hex(sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
    }

    static byte[] signingKey(String secretKey, String date, String region, String service) {
        byte[] key = hmac(("AWS4" + secretKey).getBytes(StandardCharsets.UTF_8), date);
        key = hmac(key, region);
        key = hmac(key, service);
        return hmac(key, "aws4_request");
    }

    /** Non-S3 services encode each path segment once more on top of the encoding on the wire. */
    private static String canonicalUri(String rawPath) {
        if (rawPath.equals("/")) {
            return "/";
        }
        StringBuilder out = new StringBuilder(rawPath.length() + 8);
        String[] segments = rawPath.split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            if (i > 0) {
                out.append('/');
            }
            out.append(uriEncode(segments[i]));
        }
        return out.toString();
    }

    private static String canonicalQuery(List<String[]> rawPairs) {
        List<String> encoded = new ArrayList<>(rawPairs.size());
        for (String[] pair : rawPairs) {
            encoded.add(uriEncode(percentDecode(pair[0])) + "=" + uriEncode(percentDecode(pair[1])));
        }
        encoded.sort(null);   // by name, then value: '=' sorts before every unreserved character
        return String.join("&", encoded);
    }

    private static String canonicalHeaderValue(List<String> values) {
        List<String> trimmed = new ArrayList<>(values.size());
        for (String value : values) {
            trimmed.add(value.trim().replaceAll(" +", " "));
        }
        return String.join(",", trimmed);
    }

    /** RFC 3986 encoding as SigV4 wants it: unreserved characters kept, everything else %XX upper case. */
    static String uriEncode(String text) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == '~') {
                out.append(c);
            } else {
                out.append('%').append(Character.toUpperCase(HEX[(b >> 4) & 0xf])).append(Character.toUpperCase(HEX[b & 0xf]));
            }
        }
        return out.toString();
    }

    /** Decodes %XX (and, as query strings allow, '+' as a space). */
    private static String percentDecode(String text) {
        if (text.indexOf('%') < 0 && text.indexOf('+') < 0) {
            return text;
        }
        return java.net.URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
    }

    static String hex(byte[] bytes) {
        char[] out = new char[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            out[2 * i] = HEX[(bytes[i] >> 4) & 0xf];
            out[2 * i + 1] = HEX[bytes[i] & 0xf];
        }
        return new String(out);
    }

    /** Compares in time independent of where the first difference is. */
    static boolean sameSignature(String expected, String given) {
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), given.getBytes(StandardCharsets.US_ASCII));
    }
}
