package org.utbackpack.plugin.backpack;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.utbackpack.plugin.db.Jdbc;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.text.NumberFormat;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Stores one Backpack document: the verbatim text and its records, element by element, on the
 * caller's connection so that both land in the caller's one transaction or not at all.
 *
 * <p>The document is read twice with Jackson's streaming parser, one record at a time, so memory does
 * not grow with its size: first to check its whole structure (a malformed, truncated or foreign
 * document is refused before anything is written), then to store it. The verbatim text goes to its CLOB
 * from a {@link Reader} over the file, never as one String.
 */
public final class BackpackIngest {

    /** What was stored. */
    public record Stored(long fileId, String generatedAt, Map<String, Integer> counts) {
        public int records() {
            return counts.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    /**
     * A document that passed the structural check, ready to be stored: whose it is, when UTREx made it,
     * its records per data element and its size. Only {@link #check} makes one.
     */
    public static final class Checked {
        private final Source source;
        private final Names names;
        private final String ssid;
        private final String generatedAt;
        private final Map<String, Integer> counts;
        private final long bytes;
        /** Per element, each record's place in the pages' order (Element.SORT_KEY), by SEQ - 1. */
        private final Map<Element, int[]> sortKeys;

        private Checked(Source source, Names names, String ssid, String generatedAt, Map<String, Integer> counts,
                        long bytes, Map<Element, int[]> sortKeys) {
            this.source = source;
            this.names = names;
            this.ssid = ssid;
            this.generatedAt = generatedAt;
            this.counts = Map.copyOf(counts);
            this.bytes = bytes;
            this.sortKeys = sortKeys;
        }

        public String ssid() {
            return ssid;
        }

        public String generatedAt() {
            return generatedAt;
        }

        public Map<String, Integer> counts() {
            return counts;
        }

        public long bytes() {
            return bytes;
        }
    }

    private static final int BATCH = 500;

    private final ObjectMapper json;
    /** What the tab shows of the file, gathered from its records as they are written, in the same transaction. */
    private final FileSummary summary = new FileSummary();

    public BackpackIngest(ObjectMapper json) {
        this.json = json;
    }

    /** Where the document's bytes are: a downloaded file, or (small documents, tests) memory. */
    private interface Source {
        InputStream open() throws IOException;

        long bytes() throws IOException;
    }

    /**
     * Checks the document without storing anything. Throws {@link DocumentException} saying, for
     * staff, what is wrong: not JSON, cut off, a section of the wrong shape, another student's Backpack.
     */
    public Checked check(Path document, String ssid) {
        return check(file(document), ssid);
    }

    /**
     * Stores a checked document for the student on the caller's connection: the verbatim text, streamed
     * into its CLOB, every record, and its {@link FileSummary}. The file behind it must not change in between.
     */
    public Stored store(Connection c, long studentDcid, long requestId, Checked document, Instant retrievedAt)
            throws SQLException {
        long fileId = insertFile(c, studentDcid, requestId, document, retrievedAt);
        FileSummary.Tally tally = summary.tally();
        try (StoringSink sink = new StoringSink(c, studentDcid, fileId, document.names, document.sortKeys, tally)) {
            walk(document.source, sink);
        }
        summary.write(c, studentDcid, fileId, tally);
        return new Stored(fileId, document.generatedAt(), orderedCounts(document.counts()));
    }

    /** Checks and stores a small document already in memory (tests, tools). */
    public Stored store(Connection c, long studentDcid, long requestId, String ssid, byte[] document,
                        Instant retrievedAt) throws SQLException {
        return store(c, studentDcid, requestId, check(new Source() {
            @Override
            public InputStream open() {
                return new ByteArrayInputStream(document);
            }

            @Override
            public long bytes() {
                return document.length;
            }
        }, ssid), retrievedAt);
    }

    private static Source file(Path document) {
        return new Source() {
            @Override
            public InputStream open() throws IOException {
                return Files.newInputStream(document);
            }

            @Override
            public long bytes() throws IOException {
                return Files.size(document);
            }
        };
    }

    private Checked check(Source source, String ssid) {
        Walked walked;
        try {
            walked = walk(source, Sink.NONE);
        } catch (SQLException e) {
            throw new IllegalStateException("checking a document touched the database", e); // Sink.NONE never does
        }
        if (!walked.sawStudent) {
            throw new DocumentException("The Backpack document from UTREx has no student section.");
        }
        if (walked.ssid == null || walked.ssid.isBlank()) {
            throw new DocumentException("The Backpack document from UTREx does not say whose it is (no ssid).");
        }
        if (!walked.ssid.equals(ssid)) {
            throw new DocumentException("UTREx sent the Backpack of SSID " + walked.ssid + " when " + ssid
                    + " was asked for; it was not stored.");
        }
        Map<String, Integer> byName = new LinkedHashMap<>();
        Map<Element, int[]> sortKeys = new EnumMap<>(Element.class);
        for (Element e : Element.values()) {
            byName.put(e.field(), walked.counts.getOrDefault(e, 0));
            // the pages' order needs every record's values with names resolved, as they will be stored
            List<Object[]> records = walked.records.getOrDefault(e, List.of());
            for (Object[] values : records) {
                walked.names.fill(e, values);
            }
            sortKeys.put(e, e.sortKeys(records));
        }
        try {
            return new Checked(source, walked.names, walked.ssid, walked.generatedAt, byName, source.bytes(),
                    sortKeys);
        } catch (IOException e) {
            throw new DocumentException("The Backpack document could not be read: " + e.getMessage(), e);
        }
    }

    /** Receives what the walk finds; the check passes {@link #NONE}, the store writes rows. */
    private interface Sink {
        Sink NONE = new Sink() {
        };

        default void demographics(JsonNode student) throws SQLException {
        }

        default void record(Element element, int seq, Object[] values) throws SQLException {
        }

        /** False for the check: it needs no fingerprints (they cannot fail), only the values that can. */
        default boolean stores() {
            return false;
        }
    }

    /** What one walk over the document saw. */
    private static final class Walked {
        String ssid;
        String generatedAt;
        boolean sawStudent;
        final Map<Element, Integer> counts = new EnumMap<>(Element.class);
        final Names names = new Names();
        /** The check's values of every record (no fingerprints), for the pages' order; the store keeps none. */
        final Map<Element, List<Object[]>> records = new EnumMap<>(Element.class);
    }

    /** Longer than any literal or number a Backpack document holds. */
    private static final int LONGEST_CUT_TOKEN = 64;

    private Walked walk(Source source, Sink sink) throws SQLException {
        Walked walked = new Walked();
        try (InputStream in = source.open(); JsonParser parser = json.getFactory().createParser(in)) {
            // a document with a section twice would otherwise store both under the same sequence numbers
            parser.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new DocumentException("The Backpack document from UTREx is empty.");
            }
            if (first != JsonToken.START_OBJECT) {
                throw new DocumentException("The Backpack document from UTREx is not a JSON object.");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                Element element = Element.byField(field);
                if ("ssid".equals(field)) {
                    walked.ssid = value.isScalarValue() ? parser.getValueAsString() : null;
                    parser.skipChildren();
                } else if ("generatedAt".equals(field)) {
                    walked.generatedAt = value.isScalarValue() ? parser.getValueAsString() : null;
                    parser.skipChildren();
                } else if ("student".equals(field)) {
                    walked.sawStudent = true;
                    JsonNode student = parser.readValueAsTree();
                    if (student == null || !student.isObject()) {
                        throw new DocumentException("The student section of the Backpack document is not an object.");
                    }
                    checkBirthDate(student);
                    sink.demographics(student);
                } else if (element != null) {
                    List<Object[]> kept = sink.stores() ? null : walked.records.computeIfAbsent(element, e -> new ArrayList<>());
                    walked.counts.put(element, walkRecords(parser, value, element, sink, walked.names, kept));
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
            if (reachedTheEnd(e, source)) {
                // cut inside a word, a number or a character: Jackson calls it a bad token, not an early end
                throw new DocumentException("The Backpack document from UTREx was cut off before its end.", e);
            }
            String original = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
            String where = "line " + e.getLocation().getLineNr() + ", column "
                    + NumberFormat.getIntegerInstance(Locale.US).format(e.getLocation().getColumnNr());
            if (original.startsWith("Duplicate field")) {
                throw new DocumentException("The Backpack document from UTREx is damaged: it has the same field twice"
                        + " (" + where + ").", e);
            }
            throw new DocumentException("The Backpack document from UTREx is damaged: it is not valid JSON (" + where
                    + ").", e);
        } catch (IOException e) {
            throw new DocumentException("The Backpack document from UTREx could not be read: " + e.getMessage(), e);
        }
        return walked;
    }

    /** The one date of the student section the pages format: a real calendar date, or absent. */
    private static void checkBirthDate(JsonNode student) {
        JsonNode birth = student.get("birthDate");
        if (birth == null || birth.isNull() || birth.asText().isBlank()) {
            return;
        }
        String text = birth.isValueNode() ? birth.asText().trim() : birth.toString();
        boolean real;
        try {
            LocalDate d = LocalDate.parse(text);
            real = text.length() == 10 && d.getYear() >= 1900 && d.getYear() <= 2200;
        } catch (DateTimeException e) {
            real = false;
        }
        if (!real) {
            throw new DocumentException("The Backpack document from UTREx was refused: student.birthDate is not a"
                    + " real date ('" + (text.length() <= 40 ? text : text.substring(0, 40) + "…") + "').");
        }
    }

    /**
     * True when what the parser refused runs to the end of the document without a break: the start of a
     * word or number ({@code fa}, {@code 12.}) that the document stopped in. Jackson points at the token's
     * first byte and calls it unrecognized rather than ended early.
     */
    private static boolean reachedTheEnd(JsonParseException e, Source source) {
        long at = e.getLocation() == null ? -1 : e.getLocation().getByteOffset();
        if (at < 0) {
            return false;
        }
        try (InputStream in = source.open()) {
            in.skipNBytes(at);
            byte[] rest = in.readNBytes(LONGEST_CUT_TOKEN + 1);
            if (rest.length > LONGEST_CUT_TOKEN) {
                return false;
            }
            for (byte b : rest) {
                if (" \t\r\n{}[]:,\"".indexOf(b) >= 0) {
                    return false;
                }
            }
            return true;
        } catch (IOException unreadable) {
            return false;
        }
    }

    private int walkRecords(JsonParser parser, JsonToken value, Element element, Sink sink, Names names,
                            List<Object[]> kept) throws IOException, SQLException {
        if (value == JsonToken.VALUE_NULL) {
            return 0; // a section UTREx has nothing for
        }
        if (value != JsonToken.START_ARRAY) {
            throw new DocumentException("'" + element.field() + "' in the Backpack document should be a list.");
        }
        int seq = 0;
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            if (parser.currentToken() != JsonToken.START_OBJECT) {
                throw new DocumentException("'" + element.field() + "' in the Backpack document holds something"
                        + " that is not a record (item " + (seq + 1) + ").");
            }
            JsonNode record = parser.readValueAsTree();
            seq++;
            Object[] values = new Object[element.columns().size()];
            for (int i = 0; i < values.length; i++) {
                Column column = element.columns().get(i);
                if (column.kind() == Column.Kind.HASH && !sink.stores()) {
                    continue;
                }
                try {
                    values[i] = column.value(record);
                } catch (DocumentException e) {
                    // the field's path, as a JSON path: courseGrades[2].creditsEarned is the third grade's
                    throw new DocumentException("The Backpack document from UTREx was refused: " + element.field()
                            + "[" + (seq - 1) + "]." + column.field() + " " + e.getMessage() + ".");
                }
            }
            names.see(element, values);
            if (kept != null) {
                kept.add(values);
            }
            sink.record(element, seq, values);
        }
        return seq;
    }

    /** The counts in the data elements' own order (Map.copyOf forgets order). */
    private static Map<String, Integer> orderedCounts(Map<String, Integer> counts) {
        Map<String, Integer> ordered = new LinkedHashMap<>();
        for (Element e : Element.values()) {
            ordered.put(e.field(), counts.getOrDefault(e.field(), 0));
        }
        return ordered;
    }

    private long insertFile(Connection c, long studentDcid, long requestId, Checked checked, Instant retrievedAt)
            throws SQLException {
        // SORTKEYS = 1: its records are written with their keys (older files are keyed by RecordKeys)
        String sql = "INSERT INTO U_UT_BP_FILE (STUDENTSDCID, REQUESTID, SSID, RETRIEVEDAT, GENERATEDAT, DOCBYTES,"
                + " DOCUMENT, SORTKEYS) VALUES (?, ?, ?, ?, ?, ?, ?, 1)";
        String idColumn = c.getMetaData().storesLowerCaseIdentifiers() ? "id" : "ID";
        try (PreparedStatement ps = c.prepareStatement(sql, new String[] {idColumn});
             Reader text = reader(checked.source)) {
            Jdbc.bind(ps, studentDcid, requestId, checked.ssid(), retrievedAt,
                    checked.generatedAt() == null ? Jdbc.Null.VARCHAR : checked.generatedAt(), checked.bytes());
            ps.setCharacterStream(7, text);
            ps.executeUpdate();
            try (var keys = ps.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        } catch (IOException e) {
            throw new DocumentException("The Backpack document could not be read: " + e.getMessage(), e);
        }
    }

    /** The verbatim text; strict UTF-8, although the check has already parsed it as such. */
    private static Reader reader(Source source) throws IOException {
        return new BufferedReader(new InputStreamReader(source.open(), StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)),
                64 * 1024);
    }

    /** Writes the records of one document, element by element, in batches. */
    private static final class StoringSink implements Sink, AutoCloseable {
        private final Connection c;
        private final long studentDcid;
        private final long fileId;
        private final Map<Element, PreparedStatement> statements = new EnumMap<>(Element.class);
        private final Map<Element, Integer> pending = new EnumMap<>(Element.class);

        private final Names names;
        private final Map<Element, int[]> sortKeys;
        /** The file's summary, gathered from the records as they are written. */
        private final FileSummary.Tally tally;

        StoringSink(Connection c, long studentDcid, long fileId, Names names, Map<Element, int[]> sortKeys,
                    FileSummary.Tally tally) {
            this.c = c;
            this.studentDcid = studentDcid;
            this.fileId = fileId;
            this.names = names;
            this.sortKeys = sortKeys;
            this.tally = tally;
        }

        @Override
        public boolean stores() {
            return true;
        }

        @Override
        public void demographics(JsonNode student) throws SQLException {
            String sql = "INSERT INTO U_UT_BP_DEMOGRAPHIC (STUDENTSDCID, FILEID, SEQ, FIELDNAME, FIELDVALUE)"
                    + " VALUES (?, ?, ?, ?, ?)";
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
                    tally.field(text);
                }
                ps.executeBatch();
            }
        }

