package io.github.firehoseappender.examples.lambda;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import java.lang.management.ManagementFactory;

/**
 * A cold Lambda environment's first invocation, as the Java runtime makes it, in a JVM of its own: construct the
 * handler (the init phase: Logback configures itself, our appender starts), then invoke it once with {@code GET
 * /hello} (the handler flushes before returning). Prints {@code LAMBDA jvmStart=… initialized=… invoked=… status=…
 * classes=…} in epoch milliseconds, for the cold-start measurement (user-paths' ColdStartMeasurement).
 *
 * <p>With {@code -Dcoldstart.snapstart=true} (and {@code -Dorg.crac.Core.Compat} naming the test CRaC implementation
 * in {@code snapstart}), the CRaC hooks run between init and the invocation, as around a SnapStart snapshot:
 * {@code initialized} is then when the restore's hooks returned. Only the hooks: no JVM checkpoint is taken, so what a
 * real restore adds (the snapshot paged in, the runtime resumed) is not in it.
 */
public final class FirstInvocation {
    private FirstInvocation() {
    }

    public static void main(String[] args) throws Exception {
        ApiHandler handler = new ApiHandler();
        if (Boolean.getBoolean("coldstart.snapstart")) {
            org.crac.Core.checkpointRestore();
        }
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
