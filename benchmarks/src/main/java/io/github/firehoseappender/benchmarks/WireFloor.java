package io.github.firehoseappender.benchmarks;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
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
 * lines) and the SHA-256 that SigV4 takes of the body it lands in (4/3 as large). PutRecordBatch carries records as
 * base64 in JSON and SigV4 signs the body's hash, so every byte of every line pays both; divided by a line's length
 * they are the floor under the sender's CPU per event on this JVM, whoever writes the body.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class WireFloor {
    static final int RECORD_BYTES = 1_024_000;
    static final int CHUNK = 6144;

    byte[] record;
    byte[] body;
    int bodyLength;
    MessageDigest sha256;
    final Base64.Encoder base64 = Base64.getEncoder();
    final byte[] in = new byte[CHUNK];
    final byte[] out = new byte[CHUNK / 3 * 4];

    @Setup
    public void setUp() throws NoSuchAlgorithmException {
        byte[] line = (Workload.FORMAT.replace("{}", Workload.ARG) + "\n").getBytes(StandardCharsets.UTF_8);
        record = new byte[RECORD_BYTES];
        for (int at = 0; at < record.length; at += line.length) {
            System.arraycopy(line, 0, record, at, Math.min(line.length, record.length - at));
        }
        body = new byte[(RECORD_BYTES + 2) / 3 * 4];
        bodyLength = base64.encode(record, body);
        sha256 = MessageDigest.getInstance("SHA-256");
    }

    /**
     * One record's base64 into the body, in 6 KiB chunks as the direct wire writes it (core's {@code ChunkedBase64}:
     * the JDK's vectorised base64 is used only once its encoder is compiled, which per-chunk calls reach early).
     */
    @Benchmark
    public int base64Record() {
        int p = 0;
        int from = 0;
        for (; record.length - from >= CHUNK; from += CHUNK) {
            System.arraycopy(record, from, in, 0, CHUNK);
            int n = base64.encode(in, out);
            System.arraycopy(out, 0, body, p, n);
            p += n;
        }
        int n = base64.encode(java.util.Arrays.copyOfRange(record, from, record.length), out);
        System.arraycopy(out, 0, body, p, n);
        return p + n;
    }

    /** SHA-256 of that base64: what the signer hashes per record. */
    @Benchmark
    public byte[] sha256Body() {
        sha256.update(body, 0, bodyLength);
        return sha256.digest();
    }
}