        @Override
        public void record(Element element, int seq, Object[] values) throws SQLException {
            names.fill(element, values);
            PreparedStatement ps = statements.get(element);
            if (ps == null) {
                ps = c.prepareStatement(element.insertSql());
                statements.put(element, ps);
            }
            Object[] args = new Object[4 + values.length];
            args[0] = studentDcid;
            args[1] = fileId;
            args[2] = seq;
            args[3] = sortKeys.get(element)[seq - 1];
            System.arraycopy(values, 0, args, 4, values.length);
            Jdbc.bind(ps, args);
            ps.addBatch();
            tally.record(element, values, sortKeys.get(element)[seq - 1]);
            int n = pending.merge(element, 1, Integer::sum);
            if (n >= BATCH) {
                ps.executeBatch();
                pending.put(element, 0);
            }
        }

        @Override
        public void close() throws SQLException {
            SQLException failure = null;
            for (Map.Entry<Element, PreparedStatement> e : statements.entrySet()) {
                try (PreparedStatement ps = e.getValue()) {
                    if (pending.getOrDefault(e.getKey(), 0) > 0) {
                        ps.executeBatch();
                    }
                } catch (SQLException x) {
                    if (failure == null) {
                        failure = x;
                    } else {
                        failure.addSuppressed(x);
                    }
                }
            }
            if (failure != null) {
                throw failure;
            }
        }
    }

