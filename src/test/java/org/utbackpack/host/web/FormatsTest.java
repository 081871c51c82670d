package org.utbackpack.host.web;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FormatsTest {

    private static final ZoneId UTAH = ZoneId.of("America/Denver");
    private final Formats english = new Formats(UTAH);
    private final Formats spanish = english.in("es");

    @Test
    void spanishPagesPutTheDayBeforeTheMonthAndUseTheTwentyFourHourClock() {
        assertEquals("12/01/2026", english.date("2026-12-01"));
        assertEquals("1/12/2026", spanish.date("2026-12-01"));
        Instant afternoon = Instant.parse("2026-12-01T20:05:00Z"); // 1:05 PM in Utah
        assertEquals("12/01/2026 1:05 PM", english.dateTime(afternoon));
        assertEquals("1/12/2026 13:05", spanish.dateTime(afternoon));
        assertEquals("Sí", spanish.yesNo(true));
        assertEquals("Yes", english.yesNo("true"));
        assertEquals("No", spanish.yesNo(false));
    }

    @Test
    void eachLanguageHasOneFormatsAndAnythingElseIsEnglish() {
        assertSame(spanish, english.in("es"));
        assertSame(english, spanish.in("en"));
        assertSame(english, english.in("fr"));
        assertSame(english, spanish.in(null));
    }

    @Test
    void aDateIsPastOnlyBeforeTodayInUtah() {
        LocalDate today = LocalDate.now(UTAH);
        assertTrue(english.isPast(today.minusDays(1).toString()));
        assertFalse(english.isPast(today.toString()));
        assertFalse(english.isPast(today.plusYears(1)));
        assertFalse(english.isPast(""));
        assertFalse(english.isPast(null));
        assertFalse(english.isPast("not a date"));
    }
}
