package org.utbackpack.plugin.backpack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.utbackpack.host.db.HostDatabase;
import org.utbackpack.host.plugin.ExtensionSchemaMigrator;
import org.utbackpack.host.plugin.PluginPackage;
import org.utbackpack.plugin.db.Jdbc;
import org.utbackpack.testing.Databases;
import org.utbackpack.testing.TestPaths;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Storing Backpack documents on real H2 and PostgreSQL: all of it in one transaction, or none of it. */
class BackpackIngestTest {

    private static final String DOCUMENT = """
            {"ssid":"1234567","generatedAt":"2026-11-29T10:00:00Z",
             "student":{"ssid":"1234567","firstName":"Avery","lastName":"Jensen","birthDate":"2009-04-12","englishLearner":false},
             "enrollments":[{"leaNumber":"01","leaName":"Wasatch","schoolNumber":"0100","schoolName":"Lone Peak High",
                             "schoolYear":"2025-2026","gradeLevel":"11","entryDate":"2025-08-20","exitDate":null}],
             "courseGrades":[{"schoolYear":"2025-2026","term":"S1","schoolNumber":"0100","courseCode":"01000000",
                              "courseTitle":"English 11","sectionId":"4410.1","mark":"A-","creditsAttempted":0.5,
                              "creditsEarned":0.5,"teacherCactusId":"123456"},
                             {"schoolYear":"2025-2026","term":"S1","schoolNumber":"0100","courseCode":"02000000",
                              "courseTitle":"Chemistry","sectionId":"5120.2","mark":"B","creditsAttempted":"0.5",
                              "creditsEarned":0.5,"teacherCactusId":"654321","extraField":"ignored"}],
             "courseHistory":[],
             "sectionAttendance":[{"schoolYear":"2025-2026","schoolNumber":"0100","sectionId":"4410.1","courseTitle":"English 11",
                                   "membershipDays":88,"daysAttended":85,"excusedAbsences":2,"unexcusedAbsences":1,"suspensionAbsences":0}],
             "teachers":[{"cactusId":"123456","firstName":"Dana","lastName":"Whitaker",
                          "licenses":[{"type":"Professional Educator License","area":"Secondary","level":"Level 2","expires":"2028-06-30"}],
                          "endorsements":["English Language Arts"],"degrees":["B.A. English, University of Utah"],"yearsExperience":12}],
             "assessments":[{"schoolYear":"2024-2025","testName":"Utah Aspire Plus","subject":"English","gradeLevel":"10",
                             "testDate":"2025-04-10","scaleScore":431,"proficiencyLevel":"3","proficiencyLabel":"Proficient"}],
             "futureSection":{"kept":"verbatim"}}
            """;

    @ParameterizedTest
    @MethodSource("org.utbackpack.testing.Databases#kinds")
    void storesTheVerbatimDocumentAndEveryRecordWithNamesResolved(Databases.Kind kind) throws Exception {
        try (HikariDataSource ds = schema(kind)) {
            Jdbc jdbc = new Jdbc(ds);
            BackpackIngest.Stored stored = jdbc.inTransaction(c -> new BackpackIngest(new ObjectMapper())
                    .store(c, 7L, 1L, "1234567", DOCUMENT.getBytes(StandardCharsets.UTF_8), Instant.now()));

            assertEquals(Map.of("enrollments", 1, "courseGrades", 2, "courseHistory", 0, "sectionAttendance", 1,
                    "teachers", 1, "assessments", 1), stored.counts());
            assertEquals(DOCUMENT, jdbc.queryFirst("SELECT DOCUMENT FROM U_UT_BP_FILE WHERE ID = ?",
                    rs -> rs.getString(1), stored.fileId()).orElseThrow());
            assertEquals("Dana Whitaker", jdbc.queryFirst("SELECT TEACHERNAME FROM U_UT_BP_COURSEGRADE WHERE FILEID = ?"
                    + " AND COURSECODE = '01000000'", rs -> rs.getString(1), stored.fileId()).orElseThrow());
            assertEquals("Lone Peak High", jdbc.queryFirst("SELECT SCHOOLNAME FROM U_UT_BP_ATTENDANCE WHERE FILEID = ?",
                    rs -> rs.getString(1), stored.fileId()).orElseThrow());
            assertEquals("2025-2026", jdbc.queryFirst("SELECT SCHOOLYEAR FROM U_UT_BP_TEACHER WHERE FILEID = ?",
                    rs -> rs.getString(1), stored.fileId()).orElseThrow(), "the latest year the teacher taught");
            assertEquals(1, jdbc.queryFirst("SELECT COUNT(*) FROM U_UT_BP_COURSEGRADE WHERE FILEID = ?"
                    + " AND COURSECODE = '02000000' AND TEACHERNAME IS NULL", rs -> rs.getInt(1), stored.fileId())
                    .orElseThrow(), "a teacher the document does not describe has no name");
            assertEquals("Professional Educator License, Secondary, Level 2 (expires 2028-06-30)",
                    jdbc.queryFirst("SELECT LICENSES FROM U_UT_BP_TEACHER WHERE FILEID = ?", rs -> rs.getString(1),
                            stored.fileId()).orElseThrow());
            assertEquals(0.5, jdbc.queryFirst("SELECT CREDITSATTEMPTED FROM U_UT_BP_COURSEGRADE WHERE FILEID = ?"
                    + " AND COURSECODE = '02000000'", rs -> rs.getDouble(1), stored.fileId()).orElseThrow());
            assertEquals(5, jdbc.queryFirst("SELECT COUNT(*) FROM U_UT_BP_DEMOGRAPHIC WHERE FILEID = ?",
                    rs -> rs.getInt(1), stored.fileId()).orElseThrow());
        }
    }

