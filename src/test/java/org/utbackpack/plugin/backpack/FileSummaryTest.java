package org.utbackpack.plugin.backpack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.utbackpack.host.db.HostDatabase;
import org.utbackpack.host.plugin.ExtensionSchemaMigrator;
import org.utbackpack.host.plugin.NamedQuery;
import org.utbackpack.host.plugin.PluginPackage;
import org.utbackpack.host.runtime.PowerQueryRunner;
import org.utbackpack.host.utrex.BackpackGenerator;
import org.utbackpack.host.utrex.SimulatedStudent;
import org.utbackpack.plugin.BackpackException;
import org.utbackpack.plugin.db.Jdbc;
import org.utbackpack.testing.Databases;
import org.utbackpack.testing.Fixtures;
import org.utbackpack.testing.TestPaths;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The tab's counts and trend series are written with each file and read back by key: on real H2 and
 * PostgreSQL they are exactly what counting and grouping the stored records at read time gave (the
 * statements the tab ran before, kept here as the reference), for the demo students, the fixtures, a
 * document with blank fields and a very large one; so are the school years of each element the drill-down
 * lists, with their records and first keys. The summary the ingest gathers in Java is row for row what the
 * statements over the stored records wrote before (kept here as the reference), values and types, edge
 * values included; so is the one gathered at start from values an earlier version stored that the ingest now
 * refuses. Files stored before summaries existed, or summarised before the school years were kept, are
 * summarised when the plugin starts, and a store that fails leaves no summary behind.
 */
class FileSummaryTest {

    private static final String FILE = "x.FILEID = CASE WHEN :fileid = 0 THEN (SELECT MAX(f.ID) FROM U_UT_BP_FILE f"
            + " WHERE f.STUDENTSDCID = :studentsdcid) ELSE :fileid END";

    /** What the tab's three queries computed on every view before the summary was stored. */
    private static final Map<String, String> COUNTED_AT_READ_TIME = Map.of(
            "element_counts", countsAtReadTime(),
            "proficiency_trend", """
                    SELECT t.SCHOOLYEAR, t.SUBJECTGROUP, MAX(t.LEVELNUMBER) AS PROFICIENCY_LEVEL, MIN(t.TESTNAME) AS TESTS
                    FROM (
                      SELECT x.SCHOOLYEAR, x.TESTNAME, CAST(x.PROFLEVEL AS INTEGER) AS LEVELNUMBER,
                             CASE WHEN x.SUBJECT IN ('English Language Arts', 'English') THEN 'English Language Arts'
                                  ELSE x.SUBJECT END AS SUBJECTGROUP
                      FROM U_UT_BP_ASSESSMENT x
                      WHERE x.STUDENTSDCID = :studentsdcid AND\s""" + FILE + """

                        AND x.TESTNAME IN ('RISE', 'Utah Aspire Plus')
                        AND x.SUBJECT IN ('English Language Arts', 'English', 'Mathematics', 'Science')
                        AND x.PROFLEVEL IN ('1', '2', '3', '4')
                    ) t
                    GROUP BY t.SCHOOLYEAR, t.SUBJECTGROUP
                    ORDER BY 1, 2""",
            "attendance_trend", """
                    SELECT x.SCHOOLYEAR, SUM(x.MEMBERSHIP) AS MEMBERSHIP, SUM(x.ATTENDED) AS ATTENDED,
                           CASE WHEN SUM(x.MEMBERSHIP) > 0 THEN ROUND(1000 * SUM(x.ATTENDED) / SUM(x.MEMBERSHIP)) ELSE NULL END AS RATE_TENTHS
                    FROM U_UT_BP_ATTENDANCE x
                    WHERE x.STUDENTSDCID = :studentsdcid AND\s""" + FILE + """

                      AND (x.MEMBERSHIP IS NULL OR x.MEMBERSHIP BETWEEN 0 AND 366) AND (x.ATTENDED IS NULL OR x.ATTENDED BETWEEN 0 AND 366)
                    GROUP BY x.SCHOOLYEAR
                    ORDER BY 1""");

    private static String countsAtReadTime() {
        List<String> arms = new ArrayList<>();
        for (String[] e : new String[][] {{"1", "demographics", "U_UT_BP_DEMOGRAPHIC"},
                {"2", "enrollments", "U_UT_BP_ENROLLMENT"}, {"3", "courseGrades", "U_UT_BP_COURSEGRADE"},
                {"4", "courseHistory", "U_UT_BP_COURSEHIST"}, {"5", "sectionAttendance", "U_UT_BP_ATTENDANCE"},
                {"6", "teachers", "U_UT_BP_TEACHER"}, {"7", "assessments", "U_UT_BP_ASSESSMENT"}}) {
            arms.add("SELECT " + e[0] + " AS SORTORDER, '" + e[1] + "' AS ELEMENT, COUNT(*) AS RECORDS FROM " + e[2]
                    + " x WHERE x.STUDENTSDCID = :studentsdcid AND " + FILE
                    + (e[1].equals("demographics") ? " AND LENGTH(TRIM(x.FIELDVALUE)) > 0" : ""));
        }
        return String.join(" UNION ALL ", arms) + " ORDER BY 1";
    }

