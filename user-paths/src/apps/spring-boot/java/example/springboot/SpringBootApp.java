package example.springboot;

import example.workload.Workload;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * A minimal Spring Boot application with Spring Boot's default logging (Logback, configured by the
 * logback-spring.xml on its classpath). It logs the workload, and its {@link ShutdownLines} bean logs
 * {@value Workload#SHUTDOWN_IDS} more ids while the context closes: the lines an application writes on its way out.
 * Arguments: the workload and how it stops: {@code close} ({@code context.close()}, then main returns) or
 * {@code sigterm} (waits; Spring's shutdown hook closes the context).
 */
@SpringBootApplication
public class SpringBootApp {
    private static final Logger LOG = LoggerFactory.getLogger("example.orders");

    public static void main(String[] args) throws InterruptedException {
        ConfigurableApplicationContext context = SpringApplication.run(SpringBootApp.class, args);
        Workload.run(args[0], LOG::info);
        Workload.end(args[1], () -> {
            context.close();
            return "context closed";
        });
    }

    @Bean
    ShutdownLines shutdownLines() {
        return new ShutdownLines();
    }

    /** Logs while the context is destroyed, as a bean closing a pool or a consumer does. */
    static final class ShutdownLines implements DisposableBean {
        @Override
        public void destroy() {
            Workload.shutdownLines(LOG::info);
        }
    }
}
