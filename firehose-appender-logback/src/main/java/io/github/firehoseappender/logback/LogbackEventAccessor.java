package io.github.firehoseappender.logback;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import io.github.firehoseappender.core.json.LogEventAccessor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.slf4j.Marker;

/** Reads a Logback event for the core's JSON writer; runs on the sender thread. */
final class LogbackEventAccessor implements LogEventAccessor<ILoggingEvent> {

    @Override
    public long epochMillis(ILoggingEvent event) {
        return event.getTimeStamp();
    }

    @Override
    public String level(ILoggingEvent event) {
        return event.getLevel().toString();
    }

    @Override
    public String logger(ILoggingEvent event) {
        return event.getLoggerName();
    }

    @Override
    public String thread(ILoggingEvent event) {
        return event.getThreadName();
    }

    @Override
    public String message(ILoggingEvent event) {
        return event.getFormattedMessage();
    }

    @Override
    public Map<String, String> mdc(ILoggingEvent event) {
        Map<String, String> mdc = event.getMDCPropertyMap();
        return mdc == null ? Collections.<String, String>emptyMap() : mdc;
    }

    @Override
    public List<String> markers(ILoggingEvent event) {
        List<Marker> markers = event.getMarkerList();
        if (markers == null || markers.isEmpty()) {
            return Collections.emptyList();
        }
        List<String> names = new ArrayList<>(markers.size());
        for (Marker marker : markers) {
            names.add(marker.getName());
        }
        return names;
    }

    @Override
    public String exceptionClass(ILoggingEvent event) {
        IThrowableProxy proxy = event.getThrowableProxy();
        return proxy == null ? null : proxy.getClassName();
    }

    @Override
    public String exceptionMessage(ILoggingEvent event) {
        IThrowableProxy proxy = event.getThrowableProxy();
        return proxy == null ? null : proxy.getMessage();
    }

    @Override
    public String stackTrace(ILoggingEvent event) {
        IThrowableProxy proxy = event.getThrowableProxy();
        // Logback's own rendering: causes, suppressed and cycles ("CIRCULAR REFERENCE") handled there.
        return proxy == null ? null : ThrowableProxyUtil.asString(proxy);
    }
}
