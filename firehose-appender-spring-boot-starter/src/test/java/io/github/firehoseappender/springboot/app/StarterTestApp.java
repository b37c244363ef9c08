package io.github.firehoseappender.springboot.app;

import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The application the starter's tests boot: one endpoint that logs, and a bean that logs while it is destroyed. */
@SpringBootApplication
public class StarterTestApp {
    public static final String SHUTDOWN_LINE = "orders bean closing: last line";
    static final Logger LOG = LoggerFactory.getLogger("example.orders");

    @Bean
    ClosingBean closingBean() {
        return new ClosingBean();
    }

    @RestController
    static class OrdersController {
        @GetMapping("/orders")
        String orders() {
            LOG.info("served /orders");
            return "ok";
        }
    }

    static class ClosingBean {
        @PreDestroy
        void close() {
            LOG.info(SHUTDOWN_LINE);
        }
    }
}
