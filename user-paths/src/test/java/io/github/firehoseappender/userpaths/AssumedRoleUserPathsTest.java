package io.github.firehoseappender.userpaths;

import static io.github.firehoseappender.userpaths.UserApp.LOG4J2;
import static io.github.firehoseappender.userpaths.UserApp.LOGBACK;
import static io.github.firehoseappender.userpaths.UserPath.Stop.STOP;

import io.github.firehoseappender.testkit.LocalFirehoseServer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's production setup: {@code FIREHOSE_ROLE_ARN} set, so the appender assumes the logging account's role
 * with STS and signs with its sessions; firehose-local accepts Put calls only from those sessions. Run on exactly the
 * published runtime classpath, it shows the STS path needs nothing that was trimmed from it.
 */
class AssumedRoleUserPathsTest {
    private static final String ROLE = "arn:aws:iam::123456789012:role/central-logs-producer";

    @RegisterExtension
    final LocalFirehoseServer local = new LocalFirehoseServer(UserPathRun.STREAM, ROLE);
    @TempDir
    Path workDir;

    @Test
    void logbackDeliversThroughTheAssumedRole() throws InterruptedException {
        run(UserPath.of("Logback · root, assumed role · LoggerContext.stop() · steady", LOGBACK, "logback-root.xml",
                "steady", STOP));
    }

    @Test
    void log4j2DeliversThroughTheAssumedRole() throws InterruptedException {
        run(UserPath.of("Log4j2 · root, assumed role · LogManager.shutdown() · steady", LOG4J2, "log4j2-root.xml",
                "steady", STOP));
    }

    private void run(UserPath path) throws InterruptedException {
        UserPathRun.run(path.withEnvironment("FIREHOSE_ROLE_ARN", ROLE)
                .withEnvironment("FIREHOSE_STS_ENDPOINT", local.endpoint().toString()), local, workDir);
    }
}
