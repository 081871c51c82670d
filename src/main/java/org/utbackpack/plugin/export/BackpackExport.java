package org.utbackpack.plugin.export;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.utbackpack.plugin.audit.AuditLog;
import org.utbackpack.plugin.db.Jdbc;

import java.io.BufferedWriter;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * Exports one stored retrieval of a student's Backpack: the whole document as Ed-Fi-shaped JSON (from the
 * verbatim document, record by record, so nothing the state sent is lost and memory does not grow with the
 * file), or one data element as CSV (from its table, through a cursor, with readable headings). Both are
 * written straight to the caller's stream. docs/EXPORT.md describes the mapping.
 */
public final class BackpackExport {

    /** Where file dates (in file names and the log) are told: the SIS's Utah time. */
    private static final ZoneId UTAH = ZoneId.of("America/Denver");
    private static final int FETCH = 500;

    /** Document arrays and the Ed-Fi resources they become, in the order the export writes them. */
    private static final Map<String, String> RESOURCES = new LinkedHashMap<>();

    static {
        RESOURCES.put("enrollments", "studentSchoolAssociations");
        RESOURCES.put("courseGrades", "grades");
        RESOURCES.put("courseHistory", "courseTranscripts");
        RESOURCES.put("sectionAttendance", "studentSectionAttendanceTotals");
        RESOURCES.put("teachers", "staffs");
        RESOURCES.put("assessments", "studentAssessments");
    }

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

    /** The whole retrieval as Ed-Fi-shaped JSON (UTF-8). */
    public void writeEdFi(StoredFile file, OutputStream out) throws IOException {
        try {
            jdbc.withConnection(c -> {
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT DOCUMENT FROM U_UT_BP_FILE WHERE ID = ? AND STUDENTSDCID = ?")) {
                    Jdbc.bind(ps, file.id(), file.studentDcid());
                    try (ResultSet rs = ps.executeQuery()) {
                        if (!rs.next()) {
                            throw new IllegalStateException("file " + file.id() + " is gone");
                        }
                        try (Reader document = rs.getCharacterStream(1)) {
                            edFi(document, file, out);
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
    }

    private void edFi(Reader document, StoredFile file, OutputStream out) throws IOException {
        EdFiMapping map = new EdFiMapping(file.ssid());
        List<ObjectNode> credentials = new ArrayList<>();
        Map<String, BiFunction<EdFiMapping, JsonNode, ObjectNode>> mappers = Map.of(
                "enrollments", EdFiMapping::studentSchoolAssociation,
                "courseGrades", EdFiMapping::grade,
                "courseHistory", EdFiMapping::courseTranscript,
                "sectionAttendance", EdFiMapping::sectionAttendanceTotals,
                "teachers", (m, t) -> m.staff(t, credentials::add),
                "assessments", EdFiMapping::studentAssessment);
        List<String> written = new ArrayList<>();
        try (JsonParser in = json.getFactory().createParser(document);
             JsonGenerator gen = json.getFactory().createGenerator(out, JsonEncoding.UTF8)) {
            gen.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            gen.writeStartObject();
            meta(gen, file);
            if (in.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalStateException("stored document of file " + file.id() + " is not an object");
            }
            while (in.nextToken() == JsonToken.FIELD_NAME) {
                String field = in.currentName();
                JsonToken value = in.nextToken();
                if ("student".equals(field) && value == JsonToken.START_OBJECT && !written.contains(field)) {
                    gen.writeFieldName("student");
                    gen.writeTree(map.student(in.readValueAsTree()));
                    written.add(field);
                } else if (mappers.containsKey(field) && value == JsonToken.START_ARRAY && !written.contains(field)) {
                    gen.writeArrayFieldStart(RESOURCES.get(field));
                    while (in.nextToken() != JsonToken.END_ARRAY) {
                        if (in.currentToken() == JsonToken.START_OBJECT) {
                            gen.writeTree(mappers.get(field).apply(map, in.readValueAsTree()));
                        } else {
                            in.skipChildren();
                        }
                    }
                    gen.writeEndArray();
                    written.add(field);
                } else {
                    in.skipChildren(); // ssid, generatedAt (in _meta), fields Ed-Fi has no place for
                }
            }
            for (Map.Entry<String, String> resource : RESOURCES.entrySet()) {
                if (!written.contains(resource.getKey())) {
                    gen.writeArrayFieldStart(resource.getValue()); // a section UTREx left out or sent as null
                    gen.writeEndArray();
                }
            }
            gen.writeArrayFieldStart("credentials");
            for (ObjectNode credential : credentials) {
                gen.writeTree(credential);
            }
            gen.writeEndArray();
            gen.writeEndObject();
        }
    }

    private void meta(JsonGenerator gen, StoredFile file) throws IOException {
        gen.writeObjectFieldStart("_meta");
        gen.writeStringField("description", "A Utah Student Achievement Backpack, shaped as Ed-Fi Data Standard 5"
                + " resources (docs/EXPORT.md of ut-backpack)");
        gen.writeStringField("source", "UTREx Student Achievement Backpack");
        gen.writeStringField("studentUniqueId", file.ssid());
        gen.writeNumberField("fileId", file.id());
        if (file.requestId() != null) {
            gen.writeNumberField("requestId", file.requestId());
        }
        if (file.retrievedAt() != null) {
            gen.writeStringField("retrievedAt", file.retrievedAt().toString());
        }
        if (file.generatedAt() != null) {
            gen.writeStringField("generatedAt", file.generatedAt());
        }
        gen.writeStringField("exportedAt", clock.instant().toString());
        gen.writeEndObject();
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