    @ParameterizedTest
    @MethodSource("org.utbackpack.testing.Databases#kinds")
    void aTruncatedDocumentFailsWithAReasonAndLeavesNothingBehind(Databases.Kind kind) throws Exception {
        try (HikariDataSource ds = schema(kind)) {
            Jdbc jdbc = new Jdbc(ds);
            byte[] cut = DOCUMENT.substring(0, DOCUMENT.length() / 2).getBytes(StandardCharsets.UTF_8);
            DocumentException e = assertThrows(DocumentException.class, () -> jdbc.inTransaction(c ->
                    new BackpackIngest(new ObjectMapper()).store(c, 7L, 1L, "1234567", cut, Instant.now())));
            assertTrue(e.getMessage().contains("cut off"), e.getMessage());
            assertNothingStored(jdbc);
        }
    }

    /**
     * Wherever a transfer stops (inside a name with an accent, a number, true or null), staff read "cut
     * off", not "damaged": the cause is the transfer, and asking again may well succeed.
     */
    @Test
    void aDocumentCutAtAnyByteIsReportedAsCutOff(@TempDir Path dir) throws Exception {
        byte[] whole = DOCUMENT.replace("\"Whitaker\"", "\"Núñez-Whitaker\"").strip().getBytes(StandardCharsets.UTF_8);
        BackpackIngest ingest = new BackpackIngest(new ObjectMapper());
        Path cut = dir.resolve("cut.json");
        Files.write(cut, whole);
        assertEquals("1234567", ingest.check(cut, "1234567").ssid(), "the whole document is good");
        Map<String, Integer> otherwise = new TreeMap<>();
        for (int length = 1; length < whole.length; length++) {
            Files.write(cut, Arrays.copyOf(whole, length));
            DocumentException e = assertThrows(DocumentException.class, () -> ingest.check(cut, "1234567"));
            if (!e.getMessage().equals("The Backpack document from UTREx was cut off before its end.")) {
                otherwise.merge(e.getMessage(), length, (first, later) -> first);
            }
        }
        assertEquals(Map.of(), otherwise, "messages other than cut off (with the first length giving each)");
    }

    @ParameterizedTest
    @MethodSource("org.utbackpack.testing.Databases#kinds")
    void anotherStudentsDocumentIsRefused(Databases.Kind kind) throws Exception {
        try (HikariDataSource ds = schema(kind)) {
            Jdbc jdbc = new Jdbc(ds);
            DocumentException e = assertThrows(DocumentException.class, () -> jdbc.inTransaction(c ->
                    new BackpackIngest(new ObjectMapper()).store(c, 7L, 1L, "7654321",
                            DOCUMENT.getBytes(StandardCharsets.UTF_8), Instant.now())));
            assertTrue(e.getMessage().contains("SSID 1234567"), e.getMessage());
            assertNothingStored(jdbc);
        }
    }

