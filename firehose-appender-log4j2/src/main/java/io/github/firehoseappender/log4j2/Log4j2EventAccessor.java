package io.github.firehoseappender.log4j2;

import io.github.firehoseappender.core.json.LogEventAccessor;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.Marker;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.util.ReadOnlyStringMap;

/**
 * Reads a Log4j2 event (already an immutable snapshot) for the core's JSON writer; runs on the sender thread.
 * Where the frameworks differ it writes what Logback writes: the root logger is {@code ROOT}, the marker list holds
 * the event's marker name (its parents are a hierarchy, not more markers), the stack trace is Logback's rendering.
 */
final class Log4j2EventAccessor implements LogEventAccessor<LogEvent> {
    static final String ROOT_LOGGER = "ROOT";

    @Override
    public long epochMillis(LogEvent event) {
        return event.getTimeMillis();
    }

    @Override
    public String level(LogEvent event) {
        return event.getLevel().name();
    }

    @Override
    public String logger(LogEvent event) {
        String name = event.getLoggerName();
        return name == null || name.isEmpty() ? ROOT_LOGGER : name;
    }

    @Override
    public String thread(LogEvent event) {
        return event.getThreadName();
    }

    @Override
    public String message(LogEvent event) {
        return event.getMessage() == null ? "" : event.getMessage().getFormattedMessage();
    }

    @Override
    public Map<String, String> mdc(LogEvent event) {
        ReadOnlyStringMap data = event.getContextData();
        return data == null || data.isEmpty() ? Collections.<String, String>emptyMap() : data.toMap();
    }

    @Override
    public List<String> markers(LogEvent event) {
        Marker marker = event.getMarker();
        return marker == null ? Collections.<String>emptyList() : Collections.singletonList(marker.getName());
    }

    @Override
    public String exceptionClass(LogEvent event) {
        Throwable thrown = event.getThrown();
        return thrown == null ? null : thrown.getClass().getName();
    }

    @Override
    public String exceptionMessage(LogEvent event) {
        Throwable thrown = event.getThrown();
        return thrown == null ? null : thrown.getMessage();
    }

    @Override
    public String stackTrace(LogEvent event) {
        Throwable thrown = event.getThrown();
        return thrown == null ? null : StackTraceText.render(thrown);
    }
}
