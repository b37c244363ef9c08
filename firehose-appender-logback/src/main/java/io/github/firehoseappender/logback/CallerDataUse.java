package io.github.firehoseappender.logback;

import ch.qos.logback.classic.pattern.CallerDataConverter;
import ch.qos.logback.classic.pattern.ClassOfCallerConverter;
import ch.qos.logback.classic.pattern.FileOfCallerConverter;
import ch.qos.logback.classic.pattern.LineOfCallerConverter;
import ch.qos.logback.classic.pattern.MethodOfCallerConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Layout;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.pattern.CompositeConverter;
import ch.qos.logback.core.pattern.Converter;
import ch.qos.logback.core.pattern.PatternLayoutBase;
import ch.qos.logback.core.pattern.parser.Parser;
import ch.qos.logback.core.spi.ScanException;

/**
 * Whether a configured encoder renders caller data ({@code %class}, {@code %method}, {@code %line}, {@code %file},
 * {@code %caller}): Logback computes it from the stack of the thread that logged, so the appender must take it on
 * that thread, and only then (it costs a stack walk per event). A pattern layout's pattern is compiled once with the
 * layout's own converter map and its converters inspected; for any other custom encoder we cannot tell, so caller
 * data is taken. The default JSON encoder has no caller field and never asks.
 */
final class CallerDataUse {
    private CallerDataUse() {
    }

    static boolean of(Encoder<ILoggingEvent> encoder) {
        if (!(encoder instanceof LayoutWrappingEncoder)) {
            return true;
        }
        Layout<ILoggingEvent> layout = ((LayoutWrappingEncoder<ILoggingEvent>) encoder).getLayout();
        if (!(layout instanceof PatternLayoutBase)) {
            return true;
        }
        PatternLayoutBase<ILoggingEvent> pattern = (PatternLayoutBase<ILoggingEvent>) layout;
        try {
            Parser<ILoggingEvent> parser = new Parser<>(pattern.getPattern());
            parser.setContext(pattern.getContext());
            return rendersCallerData(parser.compile(parser.parse(), pattern.getEffectiveConverterMap()));
        } catch (ScanException | RuntimeException e) {
            return true; // the layout reports its own pattern errors; assume the worst here
        }
    }

    private static boolean rendersCallerData(Converter<ILoggingEvent> head) {
        for (Converter<ILoggingEvent> c = head; c != null; c = c.getNext()) {
            if (c instanceof CallerDataConverter || c instanceof ClassOfCallerConverter
                    || c instanceof MethodOfCallerConverter || c instanceof LineOfCallerConverter
                    || c instanceof FileOfCallerConverter) {
                return true;
            }
            if (c instanceof CompositeConverter
                    && rendersCallerData(((CompositeConverter<ILoggingEvent>) c).getChildConverter())) {
                return true;
            }
        }
        return false;
    }
}
