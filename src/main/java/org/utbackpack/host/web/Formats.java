package org.utbackpack.host.web;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * How pages show dates, times and numbers: one format per language, Utah's time zone, and a blank (never
 * "null") for a missing value. Templates call it as {@code $fmt.date(x)}; a Spanish page gets
 * {@link #in(String) in("es")}: day before month (1/12/2026, 13:05), Sí/No. No method throws on stored
 * data: a value that cannot be formatted (a NaN, an infinity, a year that is not one) shows as
 * {@link #UNREADABLE}, so a page never fails because of what a document held.
 */
public final class Formats {

    /** Shown in place of a stored value that cannot be formatted: blank, with a marker a reader notices. */
    public static final String UNREADABLE = "(?)";

    private static final DateTimeFormatter US_DATE = DateTimeFormatter.ofPattern("MM/dd/yyyy", Locale.US);
    private static final DateTimeFormatter US_DATE_TIME = DateTimeFormatter.ofPattern("MM/dd/yyyy h:mm a", Locale.US);
    private static final Locale SPANISH = Locale.forLanguageTag("es-US");
    private static final DateTimeFormatter ES_DATE = DateTimeFormatter.ofPattern("d/M/yyyy", SPANISH);
    private static final DateTimeFormatter ES_DATE_TIME = DateTimeFormatter.ofPattern("d/M/yyyy H:mm", SPANISH);
    private static final DateTimeFormatter US_LONG_DATE = DateTimeFormatter.ofPattern("MMMM d, yyyy", Locale.US);
    private static final DateTimeFormatter ES_LONG_DATE = DateTimeFormatter.ofPattern("d 'de' MMMM 'de' yyyy", SPANISH);

    private final ZoneId zone;
    private final String language;
    private final DateTimeFormatter dateFormat;
    private final DateTimeFormatter dateTimeFormat;
    private final DateTimeFormatter longDateFormat;
    /** The other language's formats: English holds its Spanish twin and the twin holds it back. */
    private final Formats other;

    public Formats(ZoneId zone) {
        this.zone = zone;
        this.language = "en";
        this.dateFormat = US_DATE;
        this.dateTimeFormat = US_DATE_TIME;
        this.longDateFormat = US_LONG_DATE;
        this.other = new Formats(zone, this);
    }

    private Formats(ZoneId zone, Formats english) {
        this.zone = zone;
        this.language = "es";
        this.dateFormat = ES_DATE;
        this.dateTimeFormat = ES_DATE_TIME;
        this.longDateFormat = ES_LONG_DATE;
        this.other = english;
    }

    /** The formats of a page in this language ("en" or "es"); English for anything else. */
    public Formats in(String lang) {
        boolean spanish = "es".equals(lang);
        return spanish == "es".equals(language) ? this : other;
    }

    /** True when a date (yyyy-mm-dd, or a date/instant value) is before today in Utah; false for blanks. */
    public boolean isPast(Object value) {
        LocalDate day;
        if (value instanceof Instant i) {
            day = i.atZone(zone).toLocalDate();
        } else if (value instanceof LocalDate d) {
            day = d;
        } else if (value == null) {
            return false;
        } else {
            String text = value.toString().trim();
            try {
                day = LocalDate.parse(text.length() > 10 ? text.substring(0, 10) : text);
            } catch (DateTimeParseException e) {
                return false;
            }
        }
        return day.isBefore(LocalDate.now(zone));
    }

    public String date(Object value) {
        return date(value, dateFormat);
    }

    /** The date in words, for sentences: December 1, 2026, or 1 de diciembre de 2026 in Spanish. */
    public String longDate(Object value) {
        return date(value, longDateFormat);
    }

    private String date(Object value, DateTimeFormatter format) {
        if (value == null) {
            return "";
        }
        if (value instanceof Instant i) {
            return format.format(i.atZone(zone));
        }
        if (value instanceof LocalDate d) {
            return format.format(d);
        }
        if (value instanceof LocalDateTime d) {
            return format.format(d);
        }
        String text = value.toString().trim();
        try {
            return format.format(LocalDate.parse(text.length() > 10 ? text.substring(0, 10) : text));
        } catch (DateTimeParseException e) {
            return text;
        }
    }

    public String dateTime(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Instant i) {
            return dateTimeFormat.format(i.atZone(zone));
        }
        if (value instanceof LocalDateTime d) {
            return dateTimeFormat.format(d);
        }
        return date(value);
    }

    /** 12.0 prints as 12, 0.25 as 0.25; blank for a missing value. */
    public String number(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Number n) {
            if ((n instanceof Double || n instanceof Float) && !Double.isFinite(n.doubleValue())) {
                return UNREADABLE;
            }
            try {
                BigDecimal d = new BigDecimal(n.toString()).stripTrailingZeros();
                return d.scale() < 0 ? d.setScale(0).toPlainString() : d.toPlainString();
            } catch (NumberFormatException | ArithmeticException e) {
                return UNREADABLE;
            }
        }
        return value.toString();
    }

    /** "25–26" for the school year "2025-2026" (chart axes); the marker for anything else. */
    public String yearSpan(Object value) {
        String text = value == null ? "" : value.toString().trim();
        if (!text.matches("[0-9]{4}-[0-9]{4}")) {
            return text.isEmpty() ? "" : UNREADABLE;
        }
        return text.substring(2, 4) + "\u2013" + text.substring(7, 9);
    }

    /** A whole count with thousands separators. */
    public String count(Object value) {
        if (value instanceof Number n) {
            return Double.isFinite(n.doubleValue()) ? String.format(Locale.US, "%,d", n.longValue()) : UNREADABLE;
        }
        return value == null ? "0" : value.toString();
    }

    public String yesNo(Object value) {
        if (value == null) {
            return "";
        }
        boolean yes = Boolean.TRUE.equals(value) || "true".equalsIgnoreCase(value.toString()) || "1".equals(value.toString());
        return yes ? ("es".equals(language) ? "Sí" : "Yes") : "No";
    }

    /**
     * The start of a day typed as yyyy-mm-dd (a date field), in Utah's time zone, or {@code fallback}
     * when the text is not a date.
     */
    public Instant dayStart(String text, String fallback) {
        try {
            return LocalDate.parse(text.trim()).atStartOfDay(zone).toInstant();
        } catch (DateTimeParseException | NullPointerException e) {
            return LocalDate.parse(fallback).atStartOfDay(zone).toInstant();
        }
    }

    /** The end of that day (the start of the next), for an inclusive "to" date. */
    public Instant dayEnd(String text, String fallback) {
        return dayStart(text, fallback).atZone(zone).plusDays(1).toInstant();
    }

    /** True when the text is a yyyy-mm-dd date. */
    public boolean isDay(String text) {
        try {
            LocalDate.parse(text.trim());
            return true;
        } catch (DateTimeParseException | NullPointerException e) {
            return false;
        }
    }

    /** Blank for null; the value's text otherwise. */
    public String text(Object value) {
        return value == null ? "" : value.toString();
    }
}
