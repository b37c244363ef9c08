package io.github.firehoseappender.springboot;

import io.github.firehoseappender.core.stats.LossNotice;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.logging.LoggingApplicationListener;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.event.GenericApplicationListener;
import org.springframework.core.ResolvableType;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Adds the Firehose appender to the root logger from the {@code firehose.*} properties, right after Spring Boot has
 * initialised logging (ordered just after {@link LoggingApplicationListener}), so the application's start-up lines are
 * shipped too. It runs again each time Spring Boot initialises logging anew (which replaces every appender), and adds
 * nothing when:
 * <ul>
 *   <li>{@code firehose.enabled=false}, or no stream is configured ({@code firehose.delivery-stream} and
 *       {@code FIREHOSE_DELIVERY_STREAM} both unset);</li>
 *   <li>the logging configuration (logback-spring.xml, log4j2-spring.xml) declares a Firehose appender itself, or an
 *       earlier run already added it;</li>
 *   <li>logging is neither Logback nor Log4j2.</li>
 * </ul>
 * A configuration error never stops the application: the appender stays off and one line starting
 * {@code [firehose-appender] <name>:} on stderr says why.
 *
 * <p>Registered in {@code META-INF/spring.factories}: it must run before any bean exists.
 */
public class FirehoseLoggingListener implements GenericApplicationListener {
    /** Just after Spring Boot's logging initialisation. */
    public static final int ORDER = LoggingApplicationListener.DEFAULT_ORDER + 1;

    @Override
    public boolean supportsEventType(ResolvableType eventType) {
        return ApplicationEnvironmentPreparedEvent.class.isAssignableFrom(eventType.toClass());
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public void onApplicationEvent(ApplicationEvent event) {
        if (event instanceof ApplicationEnvironmentPreparedEvent prepared) {
            addAppender(prepared.getEnvironment(), prepared.getSpringApplication().getClassLoader());
        }
    }

    /** What {@link #onApplicationEvent} does; never throws. */
    static void addAppender(ConfigurableEnvironment environment, ClassLoader classLoader) {
        FirehoseProperties properties;
        try {
            properties = FirehoseProperties.bind(environment);
        } catch (BindException e) {
            LossNotice.notStarted(environment.getProperty(FirehoseProperties.PREFIX + ".name", "FIREHOSE"),
                    List.of(bindProblem(e)));
            return;
        }
        if (!properties.isEnabled() || !streamConfigured(properties)) {
            return;
        }
        try {
            FirehoseAppenders appenders = FirehoseAppenders.active(classLoader);
            if (appenders == null || appenders.anyDeclared()) {
                return;
            }
            Map<String, String> options = properties.options();
            appenders.addToRoot(properties.getName(), options); // when it does not start, the adapter says why
        } catch (RuntimeException | LinkageError e) {
            // A version mismatch between the starter and an adapter, say: logging must go on without us.
            LossNotice.notStarted(properties.getName(), List.of("the starter could not add the appender: " + e));
        }
    }

    private static boolean streamConfigured(FirehoseProperties properties) {
        return hasText(properties.getDeliveryStream()) || hasText(System.getenv("FIREHOSE_DELIVERY_STREAM"));
    }

    private static boolean hasText(String s) {
        return s != null && !s.isBlank();
    }

    /** "firehose.enabled=maybe: Failed to convert ..." from Spring's nested causes. */
    private static String bindProblem(BindException e) {
        Throwable cause = e.getCause() == null ? e : e.getCause();
        String property = e.getProperty() == null ? e.getName().toString()
                : e.getProperty().getName() + "=" + e.getProperty().getValue();
        return property + " " + (cause.getCause() == null ? cause.getMessage() : cause.getCause().getMessage());
    }
}
