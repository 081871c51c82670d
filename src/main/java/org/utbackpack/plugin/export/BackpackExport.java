package org.utbackpack.plugin.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.utbackpack.plugin.audit.AuditLog;
import org.utbackpack.plugin.db.Jdbc;

import java.io.BufferedWriter;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Exports one stored retrieval of a student's Backpack: the whole document as Ed-Fi Data Standard 5 resources
 * for a loader (a zip of one JSON Lines file per resource and a manifest, built from the verbatim document), or
 * one data element as CSV (from its table, through a cursor, with readable headings). Both are written straight
 * to the caller's stream. docs/EXPORT.md describes the mapping.
 */
public final class BackpackExport {

    /** Where file dates (in file names and the log) are told: the SIS's Utah time. */
    private static final ZoneId UTAH = ZoneId.of("America/Denver");
    private static final int FETCH = 500;

    private final Jdbc jdbc;
    private final ObjectMapper json;
    private final AuditLog audit;
    private final Clock clock;

    public BackpackExport(Jdbc jdbc, ObjectMapper json, AuditLog audit, Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.audit = audit;
        this.clock = clock;
    }

    /** The student's file with this id, or their latest for 0; empty when the student has no such file. */
    public Optional<StoredFile> file(long studentDcid, long fileId) {
        String sql = "SELECT f.ID, f.REQUESTID, f.SSID, f.RETRIEVEDAT, f.GENERATEDAT FROM U_UT_BP_FILE f"
                + " WHERE f.STUDENTSDCID = ? AND f.ID = " + (fileId == 0
                ? "(SELECT MAX(m.ID) FROM U_UT_BP_FILE m WHERE m.STUDENTSDCID = ?)" : "?");
        return jdbc.queryFirst(sql, rs -> new StoredFile(rs.getLong("ID"), studentDcid, Jdbc.nullableLong(rs, "REQUESTID"),
                        rs.getString("SSID"), Jdbc.instant(rs, "RETRIEVEDAT"), rs.getString("GENERATEDAT")),
                studentDcid, fileId == 0 ? studentDcid : fileId);
    }

    /** True for a data element {@link #writeCsv} knows. */
    public static boolean isCsvElement(String key) {
        return key != null && CsvElement.byKey(key).isPresent();
    }

    /**
     * Records the export in the disclosure log before anything is sent, in its own transaction: a download
     * that could not be logged is not made.
     */
    public void recordExport(AuditLog.Actor actor, StoredFile file, String what) {
        jdbc.inTransaction(c -> {
            audit.record(c, actor, file.studentDcid(), "export", file.requestId(), null,
                    "Exported " + what + " of the Backpack file retrieved " + day(file) + " (file " + file.id() + ")");
            return null;
        });
    }

    /** "backpack-1234561-2026-11-29-courseGrades.csv": whose, which retrieval, what. */
    public static String filename(StoredFile file, String what, String extension) {
        String ssid = file.ssid() == null ? "" : file.ssid().replaceAll("[^A-Za-z0-9]", "");
        return "backpack-" + (ssid.isEmpty() ? "student" + file.studentDcid() : ssid) + "-" + day(file) + "-"
                + what.replaceAll("[^A-Za-z0-9]", "") + "." + extension;
    }

    private static String day(StoredFile file) {
        return file.retrievedAt() == null ? "undated" : file.retrievedAt().atZone(UTAH).toLocalDate().toString();
    }

