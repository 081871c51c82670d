package org.utbackpack.plugin.export;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Writes one data element of a retrieval as CSV: UTF-8 with a byte order mark, a heading row first. */
final class CsvExport {

    private final StoredFiles files;

    CsvExport(StoredFiles files) {
        this.files = files;
    }

    void write(StoredFile file, CsvElement element, OutputStream out) throws IOException {
        Writer text = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 64 * 1024);
        CsvWriter csv = new CsvWriter(text);
        csv.byteOrderMark();
        csv.row(element.columns().stream().map(CsvElement.Column::heading).toList());
        files.eachRecord(file, element, values -> csv.row(fields(element, values)));
        text.flush();
    }

    private static List<String> fields(CsvElement element, Object[] values) {
        List<String> fields = new ArrayList<>(values.length);
        for (int i = 0; i < values.length; i++) {
            Object value = values[i];
            fields.add(switch (element.columns().get(i).kind()) {
                case TEXT -> CsvWriter.text((String) value);
                case NUMBER -> number(value);
                case YES_NO -> value == null ? "" : (Boolean) value ? "Yes" : "No";
            });
        }
        return fields;
    }

    /** 12.0 is written 12, 0.25 as 0.25; blank when missing. */
    static String number(Object value) {
        if (!(value instanceof Number n)) {
            return value == null ? "" : value.toString();
        }
        try {
            BigDecimal d = new BigDecimal(n.toString()).stripTrailingZeros();
            return d.scale() < 0 ? d.setScale(0).toPlainString() : d.toPlainString();
        } catch (NumberFormatException e) {
            return n.toString(); // NaN, Infinity
        }
    }
}
