package io.github.firehoseappender.log4j2;

import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.message.Message;

/**
 * Stands in for an event the appender could not copy (a message whose formatting throws), so the core counts it
 * like any other failed append: appended, and dropped as {@code APPEND_FAILED}. The core counts an append whose size
 * estimate throws; this stand-in's message throws the copy's failure again when the estimate reads it. The core has
 * no call to count a failure that happens before {@code append}; this keeps the count without one.
 */
final class FailedCopy {
    private FailedCopy() {
    }

    static LogEvent of(RuntimeException failure) {
        return new Log4jLogEvent.Builder().setMessage(new Unformattable(failure)).build();
    }

    private static final class Unformattable implements Message {
        private static final long serialVersionUID = 1L;
        private final transient RuntimeException failure;

        Unformattable(RuntimeException failure) {
            this.failure = failure;
        }

        @Override
        public String getFormattedMessage() {
            throw new IllegalStateException("the event could not be copied", failure);
        }

        @Override
        @Deprecated
        public String getFormat() {
            return "";
        }

        @Override
        public Object[] getParameters() {
            return null;
        }

        @Override
        public Throwable getThrowable() {
            return null;
        }
    }
}
