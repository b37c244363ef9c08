package io.github.firehoseappender.examples.lambda.snapstart;

import java.util.ArrayList;
import java.util.List;

/** The global context: the resources in the order they registered. */
public final class Context {
    private final List<Resource> resources = new ArrayList<>();

    Context() {
    }

    public synchronized void register(Resource resource) {
        resources.add(resource);
    }

    synchronized int registered() {
        return resources.size();
    }

    /** As the Lambda runtime: beforeCheckpoint in the reverse order of registration, afterRestore in that order. */
    synchronized void checkpointRestore(Runnable snapshot) throws CheckpointException, RestoreException {
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).beforeCheckpoint(this);
            } catch (Exception e) {
                throw new CheckpointException(e);
            }
        }
        snapshot.run();
        for (Resource r : resources) {
            try {
                r.afterRestore(this);
            } catch (Exception e) {
                throw new RestoreException(e);
            }
        }
    }
}
