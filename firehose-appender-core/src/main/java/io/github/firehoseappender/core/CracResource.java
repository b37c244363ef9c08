package io.github.firehoseappender.core;

import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;

/**
 * The {@code org.crac} resource of one delivery; loaded only by {@link CracRegistration}, once the library is found.
 * Before a checkpoint: {@link FirehoseDelivery#beforeCheckpoint()} (flush within {@code shutdownTimeout}, end the
 * sender, close the client). After restore: {@link FirehoseDelivery#afterRestore()} (a new sender thread, a new
 * client with credentials and region resolved anew). Neither throws: a failed checkpoint is the JVM's to report, and
 * our delivery must not be the reason it fails.
 */
final class CracResource implements Resource {
    private final FirehoseDelivery<?> delivery;

    private CracResource(FirehoseDelivery<?> delivery) {
        this.delivery = delivery;
    }

    static Object register(FirehoseDelivery<?> delivery) {
        CracResource resource = new CracResource(delivery);
        Core.getGlobalContext().register(resource);
        return resource;
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        delivery.beforeCheckpoint();
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        delivery.afterRestore();
    }
}
