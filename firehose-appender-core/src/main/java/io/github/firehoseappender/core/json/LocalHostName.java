package io.github.firehoseappender.core.json;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** The value of the optional {@code host} field: resolved once at start, never on the application thread. */
public final class LocalHostName {
    private LocalHostName() {
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
