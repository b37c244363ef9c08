package io.github.firehoseappender.reliability;

import io.github.firehoseappender.testkit.LoggingDriver;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The application of the SIGTERM scenario, run in a child JVM: configures the framework as an application would
 * (the appender's or the framework's shutdown hook on), logs {@code count} events, says {@code READY} on stdout and
 * waits to be terminated. Whatever is then buffered or in flight must reach firehose-local through the hook.
 *
 * <p>Arguments: endpoint, stream, count, and the {@code shutdownHook} option ({@code -} leaves it unset, so Log4j2's
 * own hook stops the configuration).
 */
public final class ShutdownChild {
    private ShutdownChild() {
    }

    public static void run(LoggingDriver driver, String[] args) throws InterruptedException {
        System.setProperty("aws.accessKeyId", ScenarioFixture.ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", ScenarioFixture.SECRET_KEY);
        int count = Integer.parseInt(args[2]);
        Map<String, String> options = new LinkedHashMap<>();
        options.put("deliveryStream", args[1]);
        options.put("endpoint", args[0]);
        options.put("region", "us-east-1");
        options.put("jmx", "false");
        options.put("aggregation", "false");
        options.put("maxBatchRecords", "100");
        options.put("maxBatchDelay", "1 minute");
        options.put("shutdownTimeout", "20 s");
        if (!"-".equals(args[3])) {
            options.put("shutdownHook", args[3]);
        }
        driver.configure(options, Map.of(), null);
        if (!driver.appenderStarted()) {
            System.out.println("FAILED " + driver.statusProblems());
            System.exit(3);
        }
        for (int i = 0; i < count; i++) {
            driver.log("child", "INFO", null, Map.of(), null, "before SIGTERM {}", i);
        }
        System.out.println("READY appended=" + driver.stats().appended() + " delivered=" + driver.stats().delivered());
        System.out.flush();
        new CountDownLatch(1).await();
    }
}
