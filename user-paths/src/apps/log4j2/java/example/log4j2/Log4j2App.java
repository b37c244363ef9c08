package example.log4j2;

import example.workload.Workload;
import io.github.firehoseappender.log4j2.FirehoseAppender;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.core.LoggerContext;

/**
 * A user's application on Log4j2: logs through the Log4j2 API, configured by the log4j2.xml on its classpath and the
 * environment. Arguments: the workload ({@code burst}, {@code steady}, {@code outage}) and how logging stops:
 * {@code stop} ({@code LogManager.shutdown()}, then the appender's stats), {@code exit} (main returns; Log4j2's
 * shutdown hook stops logging) or {@code sigterm} (waits to be terminated).
 */
public final class Log4j2App {
    private Log4j2App() {
    }

    public static void main(String[] args) throws InterruptedException {
        Logger log = LogManager.getLogger("example.orders");
        Workload.run(args[0], log::info);
        FirehoseAppender firehose = ((LoggerContext) LogManager.getContext(false)).getConfiguration()
                .getAppender("FIREHOSE");
        Workload.end(args[1], () -> {
            LogManager.shutdown();
            return firehose == null ? "no FirehoseAppender found" : firehose.getStats();
        });
    }
}
