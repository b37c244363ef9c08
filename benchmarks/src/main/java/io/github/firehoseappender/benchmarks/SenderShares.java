package io.github.firehoseappender.benchmarks;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the sender thread's CPU goes, from a JFR recording of a harness run: each execution sample of
 * {@code firehose-sender-*} is put in the first group one of its frames belongs to, in the order below (so the
 * signer's hash is the hash even though it runs inside the HTTP call). Prints a Markdown table.
 *
 * <pre>
 * java -XX:StartFlightRecording=filename=direct.jfr,settings=profile -cp benchmarks.jar \
 *     io.github.firehoseappender.benchmarks.Harness throughput 1 60 5 direct
 * java -cp benchmarks.jar io.github.firehoseappender.benchmarks.SenderShares direct.jfr
 * </pre>
 */
public final class SenderShares {
    private static final String[][] GROUPS = {
        {"hash (SHA-256 in the SDK's signer)", "java.security.MessageDigest.update"},
        {"signing otherwise", "software.amazon.awssdk.http.auth"},
        {"base64", "io.github.firehoseappender.core.send.ChunkedBase64"},
        {"the SDK's marshalling (wire=sdk)", "software.amazon.awssdk.protocols"},
        {"writing the body otherwise", "io.github.firehoseappender.core.send.DirectFirehoseTransport.writeBody"},
        {"HTTP (URL-connection client, socket)", "software.amazon.awssdk.http.urlconnection"},
        {"parsing the answer", "com.fasterxml.jackson"},
        {"encoding the JSON line", "io.github.firehoseappender.core.json"},
        {"packing into records", "io.github.firehoseappender.core.batch.RecordPacker"},
        {"taking events from the buffer", "io.github.firehoseappender.core.buffer.EventBuffer"},
    };

    private SenderShares() {
    }

    public static void main(String[] args) throws IOException {
        Map<String, Integer> byGroup = new LinkedHashMap<>();
        int samples = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(Path.of(args[0]))) {
            RecordedThread thread = e.getEventType().getName().equals("jdk.ExecutionSample")
                    ? e.getThread("sampledThread") : null;
            if (thread == null || thread.getJavaName() == null
                    || !thread.getJavaName().startsWith("firehose-sender-")) {
                continue;
            }
            samples++;
            byGroup.merge(group(e.getStackTrace().getFrames()), 1, Integer::sum);
        }
        System.out.println("| where the sender's samples were | share |\n|---|---|");
        int total = samples;
        byGroup.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue())
                .forEach(g -> System.out.printf("| %s | %.0f %% |%n", g.getKey(), 100.0 * g.getValue() / total));
        System.out.println("\n" + samples + " samples");
    }

    private static String group(List<RecordedFrame> frames) {
        for (String[] g : GROUPS) {
            for (RecordedFrame f : frames) {
                if ((f.getMethod().getType().getName() + "." + f.getMethod().getName()).startsWith(g[1])) {
                    return g[0];
                }
            }
        }
        return "the rest (the loop, timers, class loading)";
    }
}
