package io.github.firehoseappender.springboot;

import io.github.firehoseappender.core.stats.DeliveryStats;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/**
 * The {@code firehose} health: DOWN when every call to Firehose has failed for longer than
 * {@code firehose.health.down-after} (default 30 s) on some appender, UP otherwise, UNKNOWN when no Firehose appender
 * is running. Details per appender name: {@code failingSince}, {@code lastError}, {@code delivered}, {@code dropped},
 * {@code bufferDepth}. Never throws: a failure to look is UNKNOWN with the error.
 */
public class FirehoseHealthIndicator implements HealthIndicator {
    private final FirehoseAppenders appenders;
    private final Duration downAfter;
    private final Clock clock;

    public FirehoseHealthIndicator(FirehoseAppenders appenders, Duration downAfter) {
        this(appenders, downAfter, Clock.systemUTC());
    }

    FirehoseHealthIndicator(FirehoseAppenders appenders, Duration downAfter, Clock clock) {
        this.appenders = appenders;
        this.downAfter = downAfter;
        this.clock = clock;
    }

    @Override
    public Health health() {
        try {
            Map<String, DeliveryStats> running = appenders.running();
            if (running.isEmpty()) {
                return Health.unknown().withDetail("reason", "no Firehose appender is running").build();
            }
            Instant now = clock.instant();
            boolean down = false;
            Health.Builder health = Health.up();
            for (Map.Entry<String, DeliveryStats> appender : running.entrySet()) {
                DeliveryStats stats = appender.getValue();
                Instant failingSince = stats.failingSince();
                down |= failingSince != null && failingSince.plus(downAfter).isBefore(now);
                health.withDetail(appender.getKey(), details(stats));
            }
            return down ? health.down().build() : health.build();
        } catch (RuntimeException | LinkageError e) {
            return Health.unknown().withException(e).build();
        }
    }

    private static Map<String, Object> details(DeliveryStats stats) {
        Map<String, Object> details = new LinkedHashMap<>();
        if (stats.failingSince() != null) {
            details.put("failingSince", stats.failingSince().toString());
        }
        if (stats.lastError() != null) {
            details.put("lastError", stats.lastError());
            details.put("lastErrorTime", String.valueOf(stats.lastErrorTime()));
        }
        details.put("delivered", stats.delivered());
        details.put("dropped", stats.dropped());
        details.put("bufferDepth", stats.bufferDepthEvents());
        return details;
    }
}
