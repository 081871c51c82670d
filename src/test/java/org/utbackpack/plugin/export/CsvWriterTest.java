package org.utbackpack.plugin.export;

import org.junit.jupiter.api.Test;

import java.io.StringWriter;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** RFC 4180 quoting, and formulas made inert. */
class CsvWriterTest {

    @Test
    void quotesOnlyWhatNeedsItAndDoublesQuotes() throws Exception {
        StringWriter out = new StringWriter();
        CsvWriter csv = new CsvWriter(out);
        csv.row(Arrays.asList("plain", "a,b", "say \"hi\"", "two\nlines", "", null, " padded", "cr\rhere"));
        assertEquals("plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",,,\" padded\",\"cr\rhere\"\r\n", out.toString());
    }

    @Test
    void textThatASpreadsheetWouldRunIsPrefixed() {
        assertEquals("'=SUM(A1)", CsvWriter.text("=SUM(A1)"));
        assertEquals("'+1", CsvWriter.text("+1"));
        assertEquals("'-2", CsvWriter.text("-2"));
        assertEquals("'@cmd", CsvWriter.text("@cmd"));
        assertEquals("B-", CsvWriter.text("B-"));
        assertEquals("", CsvWriter.text(""));
    }

    @Test
    void numbersAreWrittenWithoutTrailingZeros() {
        assertEquals("12", CsvExport.number(12.0));
        assertEquals("0.25", CsvExport.number(0.25));
        assertEquals("100", CsvExport.number(100.0));
        assertEquals("", CsvExport.number(null));
    }
}
