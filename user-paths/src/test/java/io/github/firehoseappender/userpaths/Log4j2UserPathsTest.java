package io.github.firehoseappender.userpaths;

import static io.github.firehoseappender.userpaths.UserApp.LOG4J2;
import static io.github.firehoseappender.userpaths.UserPath.Stop.EXIT;
import static io.github.firehoseappender.userpaths.UserPath.Stop.SIGTERM;
import static io.github.firehoseappender.userpaths.UserPath.Stop.STOP;

import io.github.firehoseappender.testkit.LocalFirehoseServer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A Log4j2 user's application, through the Log4j2 API, configured by the README's log4j2.xml and the environment. */
class Log4j2UserPathsTest {
    private static final String ALL_ASYNC =
            "-Dlog4j2.contextSelector=org.apache.logging.log4j.core.async.AsyncLoggerContextSelector";

    @RegisterExtension
    final LocalFirehoseServer local = new LocalFirehoseServer(UserPathRun.STREAM);
    @TempDir
    Path workDir;

    @Test
    void startupBurstOnRootIsDeliveredWhenLogManagerShutsDown() throws InterruptedException {
        run(UserPath.of("Log4j2 · root · LogManager.shutdown() · burst", LOG4J2, "log4j2-root.xml", "burst", STOP));
    }

    @Test
    void steadyRateOnRootIsDeliveredWhenLogManagerShutsDown() throws InterruptedException {
        run(UserPath.of("Log4j2 · root · LogManager.shutdown() · steady", LOG4J2, "log4j2-root.xml", "steady", STOP));
    }

    @Test
    void steadyRateOnRootIsDeliveredByLog4j2ShutdownHookAtJvmExit() throws InterruptedException {
        run(UserPath.of("Log4j2 · root · Log4j2's hook at exit · steady", LOG4J2, "log4j2-root.xml", "steady", EXIT));
    }

    @Test
    void steadyRateOnRootIsDeliveredOnSigterm() throws InterruptedException {
        run(UserPath.of("Log4j2 · root · SIGTERM · steady", LOG4J2, "log4j2-root.xml", "steady", SIGTERM));
    }

    @Test
    void steadyRateOnRootIsDeliveredOnJava25() throws InterruptedException {
        Path jdk = OtherJdks.java25().orElse(null);
        org.junit.jupiter.api.Assumptions.assumeTrue(jdk != null, "no JDK 25 here (set JAVA25_HOME)");
        run(UserPath.of("Log4j2 · root · SIGTERM · steady · JDK 25", LOG4J2, "log4j2-root.xml", "steady", SIGTERM)
                .onJava(jdk));
    }

    @Test
    void eventsLoggedDuringAnOutageAreDeliveredAfterRecovery() throws InterruptedException {
        run(UserPath.of("Log4j2 · root · LogManager.shutdown() · outage", LOG4J2, "log4j2-root.xml", "outage", STOP));
    }

    @Test
    void anOutageOverflowingASmallBufferCountsEveryDropAndSaysSoOnStderr() throws InterruptedException {
        run(UserPath.of("Log4j2 · root, bufferEvents=1000 · LogManager.shutdown() · outage (lossy)", LOG4J2,
                "log4j2-root-small-buffer.xml", "outage", STOP).expectingDrops());
    }

    @Test
    void steadyRateBehindAsyncAppenderIsDeliveredWhenLogManagerShutsDown() throws InterruptedException {
        run(UserPath.of("Log4j2 · <Async> · LogManager.shutdown() · steady", LOG4J2, "log4j2-async-appender.xml",
                "steady", STOP));
    }

    @Test
    void startupBurstBehindAsyncAppenderIsDeliveredByLog4j2ShutdownHookAtJvmExit() throws InterruptedException {
        run(UserPath.of("Log4j2 · <Async> · Log4j2's hook at exit · burst", LOG4J2, "log4j2-async-appender.xml",
                "burst", EXIT));
    }

    @Test
    void steadyRateUnderAsyncRootIsDeliveredWhenLogManagerShutsDown() throws InterruptedException {
        run(UserPath.of("Log4j2 · <AsyncRoot>/<AsyncLogger> · LogManager.shutdown() · steady", LOG4J2,
                "log4j2-async-root.xml", "steady", STOP));
    }

    @Test
    void steadyRateWithAllLoggersAsyncIsDeliveredByLog4j2ShutdownHookAtJvmExit() throws InterruptedException {
        run(UserPath.of("Log4j2 · all async (context selector) · Log4j2's hook at exit · steady", LOG4J2,
                "log4j2-root.xml", "steady", EXIT).withJvmFlag(ALL_ASYNC));
    }

    /**
     * With its default ring (4,096 slots for a standalone, garbage-free application) Log4j 2.26's all-async loggers
     * lose part of a 50,000-event burst before any appender sees it: a plain File appender alone received 12,858 of
     * 50,000 here, silently. A user with such bursts sizes the ring; so does this case, so it tests what is ours.
     */
    @Test
    void startupBurstWithAllLoggersAsyncIsDeliveredOnSigterm() throws InterruptedException {
        run(UserPath.of("Log4j2 · all async (context selector), ring 262,144 · SIGTERM · burst", LOG4J2,
                "log4j2-root.xml", "burst", SIGTERM).withJvmFlag(ALL_ASYNC)
                .withJvmFlag("-Dlog4j2.asyncLoggerRingBufferSize=262144"));
    }

    @Test
    void eventsLoggedDuringAnOutageWithAllLoggersAsyncAreDeliveredAfterRecovery() throws InterruptedException {
        run(UserPath.of("Log4j2 · all async (context selector) · LogManager.shutdown() · outage", LOG4J2,
                "log4j2-root.xml", "outage", STOP).withJvmFlag(ALL_ASYNC));
    }

    private void run(UserPath path) throws InterruptedException {
        UserPathRun.run(path, local, workDir);
    }
}
