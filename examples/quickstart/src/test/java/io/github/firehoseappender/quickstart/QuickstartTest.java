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

/** The README's first command, in-process: every event logged is delivered and the walkthrough's SQL finds rows. */
class QuickstartTest {

    @Test
    @Timeout(120)
    void logsDeliverAndTheReferenceQueriesFindThem(@TempDir Path dataDir) throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int exit;
        try (PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
            exit = Quickstart.run(dataDir, 120, out);
        }
        String output = captured.toString(StandardCharsets.UTF_8);
        String[] lines = output.strip().split("\n");
        String last = lines[lines.length - 1];

        assertEquals(0, exit, output);
        assertTrue(last.matches("logged (\\d+), delivered \\1, dropped 0"), last);
        assertTrue(output.contains("SQL finds " + last.split(" ")[1].replace(",", "") + " events"), output);
        assertTrue(output.contains("completed with code 50"), "the 5xx query printed rows:\n" + output);
        assertTrue(output.contains("year="), "objects are listed in the S3 layout:\n" + output);
    }
}