    /**
     * The statements that wrote the summary from the stored records before it was gathered in Java, kept as
     * the reference the summary must equal row for row (each binds the file's id, and the rest its id and
     * student).
     */
    private static final List<String> SUMMARISED_BY_SQL = List.of(countsBySql(), yearsBySql(), """
            INSERT INTO U_UT_BP_FILESUMMARY (STUDENTSDCID, FILEID, SERIES, SCHOOLYEAR, SUBJECT, PROFLEVEL, TESTNAME)
            SELECT t.STUDENTSDCID, t.FILEID, 'proficiency', t.SCHOOLYEAR, t.SUBJECTGROUP, MAX(t.LEVELNUMBER), MIN(t.TESTNAME)
            FROM (SELECT x.STUDENTSDCID, x.FILEID, x.SCHOOLYEAR, x.TESTNAME, CAST(x.PROFLEVEL AS INTEGER) AS LEVELNUMBER,
                         CASE WHEN x.SUBJECT IN ('English Language Arts', 'English') THEN 'English Language Arts'
                              ELSE x.SUBJECT END AS SUBJECTGROUP
                  FROM U_UT_BP_ASSESSMENT x
                  WHERE x.FILEID = ? AND x.STUDENTSDCID = ?
                    AND x.TESTNAME IN ('RISE', 'Utah Aspire Plus')
                    AND x.SUBJECT IN ('English Language Arts', 'English', 'Mathematics', 'Science')
                    AND x.PROFLEVEL IN ('1', '2', '3', '4')) t
            GROUP BY t.STUDENTSDCID, t.FILEID, t.SCHOOLYEAR, t.SUBJECTGROUP""", """
            INSERT INTO U_UT_BP_FILESUMMARY (STUDENTSDCID, FILEID, SERIES, SCHOOLYEAR, MEMBERSHIP, ATTENDED)
            SELECT x.STUDENTSDCID, x.FILEID, 'attendance', x.SCHOOLYEAR, SUM(x.MEMBERSHIP), SUM(x.ATTENDED)
            FROM U_UT_BP_ATTENDANCE x
            WHERE x.FILEID = ? AND x.STUDENTSDCID = ?
              AND (x.MEMBERSHIP IS NULL OR x.MEMBERSHIP BETWEEN 0 AND 366)
              AND (x.ATTENDED IS NULL OR x.ATTENDED BETWEEN 0 AND 366)
            GROUP BY x.STUDENTSDCID, x.FILEID, x.SCHOOLYEAR""");

    private static String countsBySql() {
        List<String> arms = new ArrayList<>();
        for (ElementCatalog.Entry e : ElementCatalog.all()) {
            arms.add("SELECT f.STUDENTSDCID, f.ID, 'counts', " + e.order() + ", '" + e.key() + "', (SELECT COUNT(*) FROM "
                    + e.table() + " x WHERE x.FILEID = f.ID AND x.STUDENTSDCID = f.STUDENTSDCID"
                    + (e.fields() ? " AND LENGTH(TRIM(x.FIELDVALUE)) > 0" : "") + ") FROM U_UT_BP_FILE f WHERE f.ID = ?");
        }
        return "INSERT INTO U_UT_BP_FILESUMMARY (STUDENTSDCID, FILEID, SERIES, SORTORDER, ELEMENT, RECORDS) "
                + String.join(" UNION ALL ", arms);
    }

    private static String yearsBySql() {
        List<String> arms = new ArrayList<>();
        for (ElementCatalog.Entry e : ElementCatalog.all()) {
            if (!e.fields()) {
                arms.add("SELECT x.STUDENTSDCID, x.FILEID, 'years', " + e.order() + ", '" + e.key()
                        + "', x.SCHOOLYEAR, COUNT(*), MIN(x.SORTKEY) FROM " + e.table()
                        + " x WHERE x.FILEID = ? AND x.STUDENTSDCID = ? GROUP BY x.STUDENTSDCID, x.FILEID, x.SCHOOLYEAR");
            }
        }
        return "INSERT INTO U_UT_BP_FILESUMMARY (STUDENTSDCID, FILEID, SERIES, SORTORDER, ELEMENT, SCHOOLYEAR, RECORDS,"
                + " FIRSTKEY) " + String.join(" UNION ALL ", arms);
    }

