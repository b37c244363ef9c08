package io.github.firehoseappender.quickstart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code --framework log4j2}: the same run through the Log4j2 appender, configured as its README says. */
class QuickstartLog4j2Test {
    private static final Pattern FIREHOSE_ELEMENT = Pattern.compile("<Firehose .*?/>", Pattern.DOTALL);

    @Test
    @Timeout(120)
    void logsDeliverThroughLog4j2AndTheReferenceQueriesFindThem(@TempDir Path dataDir) throws Exception {
        String output = QuickstartTest.runAndCheck("log4j2", dataDir);
        assertTrue(output.contains("\"service\":\"orders\""), "the README element's fields:\n" + output);
    }

    @Test
    void theLog4j2ConfigurationUsesTheReadmeElementUnchanged() throws Exception {
        String readme = Files.readString(Path.of("../../firehose-appender-log4j2/README.md"));
        String quickstart;
        try (InputStream in = getClass().getResourceAsStream("/" + Log4j2Framework.CONFIGURATION)) {
            quickstart = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertEquals(firehoseElement(readme), firehoseElement(quickstart));
    }

    private static String firehoseElement(String text) {
        Matcher m = FIREHOSE_ELEMENT.matcher(text);
        assertTrue(m.find(), "a <Firehose .../> element in:\n" + text);
        return m.group();
    }
}
