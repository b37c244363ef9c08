package io.github.firehoseappender.examples.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.firehoseappender.examples.lambda.snapstart.Core;
import io.github.firehoseappender.examples.service.LogbackOnFirehoseLocal;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * SnapStart as the deployment jar meets it: {@code org.crac} (a dependency of this example, so in lambda-handler.jar)
 * finds a CRaC implementation, here the test one in {@code snapstart} (named by the Surefire configuration), and the
 * appender registers with it when it starts; a checkpoint and restore through {@code org.crac.Core
 * .checkpointRestore()}, as the Lambda runtime makes around the snapshot of a published version, delivers what init
 * logged before the snapshot, and the first invocation after the restore delivers its own events by its flush, on a
 * new client. The appender's batch delay is ten minutes: only those flushes can have delivered anything.
 */
@Timeout(60)
class SnapStartTest {

    @Test
    void theAppenderRegistersItsCracResourceWhenItStarts() {
        int before = Core.registered();
        try (LogbackOnFirehoseLocal logging = ApiHandlerTest.lambdaLogging()) {
            assertThat(Core.registered()).as("resources registered through org.crac").isGreaterThan(before);
        }
    }

    private static String idPrefix(JsonNode event) {
        String id = event.path("event_id").asText();
        return id.substring(0, id.indexOf('-'));
    }

    @Test
    void theSnapshotHoldsInitsEventsDeliveredAndTheFirstInvocationAfterRestoreDeliversItsOwn() throws Exception {
        try (LogbackOnFirehoseLocal logging = ApiHandlerTest.lambdaLogging()) {
            ApiHandler handler = new ApiHandler(logging.logback());
            logging.logback().getLogger("init").info("handler ready");
            List<JsonNode> deliveredAtSnapshot = new CopyOnWriteArrayList<>();
            Core.atSnapshot(() -> deliveredAtSnapshot.addAll(logging.acceptedEvents()));

            org.crac.Core.checkpointRestore();

            assertThat(deliveredAtSnapshot).as("delivered before the snapshot")
                    .extracting(e -> e.path("message").asText()).containsExactly("handler initialized", "handler ready");
            assertThat(handler.handleRequest(ApiHandlerTest.get("/hello", "api-1"),
                    new InvocationContext("restored-1")).getStatusCode()).isEqualTo(200);
            List<JsonNode> accepted = logging.acceptedEvents(); // no flush here: the handler's flush or nothing
            assertThat(ApiHandlerTest.ofInvocation(accepted, "restored-1")).as("the invocation after restore")
                    .hasSize(2);
            assertThat(accepted).hasSize(4);
            assertThat(accepted.stream().map(SnapStartTest::idPrefix).distinct())
                    .as("event_id prefixes: init's, then a new one drawn after the restore, so environments resumed "
                            + "from one snapshot do not share ids").hasSize(2)
                    .containsExactly(idPrefix(accepted.get(0)), idPrefix(accepted.get(3)));
        }
    }
}
