package org.utbackpack.plugin.export;

import java.io.IOException;
import java.io.Writer;
import java.util.List;

/**
 * Writes RFC 4180 CSV: fields separated by commas, records ended by CRLF, a field quoted when it holds a
 * comma, a quote, a line break or leading or trailing spaces, with its quotes doubled. Text that a
 * spreadsheet would run as a formula (starting with =, +, -, @, tab or carriage return) gets a leading
 * apostrophe, so opening an export never executes what a record says.
 */
final class CsvWriter {

    private final Writer out;

    CsvWriter(Writer out) {
        this.out = out;
    }

    /** The byte order mark, so that spreadsheets read the file as UTF-8 (names with accents). */
    void byteOrderMark() throws IOException {
        out.write('\uFEFF');
    }

    void row(List<String> fields) throws IOException {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.write(quote(fields.get(i)));
        }
        out.write("\r\n");
    }

    /** A field as it is written; null is an empty field. */
    static String quote(String field) {
        if (field == null || field.isEmpty()) {
            return "";
        }
        boolean quoted = field.indexOf(',') >= 0 || field.indexOf('"') >= 0 || field.indexOf('\n') >= 0
                || field.indexOf('\r') >= 0 || field.charAt(0) == ' ' || field.charAt(field.length() - 1) == ' ';
        return quoted ? '"' + field.replace("\"", "\"\"") + '"' : field;
    }

    /** Text that would start a spreadsheet formula, made inert. */
    static String text(String value) {
        if (value == null || value.isEmpty()) {
            return value;
        }
        char first = value.charAt(0);
        return first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r'
                ? "'" + value : value;
    }
}
