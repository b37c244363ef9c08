/**
 * A CRaC implementation for tests, in the shape {@code org.crac} looks for ({@code Core}, {@code Context},
 * {@code Resource}, {@code CheckpointException}, {@code RestoreException} in one package): named by the system
 * property {@code org.crac.Core.Compat} (the Surefire configuration sets it), it receives what the application
 * registers through {@code org.crac.Core.getGlobalContext()} and runs the hooks when {@code org.crac.Core
 * .checkpointRestore()} is called, as the Lambda runtime does around a SnapStart snapshot. No JVM checkpoint is
 * taken: the heap simply goes on.
 */
package io.github.firehoseappender.examples.lambda.snapstart;
