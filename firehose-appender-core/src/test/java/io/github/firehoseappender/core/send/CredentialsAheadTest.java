package io.github.firehoseappender.core.send;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.firehoseappender.core.LocalConfig;
import io.github.firehoseappender.core.batch.Record;
import io.github.firehoseappender.core.config.Wire;
import io.github.firehoseappender.core.send.PutOutcome.Kind;
import io.github.firehoseappender.local.FirehoseLocal;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Building a transport (on the client-setup thread) also resolves its credentials, so the first call, often a flush
 * right after start, does not wait for the default chain's first lookup or the role's AssumeRole; and a failure to
 * resolve them then is no failure of the build: the first call resolves again and reports it as ever.
 */
class CredentialsAheadTest {
    private static final String KEY = "AKIDAHEADTEST";
    private static final String SECRET = "ahead-test-secret";
    private static final String ROLE = "arn:aws:iam::123456789012:role/producer";

    private static FirehoseLocal local() {
        return FirehoseLocal.builder().port(0).stream("logs").credentials(KEY, SECRET).role(ROLE).start();
    }

    /** Built as the client-setup thread builds it: with the role, assumed through {@code stsEndpoint}. */
    private static FirehoseTransport transport(Wire wire, FirehoseLocal local, String stsEndpoint) {
        return FirehoseTransport.create(LocalConfig.against(local.endpoint(), "logs")
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(KEY, SECRET)))
                .roleArn(ROLE).stsEndpoint(stsEndpoint).requestTimeout(Duration.ofSeconds(5)).wire(wire).build(),
                m -> { });
    }

    private static List<Record> oneRecord() {
        return List.of(new Record("{\"message\":\"first\"}\n".getBytes(StandardCharsets.UTF_8), 1, 0));
    }

    @ParameterizedTest
    @EnumSource(Wire.class)
    void theRoleIsAssumedWhenTheTransportIsBuiltAndTheFirstCallUsesThatSession(Wire wire) {
        try (FirehoseLocal local = local();
             FirehoseTransport t = transport(wire, local, local.stsEndpoint().toString())) {
            assertThat(local.sessionsIssued()).as("assumed while building, before any call").isEqualTo(1);

            PutOutcome outcome = t.put("logs", oneRecord());

            assertThat(outcome.kind()).as(String.valueOf(outcome.message())).isEqualTo(Kind.DELIVERED);
            assertThat(local.sessionsIssued()).as("the first call found the session cached").isEqualTo(1);
            assertThat(local.lines("logs")).containsExactly("{\"message\":\"first\"}");
        }
    }

    @ParameterizedTest
    @EnumSource(Wire.class)
    void stsUnreachableWhileBuildingIsReportedByTheFirstCall(Wire wire) throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        try (FirehoseLocal local = local();
             FirehoseTransport t = transport(wire, local, "http://127.0.0.1:" + closedPort)) {
            PutOutcome outcome = t.put("logs", oneRecord());

            assertThat(outcome.kind()).isNotEqualTo(Kind.DELIVERED);
            assertThat(outcome.message()).contains("STS").contains("127.0.0.1:" + closedPort);
            assertThat(local.lines("logs")).isEmpty();
        }
    }
}
