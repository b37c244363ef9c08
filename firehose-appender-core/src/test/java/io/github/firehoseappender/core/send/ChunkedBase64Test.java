package io.github.firehoseappender.core.send;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ChunkedBase64Test {
    private static final int CHUNK = ChunkedBase64.CHUNK;

    @Test
    void writesWhatTheJdkEncoderWritesForAWholeArrayWhateverTheLengthAndOffset() {
        Random random = new Random(3);
        ChunkedBase64 chunked = new ChunkedBase64();
        int[] lengths = {0, 1, 2, 3, 4, CHUNK - 2, CHUNK - 1, CHUNK, CHUNK + 1, CHUNK + 2, CHUNK + 3, 2 * CHUNK,
            2 * CHUNK + 1, 5 * CHUNK + 2, 1_024_000};
        for (int length : lengths) {
            for (int at : new int[] {0, 1, 17}) {
                byte[] record = new byte[length];
                random.nextBytes(record);
                byte[] expected = Base64.getEncoder().encode(record);
                byte[] body = new byte[at + expected.length + 5];
                Arrays.fill(body, (byte) '#');
                int n = chunked.encode(record, body, at);
                assertThat(n).as("length %d", length).isEqualTo(expected.length)
                        .isEqualTo(ChunkedBase64.encodedLength(length));
                assertThat(Arrays.copyOfRange(body, at, at + n)).as("length %d at %d", length, at).isEqualTo(expected);
                assertThat(body[at + n]).as("nothing written past the record").isEqualTo((byte) '#');
                if (at > 0) {
                    assertThat(body[at - 1]).as("nothing written before it").isEqualTo((byte) '#');
                }
            }
        }
    }
}
