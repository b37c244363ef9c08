package io.github.firehoseappender.core.send;

import java.util.Arrays;
import java.util.Base64;

/**
 * Base64 of one record into the request body at an offset, with the JDK's own encoder, in chunks.
 *
 * <p>Why chunks: {@link Base64.Encoder#encode(byte[], byte[])} takes whole arrays and writes from index 0, and its
 * fast form (a JIT intrinsic, measured ~10x faster on this project's machines) is used only once that method has been
 * compiled by C2, which takes some thousands of calls. One call per 1,000 KiB record would take minutes of sending to
 * get there (and at 5 MiB/s, hours); in chunks of 6 KiB it is called ~170 times per record and gets there within the
 * first seconds. The chunks are copied in and out while they are in the CPU's cache. Public for the benchmarks'
 * {@code WireFloor}, which measures this very code. One per thread: its chunk buffers are reused.
 */
public final class ChunkedBase64 {
    /** Input bytes per call: a multiple of 3, so no padding falls inside a record. */
    static final int CHUNK = 6144;

    private final Base64.Encoder encoder = Base64.getEncoder();
    private final byte[] in = new byte[CHUNK];
    private final byte[] out = new byte[CHUNK / 3 * 4];

    public static int encodedLength(int bytes) {
        return 4 * ((bytes + 2) / 3);
    }

    /** Writes the base64 of {@code record} into {@code body} from {@code at}; returns how many bytes it wrote. */
    public int encode(byte[] record, byte[] body, int at) {
        if (record.length <= CHUNK) {
            int n = encoder.encode(record, out);
            System.arraycopy(out, 0, body, at, n);
            return n;
        }
        int p = at;
        int from = 0;
        for (; record.length - from >= CHUNK; from += CHUNK) {
            System.arraycopy(record, from, in, 0, CHUNK);
            int n = encoder.encode(in, out);
            System.arraycopy(out, 0, body, p, n);
            p += n;
        }
        if (from < record.length) {
            int n = encoder.encode(Arrays.copyOfRange(record, from, record.length), out);
            System.arraycopy(out, 0, body, p, n);
            p += n;
        }
        return p - at;
    }
}
