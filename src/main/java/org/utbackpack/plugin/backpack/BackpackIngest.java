package org.utbackpack.plugin.backpack;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.utbackpack.plugin.db.Jdbc;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Stores one Backpack document: the verbatim text and its records, element by element, on the
 * caller's connection so that both land in the caller's one transaction or not at all. The document
 * is read with Jackson's streaming parser one record at a time, so memory does not grow with the
 * number of records.
 */
public final class BackpackIngest {

    /** What was stored. */
    public record Stored(long fileId, String generatedAt, Map<String, Integer> counts) {
        public int records() {
            return counts.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    private static final int BATCH = 500;

    private final ObjectMapper json;

    public BackpackIngest(ObjectMapper json) {
        this.json = json;
    }

    /**
     * Stores the document for the student. Throws {@link DocumentException} (and writes nothing the
     * caller keeps, once it rolls back) when the document is not a Backpack for this SSID.
     */
    public Stored store(Connection c, long studentDcid, long requestId, String ssid, byte[] document,
                        Instant retrievedAt) throws SQLException {
        long fileId = insertFile(c, studentDcid, requestId, ssid, document, retrievedAt);
        Map<Element, Integer> counts = new EnumMap<>(Element.class);
        String documentSsid = null;
        String generatedAt = null;
        boolean sawStudent = false;
        try (JsonParser parser = json.getFactory().createParser(document)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new DocumentException("The Backpack document from UTREx is not a JSON object.");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                Element element = Element.byField(field);
                if ("ssid".equals(field)) {
                    documentSsid = parser.getValueAsString();
                } else if ("generatedAt".equals(field)) {
                    generatedAt = parser.getValueAsString();
                } else if ("student".equals(field)) {
                    sawStudent = true;
                    storeDemographics(c, studentDcid, fileId, parser.readValueAsTree());
                } else if (element != null) {
                    if (value != JsonToken.START_ARRAY) {
                        throw new DocumentException("'" + field + "' in the Backpack document should be a list.");
                    }
                    counts.put(element, storeRecords(c, studentDcid, fileId, element, parser));
                } else {
                    parser.skipChildren(); // kept in the verbatim document, not shown
                }
            }
            if (parser.currentToken() != JsonToken.END_OBJECT || parser.nextToken() != null) {
                throw new DocumentException("The Backpack document from UTREx has data after its end.");
            }
        } catch (JsonEOFException e) {
            throw new DocumentException("The Backpack document from UTREx was cut off before its end.", e);
        } catch (JsonParseException e) {
            throw new DocumentException("The Backpack document from UTREx is not valid JSON (line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ").", e);
        } catch (IOException e) {
            throw new DocumentException("The Backpack document from UTREx could not be read: " + e.getMessage(), e);
        }
        if (!sawStudent) {
            throw new DocumentException("The Backpack document from UTREx has no student section.");
        }
        if (documentSsid != null && !documentSsid.equals(ssid)) {
            throw new DocumentException("UTREx sent the Backpack of SSID " + documentSsid + " when " + ssid
                    + " was asked for; it was not stored.");
        }
        resolveNames(c, fileId);
        Jdbc.update(c, "UPDATE U_UT_BP_FILE SET GENERATEDAT = ? WHERE ID = ?",
                generatedAt == null ? Jdbc.Null.VARCHAR : generatedAt, fileId);
        Map<String, Integer> byName = new java.util.LinkedHashMap<>();
        for (Element e : Element.values()) {
            byName.put(e.field(), counts.getOrDefault(e, 0));
        }
        return new Stored(fileId, generatedAt, byName);
    }

