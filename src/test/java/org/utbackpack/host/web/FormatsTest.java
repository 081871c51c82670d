package org.utbackpack.host.web;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.ZoneId;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Formatting never fails on a stored value: what cannot be formatted shows blank with the marker. */
class FormatsTest {

    private final Formats fmt = new Formats(ZoneId.of("America/Denver"));

    @Test
    void numbersThatAreNotNumbersShowTheMarkerInsteadOfFailing() {
        assertEquals(Formats.UNREADABLE, fmt.number(Double.NaN));
        assertEquals(Formats.UNREADABLE, fmt.number(Double.POSITIVE_INFINITY));
        assertEquals(Formats.UNREADABLE, fmt.number(Float.NEGATIVE_INFINITY));
        assertEquals(Formats.UNREADABLE, fmt.count(Double.NaN));
        assertEquals("12", fmt.number(12.0));
        assertEquals("0.25", fmt.number(0.25));
        assertEquals("0", fmt.number(-0.0));
        assertEquals("3", fmt.number(new BigDecimal("3.000")));
        assertEquals("", fmt.number(null));
    }

    @Test
    void schoolYearsShortenForChartsAndAnythingElseShowsTheMarker() {
        assertEquals("25\u201326", fmt.yearSpan("2025-2026"));
        assertEquals(Formats.UNREADABLE, fmt.yearSpan("x"));
        assertEquals(Formats.UNREADABLE, fmt.yearSpan("2025"));
        assertEquals("", fmt.yearSpan(null));
    }

    @Test
    void datesThatAreNotDatesShowAsTheyAre() {
        assertEquals("2025-02-30", fmt.date("2025-02-30"), "shown as stored, not a failed page");
        assertEquals("04/10/2025", fmt.date("2025-04-10"));
        assertEquals("", fmt.date(null));
    }
}
