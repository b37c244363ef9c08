package io.github.firehoseappender.local;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import software.amazon.awssdk.services.firehose.FirehoseClient;

/** A FirehoseLocal with stream "logs" in memory and an SDK client on it, per test; both closed after. */
abstract class LocalFirehoseTestBase {
    protected FirehoseLocal local;
    protected FirehoseClient client;

    @BeforeEach
    void startLocalFirehose() {
        local = FirehoseLocal.builder().stream("logs").start();
        client = SdkClients.client(local);
    }

    @AfterEach
    void stopLocalFirehose() {
        client.close();
        local.close();
    }
}
