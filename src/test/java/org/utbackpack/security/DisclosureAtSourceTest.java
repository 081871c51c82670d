package org.utbackpack.security;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.utbackpack.host.Host;
import org.utbackpack.plugin.db.Jdbc;
import org.utbackpack.testing.Browser;
import org.utbackpack.testing.Databases;
import org.utbackpack.testing.Steps;
import org.utbackpack.testing.TestHost;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every route that returns a student's Backpack records adds a row to the disclosure log, staff and
 * guardians alike, and no other spelling of a route returns records without one.
 */
class DisclosureAtSourceTest {

    @ParameterizedTest
    @MethodSource("org.utbackpack.testing.Databases#kinds")
    void everyRouteReturningBackpackRecordsAddsADisclosureLogRow(Databases.Kind kind) throws Exception {
        try (Host host = TestHost.start(kind)) {
            Jdbc db = new Jdbc(host.dataSource());
            long avery = db.queryFirst("SELECT DCID FROM STUDENTS WHERE LAST_NAME = 'Jensen'", rs -> rs.getLong(1)).orElseThrow();
            Browser staff = Steps.staff(host, "backpack.admin");
            staff.post("/ws/utbackpack/requests", Map.of("frn", "001" + avery));
            Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
            while (Instant.now().isBefore(deadline)
                    && !staff.get("/ws/utbackpack/status?frn=001" + avery).body().contains("RECEIVED")) {
                Thread.sleep(200);
            }
            Browser parent = Steps.guardian(host, "parent.one");
            parent.post("/guardian/select", Map.of("studentsdcid", Long.toString(avery)));
            String grades = "/ws/schema/query/com.utbackpack.backpack.student.course_grades";
            String args = "{\"studentsdcid\": " + avery + "}";
            String tab = "/admin/students/state/USA_UT/backpack.html?frn=001" + avery;

            assertAddsARow(db, avery, "staff", "Viewed the Backpack summary", () -> staff.get(tab));
            assertAddsARow(db, avery, "staff", "Viewed Course Grades", () -> staff.get(tab + "&element=courseGrades"));
            assertAddsARow(db, avery, "staff", "Read Course Grades through the PowerQuery API", () -> staff.postJson(grades, args));
            assertAddsARow(db, avery, "staff", "Read Course Grades through the PowerQuery API",
                    () -> staff.postJson(grades + "?count=true", args));
            assertAddsARow(db, avery, "staff", "Ed-Fi", () -> staff.get("/ws/utbackpack/export?frn=001" + avery
                    + "&format=edfi"));
            assertAddsARow(db, avery, "staff", "Course Grades as CSV", () -> staff.get("/ws/utbackpack/export?frn=001"
                    + avery + "&format=csv&element=courseGrades"));
            // the tab's counts and trends, read from the file's summary rows
            for (String summary : List.of("element_counts", "proficiency_trend", "attendance_trend")) {
                String query = "/ws/schema/query/com.utbackpack.backpack.student." + summary;
                assertAddsARow(db, avery, "staff", "through the PowerQuery API", () -> staff.postJson(query, args));
                assertAddsARow(db, avery, "guardian", "through the PowerQuery API", () -> parent.postJson(query, args));
            }
            // a drill-down page the seek reads (school year all, the query's order), and a later page
            assertAddsARow(db, avery, "staff", "Viewed Course Grades", () -> staff.get(tab + "&element=courseGrades&page=2"));
            assertAddsARow(db, avery, "staff", "Viewed Section Attendance",
                    () -> staff.get(tab + "&element=sectionAttendance&page=2"));
            assertAddsARow(db, avery, "guardian", "Viewed the Backpack summary", () -> parent.get("/guardian/backpack.html"));
            assertAddsARow(db, avery, "guardian", "Viewed Assessment Results",
                    () -> parent.get("/guardian/backpack.html?element=assessments"));
            assertAddsARow(db, avery, "guardian", "Read Course Grades through the PowerQuery API", () -> parent.postJson(grades, args));

            // a spelling that decodes to the same query returns nothing, so there is nothing unlogged
            long before = views(db, avery);
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> spelled = http.send(HttpRequest.newBuilder(URI.create(host.baseUrl()
                            + grades.replace("course_grades", "cours%65_grades")))
                    .header("Cookie", staff.cookieHeader()).header("X-CSRF-Token", staff.csrf())
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(args)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(400, spelled.statusCode(), spelled.body());
            assertEquals(before, views(db, avery));

            // every other spelling of the student's id in the arguments is logged when it is served, or refused
            String arabicIndic = Long.toString(avery).chars().mapToObj(c -> String.valueOf((char) ('\u0660' + c - '0')))
                    .reduce("", String::concat);
            List<String> unlogged = new java.util.ArrayList<>();
            for (String id : List.of("\"+" + avery + "\"", "\"" + arabicIndic + "\"", avery + ".0", "\" " + avery + " \"",
                    "\"0" + avery + "\"")) {
                for (Browser reader : List.of(staff, parent)) {
                    long was = views(db, avery);
                    Browser.Page page = reader.postJson(grades, "{\"studentsdcid\": " + id + "}");
                    long logged = views(db, avery) - was;
                    if (page.status() == 200 ? logged != 1 : page.status() != 400 && page.status() != 403 || logged != 0) {
                        unlogged.add((reader == staff ? "staff " : "guardian ") + id + " -> " + page.status() + ", "
                                + logged + " rows");
                    }
                }
            }
            assertEquals(List.of(), unlogged);

            // an earlier retrieval, in any spelling of its number: the log names the retrieval the page shows
            staff.post("/ws/utbackpack/requests", Map.of("frn", "001" + avery));
            deadline = Instant.now().plus(Duration.ofSeconds(60));
            while (Instant.now().isBefore(deadline) && db.queryFirst("SELECT COUNT(*) FROM U_UT_BP_FILE WHERE"
                    + " STUDENTSDCID = ?", rs -> rs.getLong(1), avery).orElseThrow() < 2) {
                Thread.sleep(200);
            }
            long first = db.queryFirst("SELECT MIN(ID) FROM U_UT_BP_FILE WHERE STUDENTSDCID = ?", rs -> rs.getLong(1),
                    avery).orElseThrow();
            String firstArabic = Long.toString(first).chars().mapToObj(c -> String.valueOf((char) ('\u0660' + c - '0')))
                    .reduce("", String::concat);
            List<String> misnamed = new java.util.ArrayList<>();
            for (String file : List.of(Long.toString(first), "%2B" + first, "0" + first,
                    java.net.URLEncoder.encode(firstArabic, java.nio.charset.StandardCharsets.UTF_8))) {
                Browser.Page page = staff.get(tab + "&file=" + file);
                boolean showsEarlier = page.body().contains("file=" + first + "&amp;element=");
                String logged = db.queryFirst("SELECT DETAIL FROM U_UT_BP_AUDIT WHERE ID = (SELECT MAX(ID) FROM"
                        + " U_UT_BP_AUDIT WHERE STUDENTSDCID = ?)", rs -> rs.getString(1), avery).orElseThrow();
                if (showsEarlier != logged.contains("Backpack file retrieved")) {
                    misnamed.add("file=" + file + ": the page shows " + (showsEarlier ? "the earlier" : "the latest")
                            + " retrieval, the log says '" + logged + "'");
                }
                if (file.equals(Long.toString(first)) && !showsEarlier) {
                    misnamed.add("file=" + first + " does not show the earlier retrieval");
                }
            }
            assertEquals(List.of(), misnamed);
        }
    }

    private static void assertAddsARow(Jdbc db, long student, String actor, String detail,
                                       java.util.function.Supplier<Browser.Page> read) {
        long before = views(db, student);
        Browser.Page page = read.get();
        assertEquals(200, page.status(), page.body());
        assertEquals(before + 1, views(db, student), "one disclosure-log row for " + detail + " by " + actor);
        String logged = db.queryFirst("SELECT ACTORTYPE || ' ' || DETAIL FROM U_UT_BP_AUDIT WHERE STUDENTSDCID = ?"
                + " AND ID = (SELECT MAX(ID) FROM U_UT_BP_AUDIT WHERE STUDENTSDCID = ?)", rs -> rs.getString(1),
                student, student).orElseThrow();
        assertTrue(logged.startsWith(actor) && logged.contains(detail), logged);
    }

    private static long views(Jdbc db, long student) {
        return db.queryFirst("SELECT COUNT(*) FROM U_UT_BP_AUDIT WHERE STUDENTSDCID = ? AND ACTION IN ('view', 'export')",
                rs -> rs.getLong(1), student).orElseThrow();
    }
}
