package io.github.firehoseappender.local.delivery;

import io.github.firehoseappender.local.FirehoseLocal;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PrefixExpanderTest {
    private static final Instant ARRIVAL = Instant.parse("2024-03-07T09:15:30Z");

    @Test
    void expandsDefaultPrefixToHivePartitions() {
        assertEquals("logging/year=2024/month=03/day=07/hour=09/",
                PrefixExpander.compile(FirehoseLocal.DEFAULT_PREFIX).expand(ARRIVAL));
    }

    @Test
    void expandsAnyDateTimeFormatterPatternInUtc() {
        assertEquals("p/2024-03-07T09:15/doy=067/", PrefixExpander.compile("p/!{timestamp:yyyy-MM-dd'T'HH:mm}/doy=!{timestamp:DDD}/")
                .expand(ARRIVAL));
    }

    @Test
    void keepsPlainPrefixAsIs() {
        assertEquals("plain/", PrefixExpander.compile("plain/").expand(ARRIVAL));
        assertEquals("", PrefixExpander.compile("").expand(ARRIVAL));
    }

    @Test
    void randomStringIsElevenAlphanumericsAndChanges() {
        PrefixExpander expander = PrefixExpander.compile("r=!{firehose:random-string}/");

        String first = expander.expand(ARRIVAL);
        String second = expander.expand(ARRIVAL);

        assertTrue(first.matches("r=[A-Za-z0-9]{11}/"), first);
        assertTrue(!first.equals(second), first + " == " + second);
    }

    @Test
    void refusesUnknownUnclosedOrBadExpressions() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> PrefixExpander.compile("x/!{partitionKeyFromQuery:id}/"));
        assertTrue(unknown.getMessage().contains("!{partitionKeyFromQuery:id}"), unknown.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PrefixExpander.compile("x/!{timestamp:yyyy/"));
        assertThrows(IllegalArgumentException.class, () -> PrefixExpander.compile("x/!{timestamp:bbbb}/"));
    }
}
