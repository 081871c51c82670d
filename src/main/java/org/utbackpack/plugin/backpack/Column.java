package org.utbackpack.plugin.backpack;

import com.fasterxml.jackson.databind.JsonNode;
import org.utbackpack.plugin.db.Jdbc;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * How one document field becomes one table column. Numbers must be finite and within the column's range,
 * dates real calendar dates (yyyy-mm-dd) in a plausible span, school years two consecutive years
 * ("2025-2026"): what the pages format is then always formattable.
 */
record Column(String name, String field, Kind kind, int maxLength, double min, double max) {

    enum Kind { TEXT, NUMBER, BOOLEAN, LIST, LICENSES, HASH, DERIVED, DATE, SCHOOL_YEAR }

    private static final int LONG_TEXT = 4000;
    /** JSON's own number syntax: no NaN, Infinity, hex, or "1d" that Java's parser would take. */
    private static final Pattern NUMBER = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");
    private static final Pattern DATE = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");
    private static final Pattern SCHOOL_YEAR = Pattern.compile("([0-9]{4})-([0-9]{4})");
    private static final int FIRST_YEAR = 1900;
    private static final int LAST_YEAR = 2200;

    static Column text(String name, String field, int maxLength) {
        return new Column(name, field, Kind.TEXT, maxLength, 0, 0);
    }

    /** A number from {@code min} to {@code max}; anything else (or NaN, Infinity) refuses the document. */
    static Column number(String name, String field, double min, double max) {
        return new Column(name, field, Kind.NUMBER, 0, min, max);
    }

    static Column bool(String name, String field) {
        return new Column(name, field, Kind.BOOLEAN, 0, 0, 0);
    }

    static Column list(String name, String field) {
        return new Column(name, field, Kind.LIST, LONG_TEXT, 0, 0);
    }

    static Column licenses(String name, String field) {
        return new Column(name, field, Kind.LICENSES, LONG_TEXT, 0, 0);
    }

    /** A calendar date, yyyy-mm-dd, stored as that text. */
    static Column date(String name, String field) {
        return new Column(name, field, Kind.DATE, 10, 0, 0);
    }

    /** A school year, "2025-2026". */
    static Column schoolYear(String name, String field) {
        return new Column(name, field, Kind.SCHOOL_YEAR, 9, 0, 0);
    }

    /** The whole record's fingerprint ({@link RecordHash}), which compares retrievals by content. */
    static Column hash(String name) {
        return new Column(name, null, Kind.HASH, 64, 0, 0);
    }

    /**
     * A name the document gives elsewhere (a course grade's teacher, a teacher's latest school year): the
     * ingest fills it in from what it gathered while checking the document.
     */
    static Column derived(String name) {
        return new Column(name, null, Kind.DERIVED, 0, 0, 0);
    }

    /**
     * The value to bind for this column from one record. Values of the wrong shape fail with a reason,
     * so a malformed document never half-lands.
     */
    Object value(JsonNode record) {
        if (kind == Kind.HASH) {
            return RecordHash.of(record);
        }
        if (kind == Kind.DERIVED) {
            return Jdbc.Null.VARCHAR;
        }
        JsonNode node = record.get(field);
        if (node == null || node.isNull() || node.isMissingNode()) {
            return switch (kind) {
                case NUMBER -> Jdbc.Null.DOUBLE;
                case BOOLEAN -> Jdbc.Null.BOOLEAN;
                default -> Jdbc.Null.VARCHAR;
            };
        }
        return switch (kind) {
            case TEXT -> limit(scalar(node));
            case DATE -> date(scalar(node));
            case SCHOOL_YEAR -> schoolYear(scalar(node));
            case NUMBER -> number(node);
            case BOOLEAN -> node.isBoolean() ? node.booleanValue() : "true".equalsIgnoreCase(scalar(node));
            case LIST -> limit(joined(node));
            case LICENSES -> limit(licenses(node));
            case HASH, DERIVED -> throw new IllegalStateException("answered above");
        };
    }

