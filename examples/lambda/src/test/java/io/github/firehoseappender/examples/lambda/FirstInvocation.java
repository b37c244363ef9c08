package io.github.firehoseappender.examples.lambda;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import java.lang.management.ManagementFactory;

/**
 * A cold Lambda environment's first invocation, as the Java runtime makes it, in a JVM of its own: construct the
 * handler (the init phase: Logback configures itself, our appender starts), then invoke it once with {@code GET
 * /hello} (the handler flushes before returning). Prints {@code LAMBDA jvmStart=… initialized=… invoked=… status=…
 * classes=…} in epoch milliseconds, for the cold-start measurement (user-paths' ColdStartMeasurement).
 */
public final class FirstInvocation {
    private FirstInvocation() {
    }

    public static void main(String[] args) {
        ApiHandler handler = new ApiHandler();
        long initialized = System.currentTimeMillis();
        int status = handler.handleRequest(new APIGatewayProxyRequestEvent().withHttpMethod("GET").withPath("/hello"),
                new InvocationContext("cold-1")).getStatusCode();
        long invoked = System.currentTimeMillis();
        System.out.println("LAMBDA jvmStart=" + ManagementFactory.getRuntimeMXBean().getStartTime() + " initialized="
                + initialized + " invoked=" + invoked + " status=" + status + " classes="
                + ManagementFactory.getClassLoadingMXBean().getLoadedClassCount());
        System.out.flush();
        ((ch.qos.logback.classic.LoggerContext) org.slf4j.LoggerFactory.getILoggerFactory()).stop();
    }
}
