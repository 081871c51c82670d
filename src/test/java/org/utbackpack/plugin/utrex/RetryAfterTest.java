package org.utbackpack.plugin.utrex;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class RetryAfterTest {

    private static final Instant NOW = Instant.parse("2026-11-29T17:00:00Z");

    @Test
    void delaySeconds() {
        assertEquals(Duration.ofSeconds(1), RetryAfter.parse("1", NOW));
        assertEquals(Duration.ofSeconds(120), RetryAfter.parse(" 120 ", NOW));
        assertEquals(Duration.ZERO, RetryAfter.parse("0", NOW));
    }

    @Test
    void anHttpDateIsAWaitUntilThatMoment() {
        assertEquals(Duration.ofSeconds(90), RetryAfter.parse("Sun, 29 Nov 2026 17:01:30 GMT", NOW));
        assertEquals(Duration.ZERO, RetryAfter.parse("Sun, 29 Nov 2026 16:59:00 GMT", NOW), "a date gone by: now");
    }

    @Test
    void aWaitOfDaysIsClampedSoNoRequestIsParkedForever() {
        assertEquals(RetryAfter.MAX, RetryAfter.parse("864000", NOW));
        assertEquals(RetryAfter.MAX, RetryAfter.parse("99999999999999999999999", NOW));
        assertEquals(RetryAfter.MAX, RetryAfter.parse("Tue, 01 Dec 2026 17:00:00 GMT", NOW));
    }

    @Test
    void absentOrUnreadableMeansTheForwardersOwnBackoff() {
        assertNull(RetryAfter.parse(null, NOW));
        assertNull(RetryAfter.parse("", NOW));
        assertNull(RetryAfter.parse("soon", NOW));
        assertNull(RetryAfter.parse("-5", NOW));
    }
}
