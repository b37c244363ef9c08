package io.github.firehoseappender.examples.lambda.snapstart;

/** The entry points {@code org.crac.Core} calls by reflection, and what a test sees of them. */
public final class Core {
    private static final Context GLOBAL = new Context();
    private static volatile Runnable atSnapshot = () -> { };

    private Core() {
    }

    public static Context getGlobalContext() {
        return GLOBAL;
    }

    public static void checkpointRestore() throws CheckpointException, RestoreException {
        GLOBAL.checkpointRestore(atSnapshot);
    }

    /** What runs between the last beforeCheckpoint and the first afterRestore: where the snapshot would be taken. */
    public static void atSnapshot(Runnable snapshot) {
        atSnapshot = snapshot;
    }

    /** How many resources have registered so far. */
    public static int registered() {
        return GLOBAL.registered();
    }
}
