package io.github.firehoseappender.benchmarks;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.classic.AsyncAppender;
import io.github.firehoseappender.logback.FirehoseAppender;
import java.io.OutputStream;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Private Logback contexts, each with one appender on the root logger, built through Logback's own API. */
final class LogbackSetups {
    private LogbackSetups() {
    }

    static LoggerContext newContext(String name) {
        LoggerContext context = new LoggerContext();
        context.setName(name);
        // A private context has no MDC adapter until given one; without it every event fails in the appender.
        context.setMDCAdapter(new LogbackMDCAdapter());
        context.start();
        return context;
    }

    /** Our appender with its defaults, pointed at firehose-local; {@code options} as in logback.xml. */
    static FirehoseAppender firehose(LoggerContext context, String endpoint, String stream, Map<String, String> options) {
        return firehose(context, endpoint, stream, options, a -> { });
    }

    /** As above, with the JSON encoder's options set by {@code json} before start. */
    static FirehoseAppender firehose(LoggerContext context, String endpoint, String stream, Map<String, String> options,
                                     java.util.function.Consumer<FirehoseAppender> json) {
        FirehoseAppender a = new FirehoseAppender();
        json.accept(a);
        a.setContext(context);
        a.setName("FIREHOSE");
        a.setDeliveryStream(stream);
        a.setEndpoint(endpoint);
        a.setRegion("us-east-1");
        a.setShutdownHook("false");
        a.setJmx("false");
        for (Map.Entry<String, String> o : options.entrySet()) {
            a.getConfigBuilder().property(o.getKey(), o.getValue());
        }
        a.start();
        if (!a.isStarted()) {
            throw new IllegalStateException("FirehoseAppender did not start: " + context.getStatusManager()
                    .getCopyOfStatusList());
        }
        return attach(context, a);
    }

    /** Logback's AsyncAppender with its defaults (queue 256, INFO discarded when 80 % full) over a no-op appender. */
    static AsyncAppender async(LoggerContext context, CountingNoOp sink) {
        sink.setContext(context);
        sink.setName("NOOP");
        sink.start();
        AsyncAppender a = new AsyncAppender();
        a.setContext(context);
        a.setName("ASYNC");
        a.addAppender(sink);
        a.start();
        return attach(context, a);
    }

    /** ConsoleAppender with Logback's JsonEncoder (a JSON line per event, as FireLens wants), output discarded. */
    static ConsoleAppender<ILoggingEvent> console(LoggerContext context) {
        ConsoleAppender<ILoggingEvent> a = new ConsoleAppender<>();
        a.setContext(context);
        a.setName("CONSOLE");
        a.setEncoder(jsonEncoder(context));
        a.start();
        a.setOutputStream(OutputStream.nullOutputStream());
        return attach(context, a);
    }

    /** FileAppender with Logback's JsonEncoder and its defaults (append, immediateFlush). */
    static FileAppender<ILoggingEvent> file(LoggerContext context, String path) {
        FileAppender<ILoggingEvent> a = new FileAppender<>();
        a.setContext(context);
        a.setName("FILE");
        a.setFile(path);
        a.setEncoder(jsonEncoder(context));
        a.start();
        return attach(context, a);
    }

    private static JsonEncoder jsonEncoder(LoggerContext context) {
        JsonEncoder e = new JsonEncoder();
        e.setContext(context);
        e.start();
        return e;
    }

    private static <A extends Appender<ILoggingEvent>> A attach(LoggerContext context, A appender) {
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(appender);
        return appender;
    }

    /** Does nothing with an event but count it: the "no-op appender" under AsyncAppender. */
    static final class CountingNoOp extends UnsynchronizedAppenderBase<ILoggingEvent> {
        final LongAdder received = new LongAdder();

        @Override
        protected void append(ILoggingEvent event) {
            received.increment();
        }
    }

}