    /**
     * A document with the values where the summary's rules decide: fields of spaces only, a tab or a no-break
     * space; records without a school year (absent, null, blank); several state tests in one year and subject
     * (English beside English Language Arts, RISE beside Utah Aspire Plus); levels that are not 1 to 4 as
     * stored ("3.0", " 3", "5", "0", "Level 3", none); tests and subjects the chart leaves out (ACT, a
     * lower-case subject); attendance with days missing, fractional days, no membership.
     */
    private static final String EDGES = """
            {"ssid":"1234568","generatedAt":"2026-11-29T10:00:00Z",
             "student":{"ssid":"1234568","firstName":"Edge","lastName":"  Case  ","middleName":"\\t","suffix":"\\u00a0",
                        "nickname":"  ","gender":"","englishLearner":null,"grade":7},
             "enrollments":[{"schoolYear":"2025-2026","schoolNumber":"0100","schoolName":"Hillcrest"},
                            {"schoolYear":"","schoolNumber":"0100"},{"schoolNumber":"0200"},{"schoolYear":null},
                            {"schoolYear":"2024-2025","schoolNumber":"0100"}],
             "courseGrades":[{"schoolYear":"  ","courseTitle":"No year"},{"schoolYear":"2025-2026","courseTitle":"A"},
                             {"schoolYear":"2025-2026","courseTitle":"B"},{"courseTitle":"Also no year"}],
             "courseHistory":null,
             "sectionAttendance":[{"schoolYear":"2025-2026","membershipDays":88,"daysAttended":85.5},
                                  {"schoolYear":"2025-2026","membershipDays":null,"daysAttended":12},
                                  {"schoolYear":"2025-2026","membershipDays":90.25,"daysAttended":null},
                                  {"schoolYear":"2024-2025","membershipDays":null,"daysAttended":null},
                                  {"schoolYear":"2023-2024","membershipDays":0,"daysAttended":0},
                                  {"schoolYear":"2022-2023","membershipDays":366,"daysAttended":"366"},
                                  {"membershipDays":10,"daysAttended":9},{"schoolYear":"","membershipDays":5,"daysAttended":5}],
             "teachers":[{"cactusId":"9","firstName":"No","lastName":"Classes"}],
             "assessments":[
               {"schoolYear":"2025-2026","testName":"RISE","subject":"English Language Arts","proficiencyLevel":"2"},
               {"schoolYear":"2025-2026","testName":"Utah Aspire Plus","subject":"English","proficiencyLevel":"3"},
               {"schoolYear":"2025-2026","testName":"RISE","subject":"English","proficiencyLevel":"1"},
               {"schoolYear":"2025-2026","testName":"RISE","subject":"Mathematics","proficiencyLevel":"4"},
               {"schoolYear":"2025-2026","testName":"RISE","subject":"Mathematics","proficiencyLevel":"1"},
               {"schoolYear":"2025-2026","testName":"Utah Aspire Plus","subject":"Science","proficiencyLevel":"3.0"},
               {"schoolYear":"2025-2026","testName":"Utah Aspire Plus","subject":"Science","proficiencyLevel":" 3"},
               {"schoolYear":"2024-2025","testName":"Utah Aspire Plus","subject":"Science","proficiencyLevel":"5"},
               {"schoolYear":"2024-2025","testName":"RISE","subject":"Science","proficiencyLevel":"0"},
               {"schoolYear":"2024-2025","testName":"RISE","subject":"Mathematics","proficiencyLevel":"Level 3"},
               {"schoolYear":"2024-2025","testName":"RISE","subject":"Mathematics","proficiencyLevel":null},
               {"schoolYear":"2024-2025","testName":"Utah Aspire Plus","subject":"Mathematics","proficiencyLevel":"2"},
               {"schoolYear":"2024-2025","testName":"ACT","subject":"Mathematics","proficiencyLevel":"4"},
               {"schoolYear":"2024-2025","testName":"RISE","subject":"english","proficiencyLevel":"4"},
               {"schoolYear":"2024-2025","testName":"rise","subject":"Science","proficiencyLevel":"4"},
               {"testName":"RISE","subject":"Science","proficiencyLevel":"2"},
               {"schoolYear":"","testName":"Utah Aspire Plus","subject":"Science","proficiencyLevel":"4"},
               {"schoolYear":"2023-2024","testName":"Utah Aspire Plus","subject":"English","proficiencyLevel":"4"},
               {"schoolYear":"2023-2024","testName":"RISE","subject":"English Language Arts","proficiencyLevel":"4"}]}
            """;