    private String scalar(JsonNode node) {
        if (!node.isValueNode()) {
            throw new DocumentException("should be a single value");
        }
        return node.asText();
    }

    private Object number(JsonNode node) {
        double value;
        if (node.isNumber()) {
            value = node.doubleValue(); // 1e400 arrives as Infinity
        } else {
            String text = scalar(node).trim();
            if (text.isEmpty()) {
                return Jdbc.Null.DOUBLE;
            }
            if (text.matches("(?i)[+-]?(nan|inf|infinity)")) {
                throw new DocumentException("is not a finite number ('" + text + "')");
            }
            if (!NUMBER.matcher(text).matches()) {
                throw new DocumentException("should be a number, not '" + shown(text) + "'");
            }
            value = Double.parseDouble(text);
        }
        if (!Double.isFinite(value)) {
            throw new DocumentException("is not a finite number ('" + shown(node.asText()) + "')");
        }
        if (value < min || value > max) {
            throw new DocumentException("is " + shown(node.asText()) + ", outside the range " + plain(min) + " to "
                    + plain(max));
        }
        return value;
    }

    /** A real calendar date (no 2025-02-30) between 1900 and 2200; blank is no date. */
    private Object date(String text) {
        String t = text.trim();
        if (t.isEmpty()) {
            return Jdbc.Null.VARCHAR;
        }
        if (!DATE.matcher(t).matches()) {
            throw new DocumentException("should be a date (yyyy-mm-dd), not '" + shown(t) + "'");
        }
        LocalDate d;
        try {
            d = LocalDate.parse(t);
        } catch (DateTimeException e) {
            throw new DocumentException("is not a real date ('" + t + "')");
        }
        if (d.getYear() < FIRST_YEAR || d.getYear() > LAST_YEAR) {
            throw new DocumentException("is " + t + ", outside the years " + FIRST_YEAR + " to " + LAST_YEAR);
        }
        return t;
    }

    private Object schoolYear(String text) {
        String t = text.trim();
        if (t.isEmpty()) {
            return Jdbc.Null.VARCHAR;
        }
        var m = SCHOOL_YEAR.matcher(t);
        if (!m.matches() || Integer.parseInt(m.group(2)) != Integer.parseInt(m.group(1)) + 1
                || Integer.parseInt(m.group(1)) < FIRST_YEAR || Integer.parseInt(m.group(2)) > LAST_YEAR) {
            throw new DocumentException("should be a school year such as 2025-2026, not '" + shown(t) + "'");
        }
        return t;
    }

    /** A value as the message quotes it: at most 40 characters. */
    private static String shown(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "…";
    }

    private static String plain(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    private String joined(JsonNode node) {
        if (!node.isArray()) {
            return scalar(node);
        }
        List<String> parts = new ArrayList<>();
        node.forEach(item -> parts.add(item.isValueNode() ? item.asText() : item.toString()));
        return String.join("; ", parts);
    }

    /** "Professional Educator License, Secondary, Level 2 (expires 2028-06-30); ..." */
    private String licenses(JsonNode node) {
        if (!node.isArray()) {
            return scalar(node);
        }
        List<String> parts = new ArrayList<>();
        for (JsonNode license : node) {
            if (license.isValueNode()) {
                parts.add(license.asText());
                continue;
            }
            List<String> bits = new ArrayList<>();
            for (String key : List.of("type", "area", "level")) {
                String value = license.path(key).asText("");
                if (!value.isBlank()) {
                    bits.add(value);
                }
            }
            String expires = license.path("expires").asText("");
            parts.add(String.join(", ", bits) + (expires.isBlank() ? "" : " (expires " + expires + ")"));
        }
        return String.join("; ", parts);
    }

    private String limit(String value) {
        if (value == null) {
            return null;
        }
        int max = maxLength == 0 ? LONG_TEXT : maxLength;
        return value.length() <= max ? value : value.substring(0, max);
    }
}