    /**
     * The school and teacher names the document gives once (in enrollments and teachers) rather than on every
     * record, gathered while the document is checked, so that each record is written complete and the pages
     * read names without joins: a course grade, history or attendance record without a school name gets its
     * school's from the enrollments, a course grade its teacher's name, a teacher the latest school year in
     * which they taught the student (course grades and section attendance) with that year's school and
     * course. Where the document names a key twice the greatest value wins, as SQL's MAX would.
     * (Resolving them in memory replaced five UPDATE statements with correlated subqueries after the
     * inserts, which took over half of the time of storing a very large document.)
     */
    private static final class Names {
        private static final int ENROLLMENT_NUMBER = Element.ENROLLMENTS.index("SCHOOLNUMBER");
        private static final int ENROLLMENT_NAME = Element.ENROLLMENTS.index("SCHOOLNAME");
        private static final int TEACHER_ID = Element.TEACHERS.index("CACTUSID");
        private static final int TEACHER_FIRST = Element.TEACHERS.index("FIRSTNAME");
        private static final int TEACHER_LAST = Element.TEACHERS.index("LASTNAME");
        private static final int TEACHER_YEAR = Element.TEACHERS.index("SCHOOLYEAR");
        private static final int GRADE_TEACHER = Element.COURSE_GRADES.index("TEACHERCACTUSID");
        private static final int GRADE_TEACHER_NAME = Element.COURSE_GRADES.index("TEACHERNAME");
        private static final int GRADE_YEAR = Element.COURSE_GRADES.index("SCHOOLYEAR");
        private static final int TEACHER_SCHOOL = Element.TEACHERS.index("SCHOOLNAME");
        private static final int TEACHER_COURSE = Element.TEACHERS.index("COURSETITLE");

