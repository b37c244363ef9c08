package io.github.firehoseappender.core.json;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** The value of the optional {@code host} field: resolved once at start, never on the application thread. */
public final class LocalHostName {
    private LocalHostName() {
    }

    /**
     * The {@code host} field for the adapters' {@code includeHost} option as written in logback.xml or log4j2.xml:
     * the resolved name when {@code true}, null (no field) when {@code false} or blank; either case, spaces ignored.
     *
     * @throws IllegalArgumentException {@code includeHost=<text> is not true or false}, as the core's own boolean
     *                                  options say it
     */
    public static String forIncludeHost(String option) {
        String t = option == null ? "" : option.trim();
        if (t.isEmpty() || t.equalsIgnoreCase("false")) {
            return null;
        }
        if (t.equalsIgnoreCase("true")) {
            return resolve();
        }
        throw new IllegalArgumentException("includeHost=" + t + " is not true or false");
    }

    /** {@code HOSTNAME} when set (containers set it), else the JDK's local host name, else null. */
    public static String resolve() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.trim().isEmpty()) {
            return env.trim();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException | SecurityException e) {
            return null;
        }
    }
}
