package io.github.firehoseappender.userpaths;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The appender's {@code DeliveryStats} as the app printed them ({@code STATS DeliveryStats{appended=...}}). */
record AppenderStats(long appended, long delivered, long dropped, String dropCauses, long possibleDuplicates,
                     String text) {
    private static final Pattern DROPPED = Pattern.compile("dropped=(\\d+) \\{([^}]*)}");

    static AppenderStats parse(String line) {
        String text = line.substring("STATS ".length());
        Matcher dropped = DROPPED.matcher(text);
        if (!text.startsWith("DeliveryStats{") || !dropped.find()) {
            throw new AssertionError("the app printed no appender stats: " + line);
        }
        StringBuilder causes = new StringBuilder();
        for (String cause : dropped.group(2).split(", ")) {
            if (!cause.endsWith("=0")) {
                causes.append(causes.length() == 0 ? "" : " ").append(cause);
            }
        }
        return new AppenderStats(number(text, "appended"), number(text, "delivered"), Long.parseLong(dropped.group(1)),
                causes.toString(), number(text, "possibleDuplicates"), text);
    }

    private static long number(String text, String name) {
        Matcher m = Pattern.compile("\\b" + name + "=(\\d+)").matcher(text);
        if (!m.find()) {
            throw new AssertionError("no " + name + " in " + text);
        }
        return Long.parseLong(m.group(1));
    }
}
