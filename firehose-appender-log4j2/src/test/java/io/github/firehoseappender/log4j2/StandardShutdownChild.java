package io.github.firehoseappender.log4j2;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configurator;

/**
 * A user's application in a child JVM: log4j2.xml from {@code -Dlog4j2.configurationFile}, the stream and endpoint from
 * {@code FIREHOSE_*} environment variables, events from several threads through {@code LogManager.getLogger}, then
 * logging stopped the way the first argument names. Says READY once configured and waits for a line on stdin, so the
 * parent can arrange faults before anything is sent.
 *
 * <p>Arguments: {@code <events> <threads> <LogManager.shutdown|Configurator.shutdown|LoggerContext.stop|exit>}.
 */
public final class StandardShutdownChild {
    private StandardShutdownChild() {
    }

    public static void main(String[] args) throws Exception {
        int events = Integer.parseInt(args[0]);
        int threads = Integer.parseInt(args[1]);
        String stopBy = args[2];
        Logger logger = LogManager.getLogger("com.example.Orders");
        System.out.println("READY");
        System.out.flush();
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();

        Thread[] loggers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            int thread = t;
            loggers[t] = new Thread(() -> {
                for (int i = thread; i < events; i += threads) {
                    logger.info("order {} placed", i);
                }
            }, "app-" + t);
            loggers[t].start();
        }
        for (Thread t : loggers) {
            t.join();
        }
        switch (stopBy) {
            case "LogManager.shutdown":
                LogManager.shutdown();
                break;
            case "Configurator.shutdown":
                Configurator.shutdown((LoggerContext) LogManager.getContext(false));
                break;
            case "LoggerContext.stop":
                ((LoggerContext) LogManager.getContext(false)).stop();
                break;
            case "exit":
                break; // Log4j2's own JVM shutdown hook stops the configuration
            default:
                throw new IllegalArgumentException("unknown way to stop: " + stopBy);
        }
        System.out.println("LOGGED " + events);
        System.out.flush();
    }
}
