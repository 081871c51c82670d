package org.utbackpack.host.utrex;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Month;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One LEA's instructional calendar for one school year: 180 days (R277-419) from a late-August start,
 * skipping weekends and the usual Utah breaks. Membership, term dates and test dates all come from it,
 * so attendance arithmetic and dates agree with each other.
 */
final class SchoolCalendar {

    static final int INSTRUCTIONAL_DAYS = 180;

    private final int startYear;
    private final List<LocalDate> days;

    /** @param startOffset 0..8: LEAs start on different days in August */
    SchoolCalendar(int startYear, int startOffset) {
        this.startYear = startYear;
        this.days = Collections.unmodifiableList(buildDays(startYear, startOffset));
    }

    /** The school year (Jul-Jun) that holds a date, by its first calendar year. */
    static int schoolYearOf(LocalDate date) {
        return date.getMonthValue() >= Month.JULY.getValue() ? date.getYear() : date.getYear() - 1;
    }

    static String label(int startYear) {
        return startYear + "-" + (startYear + 1);
    }

    int startYear() {
        return startYear;
    }

    String label() {
        return label(startYear);
    }

    LocalDate firstDay() {
        return days.get(0);
    }

    LocalDate lastDay() {
        return days.get(days.size() - 1);
    }

    /** The instructional day with this zero-based index. */
    LocalDate day(int index) {
        return days.get(Math.max(0, Math.min(days.size() - 1, index)));
    }

    /** Index of the first day of term {@code term} (0-based) when the year is cut into {@code terms}. */
    static int termStartIndex(int term, int terms) {
        return term * INSTRUCTIONAL_DAYS / terms;
    }

    LocalDate termStart(int term, int terms) {
        return day(termStartIndex(term, terms));
    }

    LocalDate termEnd(int term, int terms) {
        return day(termStartIndex(term + 1, terms) - 1);
    }

    /** Instructional days in [from, to], both inclusive. */
    int count(LocalDate from, LocalDate to) {
        int n = 0;
        for (LocalDate d : days) {
            if (!d.isBefore(from) && !d.isAfter(to)) {
                n++;
            }
        }
        return n;
    }

    /** The first instructional day on or after the date, or the last day of the year. */
    LocalDate onOrAfter(LocalDate date) {
        for (LocalDate d : days) {
            if (!d.isBefore(date)) {
                return d;
            }
        }
        return lastDay();
    }

    private static List<LocalDate> buildDays(int year, int startOffset) {
        List<LocalDate> result = new ArrayList<>(INSTRUCTIONAL_DAYS);
        LocalDate d = LocalDate.of(year, Month.AUGUST, 16 + startOffset);
        while (result.size() < INSTRUCTIONAL_DAYS) {
            if (isSchoolDay(d)) {
                result.add(d);
            }
            d = d.plusDays(1);
        }
        return result;
    }

    private static boolean isSchoolDay(LocalDate d) {
        DayOfWeek dow = d.getDayOfWeek();
        if (dow == DayOfWeek.SATURDAY || dow == DayOfWeek.SUNDAY) {
            return false;
        }
        return !isHoliday(d);
    }

    private static boolean isHoliday(LocalDate d) {
        int y = d.getYear();
        return d.equals(nthWeekday(y, Month.SEPTEMBER, 1, DayOfWeek.MONDAY))         // Labor Day
                || isFallBreak(d)
                || isThanksgiving(d)
                || isWinterBreak(d)
                || d.equals(nthWeekday(y, Month.JANUARY, 3, DayOfWeek.MONDAY))    // Martin Luther King Jr. Day
                || d.equals(nthWeekday(y, Month.FEBRUARY, 3, DayOfWeek.MONDAY))   // Presidents' Day
                || isSpringBreak(d)
                || d.equals(LocalDate.of(y, Month.MAY, 31).with(TemporalAdjusters.lastInMonth(DayOfWeek.MONDAY)));
    }

    /** The UEA fall break: the third Thursday and Friday of October. */
    private static boolean isFallBreak(LocalDate d) {
        LocalDate thursday = nthWeekday(d.getYear(), Month.OCTOBER, 3, DayOfWeek.THURSDAY);
        return d.equals(thursday) || d.equals(thursday.plusDays(1));
    }

    private static boolean isThanksgiving(LocalDate d) {
        LocalDate thursday = nthWeekday(d.getYear(), Month.NOVEMBER, 4, DayOfWeek.THURSDAY);
        return !d.isBefore(thursday.minusDays(1)) && !d.isAfter(thursday.plusDays(1));
    }

    private static boolean isWinterBreak(LocalDate d) {
        return (d.getMonth() == Month.DECEMBER && d.getDayOfMonth() >= 22)
                || (d.getMonth() == Month.JANUARY && d.getDayOfMonth() <= 2);
    }

    /** The week after the first Sunday of April. */
    private static boolean isSpringBreak(LocalDate d) {
        LocalDate monday = nthWeekday(d.getYear(), Month.APRIL, 1, DayOfWeek.SUNDAY).plusDays(1);
        return !d.isBefore(monday) && !d.isAfter(monday.plusDays(4));
    }

    private static LocalDate nthWeekday(int year, Month month, int n, DayOfWeek dow) {
        return LocalDate.of(year, month, 1).with(TemporalAdjusters.dayOfWeekInMonth(n, dow));
    }
}
