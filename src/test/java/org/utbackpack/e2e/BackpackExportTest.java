package org.utbackpack.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.utbackpack.host.Host;
import org.utbackpack.plugin.db.Jdbc;
import org.utbackpack.plugin.export.Ds5Export;
import org.utbackpack.plugin.export.Ds5Schemas;
import org.utbackpack.testing.Browser;
import org.utbackpack.testing.Databases;
import org.utbackpack.testing.SharedHosts;
import org.utbackpack.testing.Steps;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Downloads of a stored Backpack: Ed-Fi Data Standard 5 files (checked against Ed-Fi's own schemas) and CSV per
 * data element, for staff with Request Access only.
 */
class BackpackExportTest {

    @RegisterExtension
    static final SharedHosts HOSTS = new SharedHosts();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EXPORT = "/ws/utbackpack/export?frn=001";

    private static final Map<String, List<String>> CSV_HEADINGS = new LinkedHashMap<>();

    static {
        CSV_HEADINGS.put("demographics", List.of("Field", "Value"));
        CSV_HEADINGS.put("enrollments", List.of("School Year", "LEA Number", "LEA", "School Number", "School", "Grade",
                "Entry Date", "Exit Date"));
        CSV_HEADINGS.put("courseGrades", List.of("School Year", "Term", "School Number", "School", "Course Code", "Course",
                "Section", "Mark", "Credits Attempted", "Credits Earned", "Teacher CACTUS ID", "Teacher"));
        CSV_HEADINGS.put("courseHistory", List.of("School Year", "Grade", "School Number", "School", "Course Code", "Course",
                "Final Mark", "Credits Earned", "Concurrent Enrollment"));
        CSV_HEADINGS.put("sectionAttendance", List.of("School Year", "School Number", "School", "Section", "Course",
                "Membership Days", "Days Attended", "Excused Absences", "Unexcused Absences", "Suspension Absences"));
        CSV_HEADINGS.put("teachers", List.of("CACTUS ID", "First Name", "Last Name", "Latest School Year", "Licenses",
                "Endorsements", "Degrees", "Years of Experience"));
        CSV_HEADINGS.put("assessments", List.of("School Year", "Test", "Subject", "Grade", "Test Date", "Scale Score",
                "Proficiency Level", "Proficiency"));
    }

    @ParameterizedTest
    @MethodSource("org.utbackpack.testing.Databases#kinds")
    void everyDemoStudentsBackpackExportsAsDataStandard5ThatLoadsAsItIs(Databases.Kind kind) throws Exception {
        Host host = HOSTS.host(kind);
        Jdbc db = new Jdbc(host.dataSource());
        long carlos = RetrievalHistoryTest.dcid(db, "Martinez");
        long avery = RetrievalHistoryTest.dcid(db, "Jensen");
        Browser staff = RetrievalHistoryTest.staff(host);
        for (long student : List.of(carlos, avery)) {
            staff.get(RetrievalHistoryTest.TAB + student);
            staff.post("/ws/utbackpack/requests", Map.of("frn", "001" + student));
        }
        for (long student : List.of(carlos, avery)) {
            assertEquals("RECEIVED", Steps.waitForEnd(staff, "001" + student, Duration.ofSeconds(90)));
        }
        JsonNode stored = JSON.readTree(db.queryFirst("SELECT DOCUMENT FROM U_UT_BP_FILE WHERE STUDENTSDCID = ?",
                rs -> rs.getString(1), carlos).orElseThrow());
        int total = 0;
        for (String array : List.of("enrollments", "courseGrades", "courseHistory", "sectionAttendance", "teachers",
                "assessments")) {
            total += stored.path(array).size();
        }
        assertTrue(total > 3000, "Carlos's Backpack is large: " + total);

        // the tab links to the exports of the retrieval shown
        Document tab = staff.get(RetrievalHistoryTest.TAB + carlos).html();
        Element links = tab.selectFirst("section.bp-exports");
        assertNotNull(links, "export links for Request Access");
        String edFiLink = links.selectFirst("a:containsOwn(Ed-Fi JSON)").attr("href");
        HttpResponse<byte[]> edFi = download(host, staff, edFiLink);
        assertEquals(200, edFi.statusCode());
        assertEquals("application/zip", edFi.headers().firstValue("Content-Type").orElse(""));
        assertEquals("attachment; filename=\"backpack-1234563-" + day(db, carlos) + "-edfi.zip\"",
                edFi.headers().firstValue("Content-Disposition").orElse(""));
        Ds5Export export = Ds5Export.read(edFi.body());
        List<String> problems = problems(export);
        assertTrue(problems.isEmpty(), problems.size() + " problems: " + problems.subList(0, Math.min(20, problems.size())));
        assertEquals("1234563", export.manifest.path("studentUniqueId").asText());
        JsonNode student = export.resources.get("students").get(0);
        assertEquals("Carlos", student.path("firstName").asText());
        assertEquals("Martinez", student.path("lastSurname").asText());
        int marks = 0;
        for (JsonNode grade : export.resources.get("grades")) {
            marks += (grade.has("letterGradeEarned") ? 1 : 0) + grade.path("learningStandardGrades").size();
        }
        assertEquals(stored.path("courseGrades").size(), marks, "every mark, none colliding");
        assertEquals(stored.path("assessments").size(), export.size("studentAssessments"));
        assertEquals(stored.path("enrollments").size(), export.size("studentSchoolAssociations"));
        assertTrue(export.size("learningStandards") > 0, "standards-based marks are learning-standard grades");
        int licenses = 0;
        for (JsonNode teacher : stored.path("teachers")) {
            licenses += teacher.path("licenses").size();
        }
        assertEquals(licenses, export.leftOut().get("credentials: DS 5 requires an issuance date, which CACTUS does"
                + " not give"), "licenses are counted, not invented");

        Ds5Export averys = Ds5Export.read(download(host, staff, EXPORT + avery + "&format=edfi").body());
        assertEquals(List.of(), problems(averys));
        assertEquals("Avery", averys.resources.get("students").get(0).path("firstName").asText());
        // Brooke has no SSID and UTREx does not know Dana's: neither has a Backpack to export
        assertEquals(404, staff.get(EXPORT + RetrievalHistoryTest.dcid(db, "Larsen") + "&format=edfi").status());
        assertEquals(404, staff.get(EXPORT + RetrievalHistoryTest.dcid(db, "Nguyen") + "&format=edfi").status());

        // CSV per data element, from the links, parsed back
        for (String element : CSV_HEADINGS.keySet()) {
            Element link = links.selectFirst("a[href$=element=" + element + "]");
            assertNotNull(link, element);
            Browser.Page csv = staff.get(link.attr("href"));
            assertEquals(200, csv.status(), element);
            assertTrue(csv.header("Content-Type").startsWith("text/csv"), csv.header("Content-Type"));
            assertEquals("attachment; filename=\"backpack-1234563-" + day(db, carlos) + "-" + element + ".csv\"",
                    csv.header("Content-Disposition"));
            List<List<String>> rows = parseCsv(csv.body());
            assertEquals(CSV_HEADINGS.get(element), rows.get(0), element);
            int expected = element.equals("demographics") ? stored.path("student").size()
                    : stored.path(element).size();
            assertEquals(expected, rows.size() - 1, element + " records");
            for (List<String> row : rows) {
                assertEquals(rows.get(0).size(), row.size(), element + ": every row has every column");
            }
        }

        // every download is in the disclosure log, and the log page names it
        List<String> logged = db.query("SELECT DETAIL FROM U_UT_BP_AUDIT WHERE ACTION = 'export' AND STUDENTSDCID = ?"
                + " ORDER BY ID", rs -> rs.getString(1), carlos);
        assertEquals(1 + CSV_HEADINGS.size(), logged.size(), logged.toString());
        assertTrue(logged.get(0).startsWith("Exported the whole Backpack as Ed-Fi files of the Backpack file retrieved"),
                logged.get(0));
        assertEquals("staff", db.queryFirst("SELECT MIN(ACTORTYPE) FROM U_UT_BP_AUDIT WHERE ACTION = 'export'",
                rs -> rs.getString(1)).orElseThrow());
        Document log = staff.get(RetrievalHistoryTest.TAB + carlos + "&view=log").html();
        assertTrue(log.select("table.bp-table tbody td").eachText().contains("Export"), "the log shows exports");
    }

    @ParameterizedTest
    @MethodSource("org.utbackpack.testing.Databases#kinds")
    void anEarlierRetrievalExportsItsOwnRecordsQuotedAndAnotherStudentsIsRefused(Databases.Kind kind) throws Exception {
        Host host = HOSTS.host(kind);
        Jdbc db = new Jdbc(host.dataSource());
        long avery = RetrievalHistoryTest.dcid(db, "Jensen");
        long dana = RetrievalHistoryTest.dcid(db, "Nguyen");
        String tricky = RetrievalHistoryTest.EARLIER.replace("\"courseTitle\":\"English 11\"",
                "\"courseTitle\":\"English 11, \\\"Honors\\\"\\nSection A\"").replace("\"courseTitle\":\"Geometry\"",
                "\"courseTitle\":\"=HYPERLINK(\\\"http://x\\\")\"");
        long earlier = RetrievalHistoryTest.store(db, avery, "1234561", tricky, Instant.parse("2026-10-01T16:00:00Z"));
        RetrievalHistoryTest.store(db, avery, "1234561", RetrievalHistoryTest.LATER, Instant.parse("2026-11-15T17:30:00Z"));
        long danas = RetrievalHistoryTest.store(db, dana, "7654324",
                RetrievalHistoryTest.EARLIER.replace("1234561", "7654324"), Instant.parse("2026-10-02T16:00:00Z"));

        Browser staff = RetrievalHistoryTest.staff(host);
        Document tab = staff.get(RetrievalHistoryTest.TAB + avery + "&file=" + earlier).html();
        String link = tab.selectFirst("section.bp-exports a[href$=element=courseGrades]").attr("href");
        assertTrue(link.contains("file=" + earlier), link);
        List<List<String>> grades = parseCsv(staff.get(link).body());
        assertEquals(4, grades.size(), "October's three grades and the headings");
        assertEquals("English 11, \"Honors\"\nSection A", grades.get(1).get(5), "quoted and parsed back whole");
        assertEquals("Lone Peak High", grades.get(1).get(3), "school names resolved at ingest");
        assertEquals("0.25", grades.get(1).get(8));
        List<List<String>> history = parseCsv(staff.get(EXPORT + avery + "&format=csv&element=courseHistory&file="
                + earlier).body());
        assertEquals("'=HYPERLINK(\"http://x\")", history.get(1).get(5), "a formula is never run by a spreadsheet");
        assertEquals("No", history.get(1).get(8));
        assertEquals(4, parseCsv(staff.get(EXPORT + avery + "&format=csv&element=courseGrades").body()).size(),
                "the latest has three grades too");
        assertEquals(2, parseCsv(staff.get(EXPORT + avery + "&format=csv&element=sectionAttendance").body()).size(),
                "the latest, by default");
        assertEquals(1, parseCsv(staff.get(EXPORT + avery + "&format=csv&element=sectionAttendance&file=" + earlier)
                .body()).size(), "only headings: October had no attendance");
        Ds5Export edFi = Ds5Export.read(download(host, staff, EXPORT + avery + "&format=edfi&file=" + earlier).body());
        assertEquals(List.of(), problems(edFi));
        assertEquals(earlier, edFi.manifest.path("fileId").asLong());
        assertEquals(2, edFi.size("studentAssessments"));
        assertEquals(2, edFi.size("grades"), "October's two sections' Q1 grades");
        assertEquals(1, edFi.leftOut().get("grades: a second course mark for the same section and term"),
                "the repeated Chemistry mark is counted, not loaded twice");
        assertEquals(2027, edFi.resources.get("grades").get(0).path("gradingPeriodReference").path("schoolYear").asInt());
        assertEquals("English 11, \"Honors\"\nSection A", edFi.resources.get("courses").get(0).path("courseTitle").asText());
        assertEquals("uri://ed-fi.org/CourseAttemptResultDescriptor#Pass",
                edFi.resources.get("courseTranscripts").get(0).path("courseAttemptResultDescriptor").asText());
        assertFalse(edFi.resources.get("studentSectionAssociations").get(0).has("_ext"), "October had no attendance");

        long before = exports(db);
        Browser.Page other = staff.get(EXPORT + avery + "&format=edfi&file=" + danas);
        assertEquals(404, other.status(), "another student's retrieval");
        assertFalse(other.body().contains("7654324"));
        assertEquals(404, staff.get(EXPORT + avery + "&format=csv&element=courseGrades&file=" + danas).status());
        assertEquals(400, staff.get(EXPORT + avery + "&format=csv&element=secrets").status());
        assertEquals(400, staff.get(EXPORT + avery + "&format=xml").status());
        assertEquals(400, staff.get(EXPORT + avery + "&format=edfi&file=1%20OR%201=1").status());
        assertEquals(before, exports(db), "refused exports are not downloads");
    }

    @Test
    void onlyStaffWithRequestAccessMayExport() throws Exception {
        Host host = HOSTS.host(Databases.Kind.H2);
        Jdbc db = new Jdbc(host.dataSource());
        long avery = RetrievalHistoryTest.dcid(db, "Jensen");
        RetrievalHistoryTest.store(db, avery, "1234561", RetrievalHistoryTest.EARLIER, Instant.parse("2026-10-01T16:00:00Z"));

        Browser viewer = Steps.staff(host, "backpack.viewer");
        Document tab = viewer.get(RetrievalHistoryTest.TAB + avery).html();
        assertNotNull(tab.selectFirst("table.bp-elements"), "the viewer sees the Backpack");
        assertNull(tab.selectFirst("section.bp-exports"), "but no export links");
        Browser.Page refused = viewer.get(EXPORT + avery + "&format=edfi");
        assertEquals(403, refused.status());
        assertTrue(refused.text().contains("Viewer / Request Access"), refused.text());
        assertEquals(403, viewer.get(EXPORT + avery + "&format=csv&element=courseGrades").status());

        Browser none = Steps.staff(host, "no.access");
        assertEquals(403, none.get(EXPORT + avery + "&format=edfi").status());

        Browser parent = RetrievalHistoryTest.guardianOfAvery(host, avery);
        assertEquals(403, parent.get(EXPORT + avery + "&format=edfi").status());

        Browser anonymous = new Browser(host.baseUrl(), false);
        Browser.Page out = anonymous.get(EXPORT + avery + "&format=edfi");
        assertTrue(out.status() == 302 || out.status() == 401 || out.status() == 403, "status " + out.status());
        assertFalse(out.body().contains("Chemistry"));
        assertEquals(0, exports(db));

        Browser admin = RetrievalHistoryTest.staff(host);
        assertEquals(200, admin.get(EXPORT + avery + "&format=edfi").status());
        assertEquals(1, exports(db));
    }

    private static Ds5Schemas schemas;

    private static boolean looked;

    /** What a loader would trip on, by Ed-Fi's own schemas where this machine has them (Ds5Schemas#present). */
    private static synchronized List<String> problems(Ds5Export export) throws java.io.IOException {
        if (!looked) {
            looked = true;
            schemas = Ds5Schemas.present() ? Ds5Schemas.load() : null;
        }
        return schemas == null ? List.of() : export.problems(schemas);
    }

    /** A download as bytes, with the staff member's session. */
    private static HttpResponse<byte[]> download(Host host, Browser browser, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(host.baseUrl().resolve(path)).timeout(Duration.ofSeconds(60))
                .header("Cookie", browser.cookieHeader()).GET().build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    private static long exports(Jdbc db) {
        return db.queryFirst("SELECT COUNT(*) FROM U_UT_BP_AUDIT WHERE ACTION = 'export'", rs -> rs.getLong(1)).orElseThrow();
    }

    private static String day(Jdbc db, long student) {
        Instant at = db.queryFirst("SELECT MAX(RETRIEVEDAT) FROM U_UT_BP_FILE WHERE STUDENTSDCID = ?",
                rs -> rs.getTimestamp(1).toInstant(), student).orElseThrow();
        return at.atZone(java.time.ZoneId.of("America/Denver")).toLocalDate().toString();
    }

    /**
     * RFC 4180, strictly: CRLF between records, quoted fields with doubled quotes (and line breaks inside),
     * an optional byte order mark. Fails on anything else, so a sloppy export cannot pass.
     */
    static List<List<String>> parseCsv(String text) {
        String s = text.startsWith("\uFEFF") ? text.substring(1) : text;
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int i = 0;
        boolean fieldStart = true;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (fieldStart && c == '"') {
                i++;
                while (true) {
                    if (i >= s.length()) {
                        throw new AssertionError("unterminated quoted field");
                    }
                    char q = s.charAt(i);
                    if (q == '"' && i + 1 < s.length() && s.charAt(i + 1) == '"') {
                        field.append('"');
                        i += 2;
                    } else if (q == '"') {
                        i++;
                        break;
                    } else {
                        field.append(q);
                        i++;
                    }
                }
                fieldStart = false;
                if (i < s.length() && s.charAt(i) != ',' && s.charAt(i) != '\r') {
                    throw new AssertionError("text after a closing quote at " + i);
                }
            } else if (c == ',') {
                row.add(field.toString());
                field.setLength(0);
                fieldStart = true;
                i++;
            } else if (c == '\r') {
                if (i + 1 >= s.length() || s.charAt(i + 1) != '\n') {
                    throw new AssertionError("a bare CR at " + i);
                }
                row.add(field.toString());
                field.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
                fieldStart = true;
                i += 2;
            } else if (c == '\n' || c == '"') {
                throw new AssertionError("unquoted " + (c == '"' ? "quote" : "line feed") + " at " + i);
            } else {
                field.append(c);
                fieldStart = false;
                i++;
            }
        }
        if (!row.isEmpty() || field.length() > 0) {
            throw new AssertionError("the last record does not end with CRLF");
        }
        return rows;
    }
}