        private final Map<String, String> schools = new HashMap<>();
        private final Map<String, String> teachers = new HashMap<>();
        private final Map<String, String> teacherYears = new HashMap<>();
        /** Per teacher, the latest "year\tschool number\tschool name\tcourse" they taught the student. */
        private final Map<String, String> teacherClasses = new HashMap<>();

        /** Notes the names one record gives. */
        void see(Element element, Object[] values) {
            switch (element) {
                case ENROLLMENTS -> keep(schools, text(values[ENROLLMENT_NUMBER]), text(values[ENROLLMENT_NAME]));
                case TEACHERS -> {
                    String first = text(values[TEACHER_FIRST]);
                    String last = text(values[TEACHER_LAST]);
                    String name = ((first == null ? "" : first) + " " + (last == null ? "" : last)).trim();
                    keep(teachers, text(values[TEACHER_ID]), name.isEmpty() ? null : name);
                }
                case COURSE_GRADES -> {
                    keep(teacherYears, text(values[GRADE_TEACHER]), text(values[GRADE_YEAR]));
                    taught(element, values);
                }
                case SECTION_ATTENDANCE -> {
                    keep(teacherYears, text(values[element.index("TEACHERCACTUSID")]), text(values[element.index("SCHOOLYEAR")]));
                    taught(element, values);
                }
                default -> { }
            }
        }

