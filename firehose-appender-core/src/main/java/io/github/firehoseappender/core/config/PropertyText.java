package io.github.firehoseappender.core.config;

import io.github.firehoseappender.core.spool.SpoolOverflow;
import io.github.firehoseappender.core.spool.SpoolSync;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the text users write in logback.xml and log4j2.xml, so both adapters accept exactly the same values:
 * durations as {@code 1s}, {@code 500ms}, {@code 2 minutes}, ISO-8601 {@code PT1S} or plain milliseconds; sizes as
 * {@code 16MiB}, {@code 512 KB} or plain bytes.
 */
final class PropertyText {
    private static final Pattern AMOUNT_UNIT = Pattern.compile("\\s*(\\d+(?:\\.\\d+)?)\\s*([a-zA-Z]*)\\s*");
    /** What Logback writes for {@code ${NAME}} when NAME is defined nowhere. */
    private static final Pattern LOGBACK_UNDEFINED = Pattern.compile("([A-Za-z0-9_.-]+)_IS_UNDEFINED");
    /** What Log4j2 leaves, as written, for a lookup it cannot resolve: {@code ${env:NAME}}, {@code ${sys:name}}. */
    private static final Pattern UNRESOLVED_LOOKUP = Pattern.compile("\\$\\{([^}]+)}");
    /** AWS region names: eu-west-1, us-gov-west-1, ap-southeast-5, cn-north-1, us-isob-east-1, eusc-de-east-1. */
    private static final Pattern REGION = Pattern.compile("[a-z]{2,4}(-[a-z]+)+-\\d{1,2}");

    private PropertyText() {
    }

    /**
     * A configuration problem when {@code text} is a placeholder the framework could not fill (an unset environment
     * variable or system property), else null. Without this check the placeholder itself would become the value.
     */
    static String unresolvedPlaceholder(String property, String text) {
        if (text == null) {
            return null;
        }
        Matcher logback = LOGBACK_UNDEFINED.matcher(text);
        if (logback.find()) {
            String variable = logback.group(1);
            return property + "=" + text + ": ${" + variable + "} is not defined (Logback wrote "
                    + variable + "_IS_UNDEFINED in its place); set the environment variable or property " + variable
                    + ", or write ${" + variable + ":-} so that an unset variable leaves the option empty";
        }
        Matcher log4j = UNRESOLVED_LOOKUP.matcher(text);
        if (log4j.find()) {
            String lookup = log4j.group(1);
            return property + "=" + text + ": ${" + lookup + "} is not defined (Log4j2 left the lookup as "
                    + "written); set it, or write ${" + lookup + ":-} so that an unset value leaves the option empty";
        }
        return null;
    }

    /** A configuration problem when {@code region} does not have the shape of an AWS region name, else null. */
    static String regionProblem(String property, String region, String from) {
        if (region == null || REGION.matcher(region).matches()) {
            return null;
        }
        return property + "=" + region + from + " is not an AWS region name such as eu-west-1 or us-east-1; "
                + "fix the spelling (with the stream's region) or leave it unset for the SDK's region chain";
    }

    static Duration duration(String text) {
        String t = text.trim();
        if (t.regionMatches(true, 0, "PT", 0, 2) || t.regionMatches(true, 0, "P", 0, 1) && t.length() > 1
                && Character.isDigit(t.charAt(1))) {
            return Duration.parse(t.toUpperCase(Locale.ROOT));
        }
        Matcher m = AMOUNT_UNIT.matcher(t);
        if (!m.matches()) {
            throw new IllegalArgumentException("is not a duration such as 1s, 500ms, 2m or PT1S");
        }
        double amount = Double.parseDouble(m.group(1));
        String unit = m.group(2).toLowerCase(Locale.ROOT);
        double millis;
        switch (unit) {
            case "": case "ms": case "milli": case "millis": case "millisecond": case "milliseconds":
                millis = amount;
                break;
            case "s": case "sec": case "secs": case "second": case "seconds":
                millis = amount * 1_000;
                break;
            case "m": case "min": case "mins": case "minute": case "minutes":
                millis = amount * 60_000;
                break;
            case "h": case "hour": case "hours":
                millis = amount * 3_600_000;
                break;
            default:
                throw new IllegalArgumentException("has unknown unit '" + m.group(2) + "'; use ms, s, m or h");
        }
        return Duration.ofMillis(Math.round(millis));
    }

    static long bytes(String text) {
        Matcher m = AMOUNT_UNIT.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("is not a size such as 16MiB, 512KiB or 1048576");
        }
        double amount = Double.parseDouble(m.group(1));
        String unit = m.group(2).toLowerCase(Locale.ROOT);
        long factor;
        switch (unit) {
            case "": case "b": case "bytes":
                factor = 1;
                break;
            case "k": case "kb": case "kib":
                factor = 1024;
                break;
            case "m": case "mb": case "mib":
                factor = 1024 * 1024;
                break;
            case "g": case "gb": case "gib":
                factor = 1024L * 1024 * 1024;
                break;
            default:
                throw new IllegalArgumentException("has unknown unit '" + m.group(2) + "'; use B, KiB, MiB or GiB");
        }
        return Math.round(amount * factor);
    }

    static int integer(String text) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("is not a whole number");
        }
    }

    static boolean bool(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("true") || t.equals("false")) {
            return Boolean.parseBoolean(t);
        }
        throw new IllegalArgumentException("is not true or false");
    }

    static OverflowPolicy overflowPolicy(String text) {
        try {
            return OverflowPolicy.valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("is not one of DROP_NEWEST, DROP_OLDEST, BLOCK");
        }
    }

    /** {@code interval} (default) or {@code batch}, in any case. */
    static SpoolSync spoolSync(String text) {
        switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "interval": return SpoolSync.INTERVAL;
            case "batch": return SpoolSync.BATCH;
            default: throw new IllegalArgumentException("is not a spool sync; use interval (fsync every second) or "
                    + "batch (fsync every call)");
        }
    }

    /** {@code dropOldest} or {@code dropNewest}, also written DROP_OLDEST and DROP_NEWEST as overflowPolicy is. */
    static SpoolOverflow spoolOverflow(String text) {
        switch (text.trim().replace("_", "").toLowerCase(Locale.ROOT)) {
            case "dropoldest": return SpoolOverflow.DROP_OLDEST;
            case "dropnewest": return SpoolOverflow.DROP_NEWEST;
            default: throw new IllegalArgumentException("is not a spool overflow; use dropOldest or dropNewest");
        }
    }
}