    @ParameterizedTest
    @MethodSource("org.utbackpack.testing.Databases#kinds")
    void aRecordOfTheWrongShapeIsRefusedWithWhereItIs(Databases.Kind kind) throws Exception {
        try (HikariDataSource ds = schema(kind)) {
            Jdbc jdbc = new Jdbc(ds);
            String bad = DOCUMENT.replace("\"scaleScore\":431", "\"scaleScore\":\"high\"");
            DocumentException e = assertThrows(DocumentException.class, () -> jdbc.inTransaction(c ->
                    new BackpackIngest(new ObjectMapper()).store(c, 7L, 1L, "1234567",
                            bad.getBytes(StandardCharsets.UTF_8), Instant.now())));
            assertEquals("The Backpack document from UTREx was refused: assessments[0].scaleScore should be a number,"
                    + " not 'high'.", e.getMessage());
            assertNothingStored(jdbc);
        }
    }

    @ParameterizedTest
    @MethodSource("org.utbackpack.testing.Databases#kinds")
    void numbersThatAreNotNumbersImpossibleDatesAndOutOfRangeValuesAreRefusedNamingTheField(Databases.Kind kind)
            throws Exception {
        String[][] cases = {
                {"\"scaleScore\":431", "\"scaleScore\":\"NaN\"", "assessments[0].scaleScore is not a finite number ('NaN')."},
                {"\"scaleScore\":431", "\"scaleScore\":\"Infinity\"", "assessments[0].scaleScore is not a finite number"
                        + " ('Infinity')."},
                {"\"scaleScore\":431", "\"scaleScore\":\"-Infinity\"", "assessments[0].scaleScore is not a finite number"
                        + " ('-Infinity')."},
                {"\"creditsEarned\":0.5,\"teacherCactusId\":\"654321\"", "\"creditsEarned\":1e400,\"teacherCactusId\":\"654321\"",
                        "courseGrades[1].creditsEarned is not a finite number ('Infinity')."},
                {"\"creditsAttempted\":\"0.5\"", "\"creditsAttempted\":\"0x1p3\"",
                        "courseGrades[1].creditsAttempted should be a number, not '0x1p3'."},
                {"\"membershipDays\":88", "\"membershipDays\":4000",
                        "sectionAttendance[0].membershipDays is 4000, outside the range 0 to 366."},
                {"\"yearsExperience\":12", "\"yearsExperience\":-3",
                        "teachers[0].yearsExperience is -3, outside the range 0 to 80."},
                {"\"entryDate\":\"2025-08-20\"", "\"entryDate\":\"2025-02-30\"",
                        "enrollments[0].entryDate is not a real date ('2025-02-30')."},
                {"\"testDate\":\"2025-04-10\"", "\"testDate\":\"04/10/2025\"",
                        "assessments[0].testDate should be a date (yyyy-mm-dd), not '04/10/2025'."},
                {"\"testDate\":\"2025-04-10\"", "\"testDate\":\"0001-04-10\"",
                        "assessments[0].testDate is 0001-04-10, outside the years 1900 to 2200."},
                {"\"schoolYear\":\"2024-2025\"", "\"schoolYear\":\"2024-2031\"",
                        "assessments[0].schoolYear should be a school year such as 2025-2026, not '2024-2031'."},
                {"\"birthDate\":\"2009-04-12\"", "\"birthDate\":\"2009-13-45\"", "student.birthDate is not a real date"
                        + " ('2009-13-45')."},
        };
        try (HikariDataSource ds = schema(kind)) {
            Jdbc jdbc = new Jdbc(ds);
            for (String[] c : cases) {
                assertTrue(DOCUMENT.contains(c[0]), c[0]);
                String bad = DOCUMENT.replace(c[0], c[1]);
                DocumentException e = assertThrows(DocumentException.class, () -> jdbc.inTransaction(conn ->
                        new BackpackIngest(new ObjectMapper()).store(conn, 7L, 1L, "1234567",
                                bad.getBytes(StandardCharsets.UTF_8), Instant.now())), c[1]);
                assertEquals("The Backpack document from UTREx was refused: " + c[2], e.getMessage());
                assertNothingStored(jdbc);
            }
        }
    }

    private static void assertNothingStored(Jdbc jdbc) {
        for (String table : new String[] {"U_UT_BP_FILE", "U_UT_BP_COURSEGRADE", "U_UT_BP_ENROLLMENT", "U_UT_BP_DEMOGRAPHIC"}) {
            assertEquals(0, jdbc.queryFirst("SELECT COUNT(*) FROM " + table, rs -> rs.getInt(1)).orElseThrow(), table);
        }
    }

    private static HikariDataSource schema(Databases.Kind kind) {
        HikariDataSource ds = Databases.newDataSource(kind);
        HostDatabase.migrateCore(ds);
        new ExtensionSchemaMigrator().migrate(ds, PluginPackage.fromDirectory(TestPaths.projectRoot()).extensionTables());
        return ds;
    }
}
