package io.github.firehoseappender.local.auth;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class SignatureV4Test {

    /** The worked example in AWS's SigV4 documentation (IAM ListUsers, 2015-08-30). */
    @Test
    void signingKeyMatchesAwsDocumentedExample() {
        byte[] key = SignatureV4.signingKey("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "20150830", "us-east-1", "iam");

        assertEquals("c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9", SignatureV4.hex(key));
    }

    @Test
    void readsTheAccessKeyFromTheSigV4Credential() {
        assertEquals("AKIDEXAMPLE", AuthorizationHeader.accessKeyId("AWS4-HMAC-SHA256 "
                + "Credential=AKIDEXAMPLE/20150830/us-east-1/firehose/aws4_request, SignedHeaders=host;x-amz-date, Signature=abc"));
        assertNull(AuthorizationHeader.accessKeyId(null));
        assertNull(AuthorizationHeader.accessKeyId("Bearer token"));
    }
}
