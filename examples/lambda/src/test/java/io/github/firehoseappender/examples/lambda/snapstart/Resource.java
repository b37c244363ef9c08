package io.github.firehoseappender.examples.lambda.snapstart;

/** What {@code org.crac} registers here: a proxy of the application's {@code org.crac.Resource}. */
public interface Resource {
    void beforeCheckpoint(Context context) throws Exception;

    void afterRestore(Context context) throws Exception;
}
