package io.github.firehoseappender.core.json;

import java.util.List;
import java.util.Map;

/**
 * How the core's JSON encoder reads one framework's event. Each adapter implements it once over its own event
 * type (Logback's {@code ILoggingEvent}, Log4j2's {@code LogEvent}), so both write the same schema from one writer.
 * Called on the sender thread only.
 */
public interface LogEventAccessor<E> {

    long epochMillis(E event);

    String level(E event);

    String logger(E event);

    String thread(E event);

    /** The formatted message (arguments substituted). */
    String message(E event);

    /** MDC / ThreadContext; never null (empty when none). */
    Map<String, String> mdc(E event);

    /** Marker names; never null (empty when none). */
    List<String> markers(E event);

    /** Class name of the logged throwable, or null when the event carries none. */
    String exceptionClass(E event);

    String exceptionMessage(E event);

    /** The framework's own rendering of the stack trace, causes and suppressed included; null when none. */
    String stackTrace(E event);
}
