package example.coldstart;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.Appender;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Iterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cold-start probe: configures Logback from the logback.xml on its classpath, logs one event, flushes every
 * appender that can flush (ours, found by reflection so the baselines load none of its classes), and prints when each
 * step finished (epoch milliseconds), the JVM's own start time, the classes loaded and the heap in use after a GC:
 * {@code COLDSTART jvmStart=… configured=… logged=… acked=… classes=… heapKiB=… flushed=…}.
 */
public final class ColdStartApp {
    private ColdStartApp() {
    }

    public static void main(String[] args) throws Exception {
        Logger log = LoggerFactory.getLogger(ColdStartApp.class); // Logback configures itself here
        long configured = System.currentTimeMillis();
        log.info("first event of a cold JVM");
        long logged = System.currentTimeMillis();
        String flushed = "none";
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Iterator<Appender<ch.qos.logback.classic.spi.ILoggingEvent>> appenders =
                context.getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders();
        while (appenders.hasNext()) {
            Appender<?> appender = appenders.next();
            Method flush = flushMethod(appender);
            if (flush != null) {
                Object result = flush.invoke(appender, Duration.ofSeconds(30));
                flushed = String.valueOf(result.getClass().getMethod("isCompleted").invoke(result));
            }
        }
        long acked = System.currentTimeMillis();
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        int classes = ManagementFactory.getClassLoadingMXBean().getLoadedClassCount();
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        System.gc();
        long heap = memory.getHeapMemoryUsage().getUsed();
        System.out.println("COLDSTART jvmStart=" + jvmStart + " configured=" + configured + " logged=" + logged
                + " acked=" + acked + " classes=" + classes + " heapKiB=" + heap / 1024 + " flushed=" + flushed);
        System.out.flush();
        context.stop();
    }

    private static Method flushMethod(Appender<?> appender) {
        try {
            return appender.getClass().getMethod("flush", Duration.class);
        } catch (NoSuchMethodException e) {
            return null;
        }
    }
}