    /**
     * The whole retrieval as Ed-Fi Data Standard 5 resources, for a loader: a zip of {@code manifest.json} and one
     * {@code <resource>.jsonl} per resource (one item a line, each ready to POST to {@code /data/ed-fi/<resource>}),
     * listed in the manifest in load order with what was derived and what was left out.
     */
    public void writeEdFi(StoredFile file, OutputStream out) throws IOException {
        JsonNode document;
        try {
            document = jdbc.withConnection(c -> {
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT DOCUMENT FROM U_UT_BP_FILE WHERE ID = ? AND STUDENTSDCID = ?")) {
                    Jdbc.bind(ps, file.id(), file.studentDcid());
                    try (ResultSet rs = ps.executeQuery()) {
                        if (!rs.next()) {
                            throw new IllegalStateException("file " + file.id() + " is gone");
                        }
                        try (Reader text = rs.getCharacterStream(1)) {
                            return json.readTree(text);
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        writeEdFi(file, document, out);
    }

    /** As {@link #writeEdFi(StoredFile, OutputStream)}, from the document already read. */
    void writeEdFi(StoredFile file, JsonNode document, OutputStream out) throws IOException {
        if (document == null || !document.isObject()) {
            throw new IllegalStateException("stored document of file " + file.id() + " is not an object");
        }
        EdFiSet set = new EdFiMapping(file.ssid()).map(document);
        Map<String, List<ObjectNode>> resources = set.closed();
        ZipOutputStream zip = new ZipOutputStream(out, StandardCharsets.UTF_8);
        zip.putNextEntry(new ZipEntry("manifest.json"));
        json.writerWithDefaultPrettyPrinter().writeValue(new NonClosing(zip), manifest(file, document, resources, set));
        zip.closeEntry();
        for (Map.Entry<String, List<ObjectNode>> resource : resources.entrySet()) {
            if (resource.getValue().isEmpty()) {
                continue;
            }
            zip.putNextEntry(new ZipEntry(resource.getKey() + ".jsonl"));
            for (ObjectNode item : resource.getValue()) {
                zip.write(json.writeValueAsBytes(item));
                zip.write('\n');
            }
            zip.closeEntry();
        }
        zip.finish();
        zip.flush();
    }

    private ObjectNode manifest(StoredFile file, JsonNode document, Map<String, List<ObjectNode>> resources, EdFiSet set) {
        ObjectNode m = json.createObjectNode();
        m.put("description", "A Utah Student Achievement Backpack as Ed-Fi Data Standard 5 resources: load the files"
                + " in the order listed, POSTing each line to the API's /data/ed-fi/<resource> (docs/EXPORT.md of ut-backpack)");
        m.put("dataStandard", "5.0");
        m.put("source", "UTREx Student Achievement Backpack");
        m.put("studentUniqueId", file.ssid());
        m.put("fileId", file.id());
        if (file.requestId() != null) {
            m.put("requestId", file.requestId());
        }
        if (file.retrievedAt() != null) {
            m.put("retrievedAt", file.retrievedAt().toString());
        }
        if (file.generatedAt() != null) {
            m.put("generatedAt", file.generatedAt());
        }
        m.put("exportedAt", clock.instant().toString());
        ArrayNode files = m.putArray("files");
        resources.forEach((resource, items) -> {
            if (!items.isEmpty()) {
                files.addObject().put("resource", resource).put("file", resource + ".jsonl")
                        .put("endpoint", "/data/ed-fi/" + resource).put("items", items.size());
            }
        });
        ArrayNode assumed = m.putArray("assumedInTheOds");
        assumed.add("descriptors in the uri://ed-fi.org/ namespace (Ed-Fi's own, shipped with every ODS)");
        assumed.add("schoolYearTypes for every school year referred to");
        ObjectNode ext = m.putObject("extensions");
        ext.put("studentSectionAssociations._ext.ut", "a section's attendance totals as UTREx sends them (membershipDays,"
                + " daysAttended, excusedAbsences, unexcusedAbsences, suspensionAbsences): DS 5 records attendance as"
                + " dated events and the Backpack gives no dates. Remove _ext before loading into an ODS without the"
                + " extension");
        ArrayNode derived = m.putArray("derived");
        EdFiMapping.DERIVED.forEach(derived::add);
        ArrayNode leftOut = m.putArray("leftOut");
        for (EdFiSet.LeftOut l : set.leftOut()) {
            leftOut.addObject().put("resource", l.resource()).put("reason", l.reason()).put("items", l.items());
        }
        ArrayNode fields = m.putArray("fieldsNotExported");
        document.path("student").fieldNames().forEachRemaining(f -> {
            if (!EdFiMapping.STUDENT_FIELDS.contains(f)) {
                fields.add("student." + f);
            }
        });
        for (String f : List.of("enrollments.leaNumber", "enrollments.leaName", "courseGrades.creditsAttempted",
                "courseGrades.creditsEarned", "courseHistory.concurrentEnrollment",
                "teachers.licenses", "teachers.endorsements", "teachers.degrees", "assessments (fields other than"
                        + " testName, subject, gradeLevel, testDate, scaleScore, proficiencyLevel, proficiencyLabel)")) {
            fields.add(f);
        }
        return m;
    }

    /** Lets Jackson write one zip entry without closing the zip. */
    private static final class NonClosing extends FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }

    /** One data element of the retrieval as CSV (UTF-8 with a byte order mark), a heading row first. */
    public void writeCsv(StoredFile file, String elementKey, OutputStream out) throws IOException {
        CsvElement element = CsvElement.byKey(elementKey)
                .orElseThrow(() -> new IllegalArgumentException("no data element " + elementKey));
        Writer text = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 64 * 1024);
        CsvWriter csv = new CsvWriter(text);
        try {
            // a cursor inside a transaction, so PostgreSQL too hands the rows over a few hundred at a time
            jdbc.inTransaction(c -> {
                try (PreparedStatement ps = c.prepareStatement(element.selectSql())) {
                    ps.setFetchSize(FETCH);
                    Jdbc.bind(ps, file.studentDcid(), file.id());
                    csv.byteOrderMark();
                    csv.row(element.columns().stream().map(CsvElement.Column::heading).toList());
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            csv.row(fields(element, rs));
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return null;
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        text.flush();
    }

    private static List<String> fields(CsvElement element, ResultSet rs) throws java.sql.SQLException {
        List<String> fields = new ArrayList<>(element.columns().size());
        for (int i = 0; i < element.columns().size(); i++) {
            int column = i + 1;
            fields.add(switch (element.columns().get(i).kind()) {
                case TEXT -> CsvWriter.text(rs.getString(column));
                case NUMBER -> number(rs.getObject(column));
                case YES_NO -> {
                    boolean value = rs.getBoolean(column);
                    yield rs.wasNull() ? "" : value ? "Yes" : "No";
                }
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
