package io.github.firehoseappender.benchmarks;

import io.github.firehoseappender.core.send.ChunkedBase64;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the PutRecordBatch wire costs before any code of ours: the JDK's base64 of one full record (1,000 KiB of JSON
 * lines, through the sender's own {@link ChunkedBase64}) and the SHA-256 that SigV4 takes of the body it lands in (4/3
 * as large). PutRecordBatch carries records as base64 in JSON and SigV4 signs the body's hash, so every byte of every
 * line pays both; divided by a line's length they are the floor under the sender's CPU per event on this JVM,
 * whoever writes the body.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class WireFloor {
    static final int RECORD_BYTES = 1_024_000;

    byte[] record;
    byte[] body;
    int bodyLength;
    MessageDigest sha256;
    final ChunkedBase64 base64 = new ChunkedBase64();

    @Setup
    public void setUp() throws NoSuchAlgorithmException {
        byte[] line = (Workload.FORMAT.replace("{}", Workload.ARG) + "\n").getBytes(StandardCharsets.UTF_8);
        record = new byte[RECORD_BYTES];
        for (int at = 0; at < record.length; at += line.length) {
            System.arraycopy(line, 0, record, at, Math.min(line.length, record.length - at));
        }
        body = new byte[ChunkedBase64.encodedLength(RECORD_BYTES)];
        bodyLength = base64.encode(record, body, 0);
        sha256 = MessageDigest.getInstance("SHA-256");
    }

    /** One record's base64 into the body, as the direct wire writes it ({@link ChunkedBase64}). */
    @Benchmark
    public int base64Record() {
        return base64.encode(record, body, 0);
    }

    /** SHA-256 of that base64: what the signer hashes per record. */
    @Benchmark
    public byte[] sha256Body() {
        sha256.update(body, 0, bodyLength);
        return sha256.digest();
    }
}
