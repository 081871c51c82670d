package org.utbackpack.plugin.backpack;

import com.fasterxml.jackson.databind.JsonNode;
import org.utbackpack.plugin.db.Jdbc;

import java.util.ArrayList;
import java.util.List;

/** How one document field becomes one table column. */
record Column(String name, String field, Kind kind, int maxLength) {

    enum Kind { TEXT, NUMBER, BOOLEAN, LIST, LICENSES, HASH, DERIVED }

    private static final int LONG_TEXT = 4000;

    static Column text(String name, String field, int maxLength) {
        return new Column(name, field, Kind.TEXT, maxLength);
    }

    static Column number(String name, String field) {
        return new Column(name, field, Kind.NUMBER, 0);
    }

    static Column bool(String name, String field) {
        return new Column(name, field, Kind.BOOLEAN, 0);
    }

    static Column list(String name, String field) {
        return new Column(name, field, Kind.LIST, LONG_TEXT);
    }

    static Column licenses(String name, String field) {
        return new Column(name, field, Kind.LICENSES, LONG_TEXT);
    }

    /** The whole record's fingerprint ({@link RecordHash}), which compares retrievals by content. */
    static Column hash(String name) {
        return new Column(name, null, Kind.HASH, 64);
    }

    /**
     * A name the document gives elsewhere (a course grade's teacher, a teacher's latest school year): the
     * ingest fills it in from what it gathered while checking the document.
     */
    static Column derived(String name) {
        return new Column(name, null, Kind.DERIVED, 0);
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
            case NUMBER -> number(node);
            case BOOLEAN -> node.isBoolean() ? node.booleanValue() : "true".equalsIgnoreCase(scalar(node));
            case LIST -> limit(joined(node));
            case LICENSES -> limit(licenses(node));
            case HASH, DERIVED -> throw new IllegalStateException("answered above");
        };
    }

    private String scalar(JsonNode node) {
        if (!node.isValueNode()) {
            throw new DocumentException("field '" + field + "' should be a single value");
        }
        return node.asText();
    }

    private Double number(JsonNode node) {
        if (node.isNumber()) {
            return node.doubleValue();
        }
        String text = scalar(node).trim();
        if (text.isEmpty()) {
            return null;
        }
        try {
            return Double.valueOf(text);
        } catch (NumberFormatException e) {
            throw new DocumentException("field '" + field + "' should be a number, not '" + text + "'");
        }
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