    private static final LocalDate TODAY = LocalDate.of(2026, 11, 20);

    @ParameterizedTest
    @MethodSource("org.utbackpack.testing.Databases#kinds")
    void theTabReadsFromTheStoredSummaryWhatCountingTheRecordsGave(Databases.Kind kind) throws Exception {
        try (HikariDataSource ds = schema(kind)) {
            Jdbc jdbc = new Jdbc(ds);
            Map<Long, Long> files = storeEveryKindOfDocument(jdbc);

            assertEquals(7 * files.size(), count(jdbc, "SELECT COUNT(*) FROM U_UT_BP_FILESUMMARY WHERE SERIES = 'counts'"),
                    "one count per element and file");
            assertSameAsCountingAtReadTime(ds, files);

            // a document with blank fields counts the filled-in ones only, as the tab always has
            long blanks = files.entrySet().stream().filter(f -> f.getValue() == 40L).findFirst().orElseThrow().getKey();
            List<Map<String, Object>> counts = run(ds, tabQuery("element_counts"), 40L, blanks);
            assertEquals("demographics", counts.get(0).get("element"));
            assertEquals(3L, counts.get(0).get("records"), counts.toString());
            // the very large document: its 3,900-odd course grades, counted once
            long large = files.entrySet().stream().filter(f -> f.getValue() == 30L).findFirst().orElseThrow().getKey();
            long grades = count(jdbc, "SELECT COUNT(*) FROM U_UT_BP_COURSEGRADE WHERE FILEID = " + large);
            assertTrue(grades > 3000, "a very large document: " + grades);
            assertEquals(grades, run(ds, tabQuery("element_counts"), 30L, large).get(2).get("records"));
            assertFalse(run(ds, tabQuery("proficiency_trend"), 30L, large).isEmpty());
            assertFalse(run(ds, tabQuery("attendance_trend"), 30L, large).isEmpty());
            assertYearsAsTheRecordsHaveThem(ds, files);
        }
    }

    @ParameterizedTest
    @MethodSource("org.utbackpack.testing.Databases#kinds")
    void filesSummarisedBeforeSchoolYearsWereKeptGetThemWhenThePluginStartsAndKeepEveryRow(Databases.Kind kind) throws Exception {
        try (HikariDataSource ds = schema(kind)) {
            Jdbc jdbc = new Jdbc(ds);
            Map<Long, Long> files = storeEveryKindOfDocument(jdbc);
            Map<String, Long> summarised = rowsPerTable(jdbc);
            long yearRows = count(jdbc, "SELECT COUNT(*) FROM U_UT_BP_FILESUMMARY WHERE SERIES = 'years'");
            assertTrue(yearRows > 20, "every file with records has its years: " + yearRows);
            // as the version before kept them: counts and trends, no years
            jdbc.update("DELETE FROM U_UT_BP_FILESUMMARY WHERE SERIES = 'years'");
            long large = files.entrySet().stream().filter(f -> f.getValue() == 30L).findFirst().orElseThrow().getKey();
            assertTrue(years(ds, 30L, large, "courseGrades").isEmpty(), "no years yet");

            assertEquals(files.size(), new FileSummary().summariseStoredFiles(jdbc));

            assertEquals(summarised, rowsPerTable(jdbc), "every row kept, and the years the ingest writes");
            assertYearsAsTheRecordsHaveThem(ds, files);
            assertSameAsCountingAtReadTime(ds, files);
            assertEquals(0, new FileSummary().summariseStoredFiles(jdbc), "a second start has nothing to do");
            assertEquals(summarised, rowsPerTable(jdbc));
        }
    }

    @ParameterizedTest
    @MethodSource("org.utbackpack.testing.Databases#kinds")
    void filesStoredBeforeSummariesAreSummarisedWhenThePluginStartsAndKeepEveryRow(Databases.Kind kind) throws Exception {
        try (HikariDataSource ds = schema(kind)) {
            Jdbc jdbc = new Jdbc(ds);
            Map<Long, Long> files = storeEveryKindOfDocument(jdbc);
            Map<String, Long> summarised = rowsPerTable(jdbc);
            // as a version from before summaries left them: the records, no summary
            jdbc.update("DELETE FROM U_UT_BP_FILESUMMARY");
            Map<String, Long> before = rowsPerTable(jdbc);
            assertTrue(run(ds, tabQuery("element_counts"), 10L, 0L).isEmpty(), "no summary yet");

            assertEquals(files.size(), new FileSummary().summariseStoredFiles(jdbc));

            Map<String, Long> after = rowsPerTable(jdbc);
            before.remove("U_UT_BP_FILESUMMARY");
            for (Map.Entry<String, Long> table : before.entrySet()) {
                assertEquals(table.getValue(), after.get(table.getKey()), table.getKey() + ": every row kept");
            }
            assertEquals(summarised, after, "the same summary the ingest writes");
            assertSameAsCountingAtReadTime(ds, files);
            assertYearsAsTheRecordsHaveThem(ds, files);
            assertEquals(0, new FileSummary().summariseStoredFiles(jdbc), "a second start has nothing to do");
            assertEquals(summarised, rowsPerTable(jdbc));
        }
    }

