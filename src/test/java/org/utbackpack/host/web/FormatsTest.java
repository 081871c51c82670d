package org.utbackpack.host.web;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Dates and numbers as each language writes them; formatting never fails on a stored value. */
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
    void aDateInWordsReadsAsEachLanguageWritesIt() {
        assertEquals("December 1, 2026", english.longDate("2026-12-01"));
        assertEquals("1 de diciembre de 2026", spanish.longDate("2026-12-01"));
        Instant lateEvening = Instant.parse("2026-12-02T05:30:00Z"); // still December 1 in Utah
        assertEquals("December 1, 2026", english.longDate(lateEvening));
        assertEquals("1 de diciembre de 2026", spanish.longDate(lateEvening));
        assertEquals("", spanish.longDate(null));
        assertEquals("not a date", spanish.longDate("not a date"));
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


    @Test
    void numbersThatAreNotNumbersShowTheMarkerInsteadOfFailing() {
        assertEquals(Formats.UNREADABLE, english.number(Double.NaN));
        assertEquals(Formats.UNREADABLE, english.number(Double.POSITIVE_INFINITY));
        assertEquals(Formats.UNREADABLE, english.number(Float.NEGATIVE_INFINITY));
        assertEquals(Formats.UNREADABLE, english.count(Double.NaN));
        assertEquals("12", english.number(12.0));
        assertEquals("0.25", english.number(0.25));
        assertEquals("0", english.number(-0.0));
        assertEquals("3", english.number(new BigDecimal("3.000")));
        assertEquals("", english.number(null));
    }

    @Test
    void schoolYearsShortenForChartsAndAnythingElseShowsTheMarker() {
        assertEquals("25\u201326", english.yearSpan("2025-2026"));
        assertEquals(Formats.UNREADABLE, english.yearSpan("x"));
        assertEquals(Formats.UNREADABLE, english.yearSpan("2025"));
        assertEquals("", english.yearSpan(null));
    }

    @Test
    void datesThatAreNotDatesShowAsTheyAre() {
        assertEquals("2025-02-30", english.date("2025-02-30"), "shown as stored, not a failed page");
        assertEquals("04/10/2025", english.date("2025-04-10"));
        assertEquals("", english.date(null));
    }
}
