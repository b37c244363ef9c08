package io.github.firehoseappender.examples.springboot;

import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * A small orders service. Its logs reach Firehose through the starter alone: no logback-spring.xml, only
 * {@code firehose.*} settings (application.yml, or FIREHOSE_* environment variables).
 */
@SpringBootApplication
public class OrdersApplication {
    public static void main(String[] args) {
        SpringApplication.run(OrdersApplication.class, args);
    }

    @RestController
    static class OrdersController {
        private static final Logger LOG = LoggerFactory.getLogger(OrdersController.class);

        @GetMapping("/orders/{id}")
        String order(@PathVariable("id") String id) {
            LOG.info("served order {}", id);
            return "order " + id + "\n";
        }
    }

    /** Logs while the application shuts down: the starter ships this line too. */
    @Component
    static class OrderQueue {
        private static final Logger LOG = LoggerFactory.getLogger(OrderQueue.class);

        @PreDestroy
        void drain() {
            LOG.info("order queue drained at shutdown");
        }
    }
}
