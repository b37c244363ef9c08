package io.github.firehoseappender.core.send;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.firehoseappender.core.send.PutOutcome.Kind;
import java.net.ConnectException;
import java.net.SocketException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.firehose.model.ResourceNotFoundException;
import software.amazon.awssdk.services.firehose.model.ServiceUnavailableException;

class FailureClassifierTest {
    private static final String ROLE = "arn:aws:iam::123456789012:role/producer";
    private final FailureClassifier withRole =
            new FailureClassifier("logs", "eu-west-1", ROLE, "http://127.0.0.1:4566");
    private final FailureClassifier noRole = new FailureClassifier("logs", "eu-west-1", null, null);

    private static SdkClientException io(Exception cause) {
        return SdkClientException.builder().message("Unable to execute HTTP request: " + cause.getMessage())
                .cause(cause).build();
    }

    @Test
    void refusedConnectionNeverReachedFirehoseSoItIsASafeRetry() {
        PutOutcome outcome = noRole.classify(io(new ConnectException("Connection refused")));
        assertThat(outcome.kind()).isEqualTo(Kind.RETRYABLE);
        assertThat(outcome.message()).contains("cannot connect to Firehose for logs");
    }

    @Test
    void failuresBeforeTheRequestWasWrittenAreRetriedButNotCountedAsPossibleDuplicates() {
        assertThat(noRole.classify(io(new java.net.SocketTimeoutException("connect timed out"))).kind())
                .isEqualTo(Kind.RETRYABLE);
        assertThat(noRole.classify(io(new java.net.UnknownHostException("firehose.nowhere.example"))).kind())
                .isEqualTo(Kind.RETRYABLE);
        assertThat(noRole.classify(io(new javax.net.ssl.SSLHandshakeException("PKIX path building failed"))).kind())
                .isEqualTo(Kind.RETRYABLE);
        assertThat(noRole.classify(io(new java.net.NoRouteToHostException("No route to host"))).kind())
                .isEqualTo(Kind.RETRYABLE);
        SdkClientException attemptTimedOutWhileConnecting = SdkClientException.builder().message("timed out")
                .cause(software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException.builder()
                        .message("attempt timeout").cause(new java.net.SocketTimeoutException("Connect timed out"))
                        .build()).build();
        assertThat(noRole.classify(attemptTimedOutWhileConnecting).kind()).isEqualTo(Kind.RETRYABLE);
    }

    @Test
    void readTimeoutAfterSendingStaysAmbiguous() {
        assertThat(noRole.classify(io(new java.net.SocketTimeoutException("Read timed out"))).kind())
                .isEqualTo(Kind.AMBIGUOUS);
        assertThat(noRole.classify(io(new javax.net.ssl.SSLException("Connection reset"))).kind())
                .isEqualTo(Kind.AMBIGUOUS);
    }

    @Test
    void answerLostAfterSendingIsAmbiguous() {
        assertThat(noRole.classify(io(new SocketException("Unexpected end of file from server"))).kind())
                .isEqualTo(Kind.AMBIGUOUS);
        assertThat(noRole.classify(io(new SocketException("Connection reset"))).kind()).isEqualTo(Kind.AMBIGUOUS);
    }

    @Test
    void throttlingIsRetriedAndUnknownStreamNamesTheFix() {
        ServiceUnavailableException slowDown = ServiceUnavailableException.builder().statusCode(503)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("ServiceUnavailableException")
                        .errorMessage("Slow down.").build()).build();
        assertThat(noRole.classify(slowDown).kind()).isEqualTo(Kind.RETRYABLE);

        ResourceNotFoundException missing = ResourceNotFoundException.builder().statusCode(400)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("ResourceNotFoundException")
                        .errorMessage("Firehose logs under account 1 not found.").build()).build();
        PutOutcome outcome = noRole.classify(missing);
        assertThat(outcome.kind()).isEqualTo(Kind.NON_RETRYABLE);
        assertThat(outcome.message()).contains("create the stream or fix deliveryStream=logs");
    }

    @Test
    void unreachableStsIsNamedWithItsEndpointNotAsFirehose() {
        PutOutcome outcome = withRole.classifyCredentials(io(new ConnectException("Connection refused")));
        assertThat(outcome.kind()).isEqualTo(Kind.RETRYABLE);
        assertThat(outcome.message()).contains("STS at http://127.0.0.1:4566").contains(ROLE)
                .doesNotContain("connect to Firehose");
    }

    @Test
    void missingCredentialsWithoutARoleNeedAFix() {
        PutOutcome outcome = noRole.classifyCredentials(SdkClientException.create("Unable to load credentials"));
        assertThat(outcome.kind()).isEqualTo(Kind.NON_RETRYABLE);
        assertThat(outcome.message()).contains("provide credentials");
    }

    @Test
    void anUnknownHostPointsAtTheRegionAndEndpoint() {
        PutOutcome outcome = noRole.classify(io(new java.net.UnknownHostException("firehose.eu-wset-1.amazonaws.com")));
        assertThat(outcome.kind()).isEqualTo(Kind.RETRYABLE);
        assertThat(outcome.message()).contains("cannot resolve the Firehose host for logs")
                .contains("firehose.eu-wset-1.amazonaws.com").contains("check region=eu-west-1")
                .contains("FIREHOSE_ENDPOINT");
    }
}
