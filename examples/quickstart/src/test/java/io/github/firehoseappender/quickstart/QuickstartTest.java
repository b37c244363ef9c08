package io.github.firehoseappender.quickstart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command, in-process, with Logback: every event logged is delivered and the walkthrough's SQL
 * finds rows. SLF4J binds once per JVM, so each framework's test class runs in a JVM of its own (see the pom).
 */
class QuickstartTest {

    @Test
    @Timeout(120)
    void logsDeliverAndTheReferenceQueriesFindThem(@TempDir Path dataDir) throws Exception {
        String output = runAndCheck("logback", dataDir);
        assertTrue(output.contains("\"service\":\"quickstart\""), "logback.xml's fields:\n" + output);
    }

    /** Runs the quickstart with this framework, checks what every run must show, and returns its output. */
    static String runAndCheck(String framework, Path dataDir) throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int exit;
        try (PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
            exit = Quickstart.run(LoggingFramework.named(framework), dataDir, 120, out);
        }
        String output = captured.toString(StandardCharsets.UTF_8);
        String[] lines = output.strip().split("\n");
        String last = lines[lines.length - 1];

        assertEquals(0, exit, output);
        assertTrue(output.contains("the service logs through SLF4J into " + framework), output);
        assertTrue(last.matches("logged (\\d+), delivered \\1, dropped 0"), last);
        assertTrue(output.contains("SQL finds " + last.split(" ")[1].replace(",", "") + " events"), output);
        assertTrue(output.contains("completed with code 50"), "the 5xx query printed rows:\n" + output);
        assertTrue(output.matches("(?s).*== All logs of one trace.*Payment failed for req-000016.*"
                + "completed with code 500.*"), "the trace query printed the 5xx request's two lines:\n" + output);
        assertTrue(output.contains("\"trace_id\":\""), "lines carry the span's trace id:\n" + output);
        assertTrue(output.contains("year="), "objects are listed in the S3 layout:\n" + output);
        return output;
    }
}
