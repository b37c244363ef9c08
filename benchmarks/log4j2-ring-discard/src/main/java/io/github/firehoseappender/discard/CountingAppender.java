package io.github.firehoseappender.discard;

import java.util.concurrent.atomic.AtomicLongArray;
import org.apache.logging.log4j.core.Filter;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.apache.logging.log4j.core.config.plugins.Plugin;
import org.apache.logging.log4j.core.config.plugins.PluginAttribute;
import org.apache.logging.log4j.core.config.plugins.PluginFactory;

/** Slow appender: counts events per producing thread ("P0".."P3") and busy-spins per event. */
@Plugin(name = "Counting", category = "Core", elementType = "appender", printObject = true)
public final class CountingAppender extends AbstractAppender {
    public static final int MAX_THREADS = 16;
    public static final AtomicLongArray RECEIVED = new AtomicLongArray(MAX_THREADS);
    public static final AtomicLongArray OTHER = new AtomicLongArray(1);
    static final long SPIN_NANOS = Long.getLong("spinNanos", 30_000L);

    private CountingAppender(String name) {
        super(name, (Filter) null, null, true, Property.EMPTY_ARRAY);
    }

    @PluginFactory
    public static CountingAppender create(@PluginAttribute("name") String name) {
        return new CountingAppender(name);
    }

    @Override
    public void append(LogEvent event) {
        String t = event.getThreadName();
        if (t != null && t.startsWith("P")) {
            RECEIVED.incrementAndGet(Integer.parseInt(t.substring(1)));
        } else {
            OTHER.incrementAndGet(0);
        }
        long end = System.nanoTime() + SPIN_NANOS;
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }
}
