package io.github.firehoseappender.userpaths;

import static io.github.firehoseappender.userpaths.UserPath.Stop.EXIT;
import static io.github.firehoseappender.userpaths.UserPath.Stop.SIGTERM;
import static io.github.firehoseappender.userpaths.UserPath.Stop.STOP;
import static io.github.firehoseappender.userpaths.UserApp.LOGBACK;

import io.github.firehoseappender.testkit.LocalFirehoseServer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A Logback user's application, through SLF4J, configured by the README's logback.xml and the environment. */
class LogbackUserPathsTest {
    @RegisterExtension
    final LocalFirehoseServer local = new LocalFirehoseServer(UserPathRun.STREAM);
    @TempDir
    Path workDir;

    @Test
    void startupBurstOnRootIsDeliveredWhenLoggerContextStops() throws InterruptedException {
        run(UserPath.of("Logback · root · LoggerContext.stop() · burst", LOGBACK, "logback-root.xml", "burst", STOP));
    }

    @Test
    void steadyRateOnRootIsDeliveredWhenLoggerContextStops() throws InterruptedException {
        run(UserPath.of("Logback · root · LoggerContext.stop() · steady", LOGBACK, "logback-root.xml", "steady", STOP));
    }

    @Test
    void steadyRateOnRootIsDeliveredByShutdownHookAtJvmExit() throws InterruptedException {
        run(UserPath.of("Logback · root · <shutdownHook/> at exit · steady", LOGBACK, "logback-root.xml", "steady",
                EXIT));
    }

    @Test
    void steadyRateOnRootIsDeliveredOnSigterm() throws InterruptedException {
        run(UserPath.of("Logback · root · SIGTERM · steady", LOGBACK, "logback-root.xml", "steady", SIGTERM));
    }

    @Test
    void startupBurstOnRootIsDeliveredOnSigterm() throws InterruptedException {
        run(UserPath.of("Logback · root · SIGTERM · burst", LOGBACK, "logback-root.xml", "burst", SIGTERM));
    }

    @Test
    void eventsLoggedDuringAnOutageAreDeliveredAfterRecovery() throws InterruptedException {
        run(UserPath.of("Logback · root · LoggerContext.stop() · outage", LOGBACK, "logback-root.xml", "outage", STOP));
    }

    @Test
    void anOutageOverflowingASmallBufferCountsEveryDropAndSaysSoOnStderr() throws InterruptedException {
        run(UserPath.of("Logback · root, bufferEvents=1000 · LoggerContext.stop() · outage (lossy)", LOGBACK,
                "logback-root-small-buffer.xml", "outage", STOP).expectingDrops());
    }

    @Test
    void steadyRateBehindAsyncAppenderIsDeliveredWithoutShippingSdkEvents() throws InterruptedException {
        run(UserPath.of("Logback · AsyncAppender · LoggerContext.stop() · steady", LOGBACK,
                "logback-async-appender.xml", "steady", STOP));
    }

    @Test
    void steadyRateBehindAsyncAppenderIsDeliveredByShutdownHookAtJvmExit() throws InterruptedException {
        run(UserPath.of("Logback · AsyncAppender · <shutdownHook/> at exit · steady", LOGBACK,
                "logback-async-appender.xml", "steady", EXIT));
    }

    @Test
    void steadyRateOnRootIsDeliveredOnJava25() throws InterruptedException {
        java.nio.file.Path jdk = OtherJdks.java25().orElse(null);
        org.junit.jupiter.api.Assumptions.assumeTrue(jdk != null, "no JDK 25 here (set JAVA25_HOME)");
        run(UserPath.of("Logback · root · SIGTERM · steady · JDK 25", LOGBACK, "logback-root.xml", "steady", SIGTERM)
                .onJava(jdk));
    }

    private void run(UserPath path) throws InterruptedException {
        UserPathRun.run(path, local, workDir);
    }
}