        private void taught(Element element, Object[] values) {
            String year = text(values[element.index("SCHOOLYEAR")]);
            if (year == null) {
                return;
            }
            keep(teacherClasses, text(values[element.index("TEACHERCACTUSID")]), String.join("\t", year,
                    blank(values[element.index("SCHOOLNUMBER")]), blank(values[element.index("SCHOOLNAME")]),
                    blank(values[element.index("COURSETITLE")])));
        }

        private static String blank(Object value) {
            String text = text(value);
            return text == null ? "" : text.replace('\t', ' ');
        }

        /** Fills in a record's names before it is written. */
        void fill(Element element, Object[] values) {
            int school = element.index("SCHOOLNAME");
            int number = element.index("SCHOOLNUMBER");
            if (element != Element.ENROLLMENTS && school >= 0 && number >= 0 && text(values[school]) == null) {
                String name = schools.get(text(values[number]));
                if (name != null) {
                    values[school] = name;
                }
            }
            if (element == Element.COURSE_GRADES) {
                String name = teachers.get(text(values[GRADE_TEACHER]));
                if (name != null) {
                    values[GRADE_TEACHER_NAME] = name.length() <= 200 ? name : name.substring(0, 200);
                }
            } else if (element == Element.TEACHERS) {
                String year = teacherYears.get(text(values[TEACHER_ID]));
                if (year != null) {
                    values[TEACHER_YEAR] = year;
                }
                String taught = teacherClasses.get(text(values[TEACHER_ID]));
                if (taught != null) {
                    String[] parts = taught.split("\t", -1);
                    String where = parts[2].isEmpty() ? schools.get(parts[1]) : parts[2];
                    if (where != null && !where.isEmpty()) {
                        values[TEACHER_SCHOOL] = limit(where);
                    }
                    if (!parts[3].isEmpty()) {
                        values[TEACHER_COURSE] = limit(parts[3]);
                    }
                }
            }
        }

        private static String limit(String value) {
            return value.length() <= 200 ? value : value.substring(0, 200);
        }

        private static void keep(Map<String, String> map, String key, String value) {
            if (key != null && value != null) {
                map.merge(key, value, (a, b) -> a.compareTo(b) >= 0 ? a : b);
            }
        }

        private static String text(Object value) {
            return value instanceof String s ? s : null;
        }
    }
}