    private long insertFile(Connection c, long studentDcid, long requestId, String ssid, byte[] document,
                            Instant retrievedAt) throws SQLException {
        String sql = "INSERT INTO U_UT_BP_FILE (STUDENTSDCID, REQUESTID, SSID, RETRIEVEDAT, DOCBYTES, DOCUMENT) "
                + "VALUES (?, ?, ?, ?, ?, ?)";
        String idColumn = c.getMetaData().storesLowerCaseIdentifiers() ? "id" : "ID";
        try (PreparedStatement ps = c.prepareStatement(sql, new String[] {idColumn})) {
            Jdbc.bind(ps, studentDcid, requestId, ssid, retrievedAt, (long) document.length);
            String text = new String(document, StandardCharsets.UTF_8);
            ps.setCharacterStream(6, new StringReader(text), text.length());
            ps.executeUpdate();
            try (var keys = ps.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    private void storeDemographics(Connection c, long studentDcid, long fileId, JsonNode student) throws SQLException {
        if (student == null || !student.isObject()) {
            throw new DocumentException("The student section of the Backpack document is not an object.");
        }
        String sql = "INSERT INTO U_UT_BP_DEMOGRAPHIC (STUDENTSDCID, FILEID, SEQ, FIELDNAME, FIELDVALUE) VALUES (?, ?, ?, ?, ?)";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int seq = 0;
            for (Iterator<Map.Entry<String, JsonNode>> it = student.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                JsonNode value = entry.getValue();
                String text = value == null || value.isNull() ? null
                        : value.isValueNode() ? value.asText() : value.toString();
                if (text != null && text.length() > 1000) {
                    text = text.substring(0, 1000);
                }
                Jdbc.bind(ps, studentDcid, fileId, ++seq, entry.getKey(), text == null ? Jdbc.Null.VARCHAR : text);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private int storeRecords(Connection c, long studentDcid, long fileId, Element element, JsonParser parser)
            throws SQLException, IOException {
        int seq = 0;
        try (PreparedStatement ps = c.prepareStatement(element.insertSql())) {
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                if (parser.currentToken() != JsonToken.START_OBJECT) {
                    throw new DocumentException("'" + element.field() + "' in the Backpack document holds something"
                            + " that is not a record (item " + (seq + 1) + ").");
                }
                JsonNode record = parser.readValueAsTree();
                Object[] args = new Object[3 + element.columns().size()];
                args[0] = studentDcid;
                args[1] = fileId;
                args[2] = ++seq;
                for (int i = 0; i < element.columns().size(); i++) {
                    try {
                        args[3 + i] = element.columns().get(i).value(record);
                    } catch (DocumentException e) {
                        throw new DocumentException("Record " + seq + " of '" + element.field() + "' in the Backpack"
                                + " document is malformed: " + e.getMessage() + ".");
                    }
                }
                Jdbc.bind(ps, args);
                ps.addBatch();
                if (seq % BATCH == 0) {
                    ps.executeBatch();
                }
            }
            if (seq % BATCH != 0) {
                ps.executeBatch();
            }
        }
        return seq;
    }

    /**
     * Fills in the school and teacher names that the document gives once (in enrollments and teachers)
     * rather than on every record, so the pages read them without joins.
     */
    private void resolveNames(Connection c, long fileId) throws SQLException {
        String school = "(SELECT MAX(e.SCHOOLNAME) FROM U_UT_BP_ENROLLMENT e WHERE e.FILEID = ? AND e.SCHOOLNUMBER = %s.SCHOOLNUMBER)";
        for (String table : new String[] {"U_UT_BP_COURSEGRADE", "U_UT_BP_COURSEHIST", "U_UT_BP_ATTENDANCE"}) {
            Jdbc.update(c, "UPDATE " + table + " SET SCHOOLNAME = " + school.formatted(table)
                    + " WHERE FILEID = ? AND SCHOOLNAME IS NULL", fileId, fileId);
        }
        Jdbc.update(c, "UPDATE U_UT_BP_COURSEGRADE SET TEACHERNAME = (SELECT MAX(t.FIRSTNAME || ' ' || t.LASTNAME)"
                + " FROM U_UT_BP_TEACHER t WHERE t.FILEID = ? AND t.CACTUSID = U_UT_BP_COURSEGRADE.TEACHERCACTUSID)"
                + " WHERE FILEID = ?", fileId, fileId);
        Jdbc.update(c, "UPDATE U_UT_BP_TEACHER SET SCHOOLYEAR = (SELECT MAX(g.SCHOOLYEAR) FROM U_UT_BP_COURSEGRADE g"
                + " WHERE g.FILEID = ? AND g.TEACHERCACTUSID = U_UT_BP_TEACHER.CACTUSID) WHERE FILEID = ?", fileId, fileId);
    }
}
