package io.github.firehoseappender.core;

/**
 * Registers a delivery with CRaC's global context when the application has {@code org.crac} (a CRaC JDK, or Lambda
 * SnapStart, whose runtime implements its hooks): before a checkpoint the delivery flushes, ends its threads and
 * closes its client; after restore it builds a new one. Without {@code org.crac} on the classpath nothing is loaded
 * but this class: {@link CracResource}, which names the library, is only touched once the library is found.
 */
final class CracRegistration {
    private CracRegistration() {
    }

    /**
     * @return the registered resource, which the delivery keeps (a CRaC context may hold its resources weakly), or
     *         null when {@code org.crac} is absent or registration failed
     */
    static Object registerIfAvailable(FirehoseDelivery<?> delivery) {
        if (!cracPresent()) {
            return null;
        }
        try {
            return CracResource.register(delivery);
        } catch (LinkageError | RuntimeException e) {
            return null; // an org.crac we cannot use: the delivery runs as without it
        }
    }

    private static boolean cracPresent() {
        try {
            Class.forName("org.crac.Core", false, CracRegistration.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