    @ParameterizedTest
    @MethodSource("org.utbackpack.testing.Databases#kinds")
    void aStoreThatFailsWhileWritingTheSummaryLeavesNeitherTheFileNorPartOfItsSummary(Databases.Kind kind) {
        try (HikariDataSource ds = schema(kind)) {
            Jdbc jdbc = new Jdbc(ds);
            // the attendance series is written last: make the database refuse it
            jdbc.update("ALTER TABLE U_UT_BP_FILESUMMARY ADD CONSTRAINT T_NO_ATTENDANCE CHECK (SERIES <> 'attendance')");
            assertThrows(BackpackException.class, () -> store(jdbc, 7L,
                    Fixtures.text("backpack-document.json")));
            for (String table : new String[] {"U_UT_BP_FILE", "U_UT_BP_COURSEGRADE", "U_UT_BP_ATTENDANCE",
                    "U_UT_BP_FILESUMMARY"}) {
                assertEquals(0, count(jdbc, "SELECT COUNT(*) FROM " + table), table);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("org.utbackpack.testing.Databases#kinds")
    void theSummaryTheIngestGathersIsRowForRowWhatTheStatementsOverTheStoredRecordsWrote(Databases.Kind kind)
            throws Exception {
        try (HikariDataSource ds = schema(kind)) {
            Jdbc jdbc = new Jdbc(ds);
            Map<Long, Long> files = storeEveryKindOfDocument(jdbc);
            List<String> gathered = summaryRows(jdbc);

            assertEquals(summarisedBySql(jdbc, files), gathered);
            // the document of edge values has what the rules decide on
            long edges = files.entrySet().stream().filter(f -> f.getValue() == 50L).findFirst().orElseThrow().getKey();
            List<Map<String, Object>> counts = run(ds, tabQuery("element_counts"), 50L, edges);
            assertEquals(6L, counts.get(0).get("records"), "the SSID, Edge, '  Case  ', a tab, a no-break space, 7: " + counts);
            assertEquals(List.of("2023-2024 English Language Arts 4 RISE", "2024-2025 Mathematics 2 Utah Aspire Plus",
                    "2025-2026 English Language Arts 3 RISE", "2025-2026 Mathematics 4 RISE",
                    "null Science 4 RISE"),
                    run(ds, tabQuery("proficiency_trend"), 50L, edges).stream().map(r -> r.get("school_year") + " "
                            + r.get("subject") + " " + r.get("proficiency_level") + " " + r.get("tests")).toList());
            List<String> attendance = run(ds, tabQuery("attendance_trend"), 50L, edges).stream()
                    .map(r -> r.get("school_year") + " " + days(r.get("membership")) + " " + days(r.get("attended"))).toList();
            assertTrue(attendance.contains("2025-2026 178.25 97.5"), attendance.toString());
            assertTrue(attendance.contains("2024-2025 null null"), attendance.toString());
            assertTrue(attendance.contains("null 15.0 14.0"), "no school year: absent and blank: " + attendance);
        }
    }

    @ParameterizedTest
    @MethodSource("org.utbackpack.testing.Databases#kinds")
    void valuesAnEarlierVersionStoredAreSummarisedAtStartAsTheStatementsOverThemWould(Databases.Kind kind)
            throws Exception {
        try (HikariDataSource ds = schema(kind)) {
            Jdbc jdbc = new Jdbc(ds);
            Map<Long, Long> files = storeEveryKindOfDocument(jdbc);
            long file = files.entrySet().stream().filter(f -> f.getValue() == 10L).findFirst().orElseThrow().getKey();
            storedByAnEarlierVersion(jdbc, 10L, file);
            jdbc.update("DELETE FROM U_UT_BP_FILESUMMARY");

            assertEquals(files.size(), new FileSummary().summariseStoredFiles(jdbc));

            assertEquals(summarisedBySql(jdbc, files), summaryRows(jdbc));
            assertSameAsCountingAtReadTime(ds, files);
            assertYearsAsTheRecordsHaveThem(ds, files);
            List<String> attendance = run(ds, tabQuery("attendance_trend"), 10L, file).stream()
                    .map(r -> r.get("school_year") + " " + days(r.get("membership")) + " " + days(r.get("attended"))).toList();
            assertTrue(attendance.contains("2019-2020 10.0 10.0"), "only the days in range: " + attendance);
        }
    }

    /**
     * Records the ingest now refuses or never writes but an earlier version stored: days outside 0 to 366 (and
     * not numbers at all), school years blank or spaces, more levels that are not 1 to 4, an English test beside
     * an English Language Arts one; fields of spaces. Appended to a stored file, with keys after its own.
     */
    private static void storedByAnEarlierVersion(Jdbc jdbc, long student, long file) {
        Object[][] attendance = {{"2019-2020", -1.0, 5.0}, {"2019-2020", 367.0, 5.0}, {"2019-2020", 10.0, 366.5},
                {"2019-2020", Double.NaN, 1.0}, {"2019-2020", 1.0, Double.NEGATIVE_INFINITY},
                {"2019-2020", Double.POSITIVE_INFINITY, null}, {"2019-2020", 10.0, 10.0}, {"2019-2020", -0.0, 0.0},
                {"", 20.0, 19.0}, {"  ", 30.0, 29.0}, {null, 366.0, -0.5}};
        int seq = 100;
        for (Object[] a : attendance) {
            seq++;
            jdbc.update("INSERT INTO U_UT_BP_ATTENDANCE (STUDENTSDCID, FILEID, SEQ, SORTKEY, SCHOOLYEAR, MEMBERSHIP,"
                    + " ATTENDED) VALUES (?, ?, ?, ?, ?, ?, ?)", student, file, seq, seq, a[0] == null ? Jdbc.Null.VARCHAR
                    : a[0], a[1] == null ? Jdbc.Null.DOUBLE : a[1], a[2] == null ? Jdbc.Null.DOUBLE : a[2]);
        }
        String[][] assessments = {{"2019-2020", "RISE", "English", "2"}, {"2019-2020", "RISE", "English Language Arts", "3"},
                {"2019-2020", "Utah Aspire Plus", "English", "1"}, {"2019-2020", "RISE", "Mathematics", "04"},
                {"2019-2020", "RISE", "Mathematics", "4 "}, {"2019-2020", "RISE", "Mathematics", ""},
                {"", "RISE", "Science", "2"}, {"  ", "RISE", "Science", "3"}, {null, "Utah Aspire Plus", "Science", "1"},
                {"2019-2020", "RISE", "Science ", "4"}, {"2019-2020", "RISE", null, "4"}, {"2019-2020", null, "Science", "4"}};
        for (String[] a : assessments) {
            seq++;
            jdbc.update("INSERT INTO U_UT_BP_ASSESSMENT (STUDENTSDCID, FILEID, SEQ, SORTKEY, SCHOOLYEAR, TESTNAME, SUBJECT,"
                    + " PROFLEVEL) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", student, file, seq, seq, nullable(a[0]),
                    nullable(a[1]), nullable(a[2]), nullable(a[3]));
        }
        for (String year : new String[] {"", " ", null, "2019-2020"}) {
            seq++;
            jdbc.update("INSERT INTO U_UT_BP_COURSEGRADE (STUDENTSDCID, FILEID, SEQ, SORTKEY, SCHOOLYEAR)"
                    + " VALUES (?, ?, ?, ?, ?)", student, file, seq, seq, nullable(year));
        }
        for (String value : new String[] {"", " ", "   ", "\t", " x ", null}) {
            seq++;
            jdbc.update("INSERT INTO U_UT_BP_DEMOGRAPHIC (STUDENTSDCID, FILEID, SEQ, FIELDNAME, FIELDVALUE)"
                    + " VALUES (?, ?, ?, ?, ?)", student, file, seq, "field" + seq, nullable(value));
        }
    }

    private static Double days(Object value) {
        return value == null ? null : ((Number) value).doubleValue();
    }

    private static Object nullable(String value) {
        return value == null ? Jdbc.Null.VARCHAR : value;
    }

    /** Every row of the summary table but its ID, each value with its Java type, in one order. */
    private static List<String> summaryRows(Jdbc jdbc) {
        return jdbc.withConnection(FileSummaryTest::summaryRows);
    }

    private static List<String> summaryRows(Connection c) throws SQLException {
        return Jdbc.query(c, "SELECT STUDENTSDCID, FILEID, SERIES, SORTORDER, ELEMENT, RECORDS, SCHOOLYEAR, SUBJECT,"
                + " PROFLEVEL, TESTNAME, MEMBERSHIP, ATTENDED, FIRSTKEY FROM U_UT_BP_FILESUMMARY", rs -> {
                    StringBuilder row = new StringBuilder();
                    for (int i = 1; i <= 13; i++) {
                        Object v = rs.getObject(i);
                        row.append(v == null ? "null" : v + ":" + v.getClass().getSimpleName()).append(" | ");
                    }
                    return row.toString();
                }).stream().sorted().toList();
    }

    /** The summary rows the reference statements write for the files in place of those stored (rolled back after). */
    private static List<String> summarisedBySql(Jdbc jdbc, Map<Long, Long> files) {
        return jdbc.withConnection(c -> {
            c.setAutoCommit(false);
            Jdbc.update(c, "DELETE FROM U_UT_BP_FILESUMMARY");
            for (long file : files.keySet()) {
                for (String sql : SUMMARISED_BY_SQL) {
                    int binds = (int) sql.chars().filter(ch -> ch == '?').count();
                    Object[] args = new Object[binds];
                    for (int i = 0; i < binds; i++) {
                        args[i] = sql.startsWith("INSERT INTO U_UT_BP_FILESUMMARY (STUDENTSDCID, FILEID, SERIES, SORTORDER,"
                                + " ELEMENT, RECORDS)") || i % 2 == 0 ? file : files.get(file);
                    }
                    Jdbc.update(c, sql, args);
                }
            }
            List<String> bySql = summaryRows(c);
            c.rollback();
            c.setAutoCommit(true);
            return bySql;
        });
    }

    /** Stores the fixtures and the simulator's documents; returns each file's student. */
    private static Map<Long, Long> storeEveryKindOfDocument(Jdbc jdbc) throws Exception {
        ObjectMapper json = new ObjectMapper();
        Map<Long, Long> files = new LinkedHashMap<>();
        files.put(store(jdbc, 10L, Fixtures.text("backpack-document.json")), 10L);
        files.put(store(jdbc, 10L, Fixtures.text("retrieval-earlier.json")), 10L);
        files.put(store(jdbc, 10L, Fixtures.text("retrieval-later.json")), 10L);
        String odd = Fixtures.text("odd-stored-values.json");
        files.put(store(jdbc, 11L, odd), 11L);
        files.put(store(jdbc, 20L, json.writeValueAsString(BackpackGenerator.generate(student("1234561",
                "Avery", "Jensen", 2009, 11, SimulatedStudent.Size.TYPICAL), TODAY, Instant.parse("2026-11-20T17:00:00Z")))), 20L);
        files.put(store(jdbc, 30L, json.writeValueAsString(BackpackGenerator.generate(student("1234563",
                "Carlos", "Martinez", 2008, 12, SimulatedStudent.Size.VERY_LARGE), TODAY, Instant.parse("2026-11-20T17:00:00Z")))), 30L);
        // Student Demographics with blank fields: two empty, one spaces only, one null
        var doc = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(Fixtures.text("backpack-document.json"));
        var student = (com.fasterxml.jackson.databind.node.ObjectNode) doc.path("student");
        student.removeAll();
        student.put("ssid", "1234567").put("firstName", "Ana").put("lastName", "Blank").put("middleName", "")
                .put("suffix", "   ").putNull("gender");
        doc.putArray("assessments");
        doc.putNull("sectionAttendance");
        files.put(store(jdbc, 40L, json.writeValueAsString(doc)), 40L);
        files.put(store(jdbc, 50L, EDGES), 50L);
        return files;
    }

    private static SimulatedStudent student(String ssid, String first, String last, int born, int grade,
                                            SimulatedStudent.Size size) {
        return new SimulatedStudent(ssid, "01", "Wasatch Valley School District", first, null, last,
                LocalDate.of(born, 3, 14), "F", grade, size);
    }

    private static long store(Jdbc jdbc, long student, String document) throws Exception {
        String ssid = new ObjectMapper().readTree(document).path("ssid").asText();
        return jdbc.inTransaction(c -> new BackpackIngest(new ObjectMapper()).store(c, student, 0L, ssid,
                document.getBytes(StandardCharsets.UTF_8), Instant.parse("2026-11-20T18:00:00Z"))).fileId();
    }

    /** Each tab query, run as the pages run it, gives for every file what the read-time statement gave. */
    private static void assertSameAsCountingAtReadTime(HikariDataSource ds, Map<Long, Long> files) {
        int trendRows = 0;
        for (Map.Entry<String, String> q : COUNTED_AT_READ_TIME.entrySet()) {
            NamedQuery stored = tabQuery(q.getKey());
            NamedQuery counted = new NamedQuery(stored.file(), stored.name(), stored.coreTable(), stored.args(),
                    stored.columns(), q.getValue(), stored.line(), stored.sqlLine());
            for (Map.Entry<Long, Long> f : files.entrySet()) {
                for (long fileId : new long[] {f.getKey(), 0L}) {
                    List<Map<String, Object>> expected = run(ds, counted, f.getValue(), fileId);
                    assertEquals(expected, run(ds, stored, f.getValue(), fileId),
                            q.getKey() + " of file " + f.getKey() + " (fileid " + fileId + ")");
                    trendRows += q.getKey().endsWith("trend") ? expected.size() : 0;
                }
            }
        }
        assertTrue(trendRows > 10, "the documents have trends to compare: " + trendRows);
    }

    /**
     * The drill-down's school years, read from the summary, are for every file and element those the records
     * have (the list the drill-down read from them before: {@code school_years}, newest first), each with its
     * records and the first of their keys in the pages' order.
     */
    private static void assertYearsAsTheRecordsHaveThem(HikariDataSource ds, Map<Long, Long> files) {
        Jdbc jdbc = new Jdbc(ds);
        int years = 0;
        for (Map.Entry<Long, Long> f : files.entrySet()) {
            for (long fileId : new long[] {f.getKey(), 0L}) {
                List<Map<String, Object>> fromRecords = run(ds, tabQuery("school_years"), f.getValue(), fileId);
                for (ElementCatalog.Entry e : ElementCatalog.all()) {
                    if (e.fields()) {
                        continue;
                    }
                    String where = e.key() + " of file " + f.getKey() + " (fileid " + fileId + ")";
                    List<Map<String, Object>> stored = years(ds, f.getValue(), fileId, e.key());
                    assertEquals(fromRecords.stream().filter(y -> e.key().equals(y.get("element")))
                            .map(y -> y.get("school_year")).toList(), stored.stream().map(y -> y.get("school_year")).toList(), where);
                    long file = fileId == 0 ? files.entrySet().stream().filter(g -> g.getValue().equals(f.getValue()))
                            .mapToLong(Map.Entry::getKey).max().orElseThrow() : fileId;
                    for (Map<String, Object> y : stored) {
                        String in = " FROM " + e.table() + " x WHERE x.FILEID = " + file + " AND x.SCHOOLYEAR = '"
                                + y.get("school_year") + "'";
                        assertEquals(count(jdbc, "SELECT COUNT(*)" + in), ((Number) y.get("records")).longValue(), where);
                        assertEquals(count(jdbc, "SELECT MIN(x.SORTKEY)" + in), ((Number) y.get("first_key")).longValue(), where);
                        years++;
                    }
                }
            }
        }
        assertTrue(years > 20, "the documents have school years to compare: " + years);
    }

    private static List<Map<String, Object>> years(HikariDataSource ds, long student, long fileId, String element) {
        return new PowerQueryRunner(ds).rows(tabQuery("element_years"),
                Map.of("studentsdcid", student, "fileid", fileId, "element", element), 1, PowerQueryRunner.MAX_PAGE_SIZE);
    }

    private static List<Map<String, Object>> run(HikariDataSource ds, NamedQuery query, long student, long fileId) {
        return new PowerQueryRunner(ds).rows(query, Map.of("studentsdcid", student, "fileid", fileId), 1,
                PowerQueryRunner.MAX_PAGE_SIZE);
    }

    private static NamedQuery tabQuery(String name) {
        return PluginPackage.fromDirectory(TestPaths.projectRoot()).namedQueries().stream()
                .filter(q -> q.name().equals("com.utbackpack.backpack.student." + name)).findFirst().orElseThrow();
    }

    private static Map<String, Long> rowsPerTable(Jdbc jdbc) {
        Map<String, Long> rows = new LinkedHashMap<>();
        for (String table : new String[] {"U_UT_BP_FILE", "U_UT_BP_DEMOGRAPHIC", "U_UT_BP_ENROLLMENT",
                "U_UT_BP_COURSEGRADE", "U_UT_BP_COURSEHIST", "U_UT_BP_ATTENDANCE", "U_UT_BP_TEACHER",
                "U_UT_BP_ASSESSMENT", "U_UT_BP_FILESUMMARY"}) {
            rows.put(table, count(jdbc, "SELECT COUNT(*) FROM " + table));
        }
        return rows;
    }

    private static long count(Jdbc jdbc, String sql) {
        return jdbc.queryFirst(sql, rs -> rs.getLong(1)).orElseThrow();
    }

    private static HikariDataSource schema(Databases.Kind kind) {
        HikariDataSource ds = Databases.newDataSource(kind);
        HostDatabase.migrateCore(ds);
        new ExtensionSchemaMigrator().migrate(ds, PluginPackage.fromDirectory(TestPaths.projectRoot()).extensionTables());
        return ds;
    }
}
