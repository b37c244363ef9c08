package io.github.firehoseappender.springboot;

import io.github.firehoseappender.core.stats.DeliveryStats;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Meters and health for the Firehose appenders of the active logging system. The appender itself is added by
 * {@link FirehoseLoggingListener}, before any bean exists, so start-up lines are shipped too.
 */
@AutoConfiguration
public class FirehoseAutoConfiguration {
    /** The Firehose appenders of Logback or Log4j2, whichever Spring Boot runs on; none with another logging system. */
    @Bean
    @ConditionalOnMissingBean
    public FirehoseAppenders firehoseAppenders() {
        FirehoseAppenders active = FirehoseAppenders.active(FirehoseAutoConfiguration.class.getClassLoader());
        return active != null ? active : new NoAppenders();
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "io.micrometer.core.instrument.binder.MeterBinder")
    static class Meters {
        @Bean
        @ConditionalOnMissingBean
        public FirehoseMeters firehoseMeters(FirehoseAppenders appenders) {
            return new FirehoseMeters(appenders);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.actuate.health.HealthIndicator")
    @ConditionalOnEnabledHealthIndicator("firehose")
    static class HealthContributor {
        @Bean
        @ConditionalOnMissingBean(name = "firehoseHealthIndicator")
        public FirehoseHealthIndicator firehoseHealthIndicator(FirehoseAppenders appenders,
                                                               Environment environment) {
            return new FirehoseHealthIndicator(appenders, downAfter(environment));
        }

        /**
         * {@code firehose.health.down-after}, or its default when a {@code firehose.*} property cannot be read:
         * FirehoseLoggingListener has said so on stderr already, and a logging option must never stop the
         * application (as a failed {@code @EnableConfigurationProperties} binding would).
         */
        private static Duration downAfter(Environment environment) {
            try {
                return FirehoseProperties.bind(environment).getHealth().getDownAfter();
            } catch (BindException e) {
                return new FirehoseProperties().getHealth().getDownAfter();
            }
        }
    }

    /** Logging that is neither Logback nor Log4j2: nothing to meter, health UNKNOWN. */
    static final class NoAppenders implements FirehoseAppenders {
        @Override
        public Map<String, DeliveryStats> running() {
            return Map.of();
        }

        @Override
        public boolean anyDeclared() {
            return false;
        }

        @Override
        public boolean addToRoot(String name, Map<String, String> options) {
            return false;
        }
    }
}
