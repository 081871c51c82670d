package org.utbackpack.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.utbackpack.host.Host;
import org.utbackpack.plugin.backpack.BackpackIngest;
import org.utbackpack.plugin.db.Jdbc;
import org.utbackpack.testing.Browser;
import org.utbackpack.testing.Databases;
import org.utbackpack.testing.Fixtures;
import org.utbackpack.testing.SharedHosts;
import org.utbackpack.testing.Steps;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Retrieval history: every retrieval is kept, staff and guardians choose an earlier one to view, and see
 * the records added and removed per data element since the retrieval before it.
 */
public class RetrievalHistoryTest {

    @RegisterExtension
    static final SharedHosts HOSTS = new SharedHosts();

    static final String TAB = "/admin/students/state/USA_UT/backpack.html?frn=001";

    /** Avery's first retrieval (October). */
    public static final String EARLIER = Fixtures.text("retrieval-earlier.json");

    /**
     * Avery's second retrieval (November): one enrollment more; the home language changed; one of the two
     * identical Chemistry grades gone and a new grade; the Geometry record the same in other words (members
     * reordered, 1 for 1.0, an explicit null); attendance added; one assessment gone.
     */
    public static final String LATER = Fixtures.text("retrieval-later.json");

    /** Data element -> {added, removed} of LATER against EARLIER. */
    static final Map<String, List<Integer>> EXPECTED_CHANGES = new LinkedHashMap<>();

    static {
        // one field changed (homeLanguage): its old value removed, its new one added; one enrollment added
        EXPECTED_CHANGES.put("Student Demographics", List.of(1, 1));
        EXPECTED_CHANGES.put("School Enrollments", List.of(1, 0));
        EXPECTED_CHANGES.put("Course Grades", List.of(1, 1));
        EXPECTED_CHANGES.put("Course History", List.of(0, 0));
        EXPECTED_CHANGES.put("Section Attendance", List.of(1, 0));
        EXPECTED_CHANGES.put("Teachers and Qualifications", List.of(0, 0));
        EXPECTED_CHANGES.put("Assessment Results", List.of(0, 1));
    }

    @ParameterizedTest
    @MethodSource("org.utbackpack.testing.Databases#kinds")
    void staffAndGuardiansSeeWhatChangedSinceThePreviousRetrieval(Databases.Kind kind) throws Exception {
        Host host = HOSTS.host(kind);
        Jdbc db = new Jdbc(host.dataSource());
        long avery = dcid(db, "Jensen");
        store(db, avery, "1234561", EARLIER, Instant.parse("2026-10-01T16:00:00Z"));
        store(db, avery, "1234561", LATER, Instant.parse("2026-11-15T17:30:00Z"));

        Browser staff = staff(host);
        Document tab = staff.get(TAB + avery).html();
        assertEquals(EXPECTED_CHANGES, changes(tab, "Changes since 10/01/2026 10:00 AM"));

        // the same Geometry record, written differently, has the same fingerprint in both files
        assertEquals(1L, db.queryFirst("SELECT COUNT(DISTINCT RECORDHASH) FROM U_UT_BP_COURSEHIST WHERE STUDENTSDCID = ?",
                rs -> rs.getLong(1), avery).orElseThrow());
        assertEquals(0L, db.queryFirst("SELECT COUNT(*) FROM U_UT_BP_COURSEGRADE WHERE RECORDHASH IS NULL",
                rs -> rs.getLong(1)).orElseThrow());

        Browser parent = guardianOfAvery(host, avery);
        Document portal = parent.get("/guardian/backpack.html").html();
        assertEquals(EXPECTED_CHANGES, changes(portal, "Changes since 10/01/2026 10:00 AM"));
    }

    @ParameterizedTest
    @MethodSource("org.utbackpack.testing.Databases#kinds")
    void choosingAnEarlierRetrievalShowsItsCountsAndKeepsTheChoiceInEveryLink(Databases.Kind kind) throws Exception {
        Host host = HOSTS.host(kind);
        Jdbc db = new Jdbc(host.dataSource());
        long avery = dcid(db, "Jensen");
        long earlier = store(db, avery, "1234561", EARLIER, Instant.parse("2026-10-01T16:00:00Z"));
        long later = store(db, avery, "1234561", LATER, Instant.parse("2026-11-15T17:30:00Z"));

        Browser staff = staff(host);
        Document latest = staff.get(TAB + avery).html();
        assertEquals(Map.of("Student Demographics", 6, "School Enrollments", 3, "Course Grades", 3, "Course History", 1,
                "Section Attendance", 1, "Teachers and Qualifications", 1, "Assessment Results", 1), counts(latest));
        // a labelled choice of retrieval: date and request, newest first
        Element select = latest.selectFirst("form.bp-history select[name=file]");
        assertNotNull(select);
        assertEquals("Retrieval to view", latest.selectFirst("label[for=" + select.id() + "]").text());
        assertEquals(List.of(Long.toString(later), Long.toString(earlier)), select.select("option").eachAttr("value"));
        assertEquals("11/15/2026 10:30 AM (latest)", select.selectFirst("option").text(), "a date, no request number");
        assertTrue(select.selectFirst("option").hasAttr("selected"));

        // choosing the earlier one (the form's GET) shows its counts, and links keep it
        Document chosen = staff.get(TAB + avery + "&file=" + earlier).html();
        assertEquals(Map.of("Student Demographics", 6, "School Enrollments", 2, "Course Grades", 3, "Course History", 1,
                "Section Attendance", 0, "Teachers and Qualifications", 1, "Assessment Results", 2), counts(chosen));
        assertEquals("Data elements in the Backpack file retrieved 10/01/2026 10:00 AM",
                chosen.selectFirst("table.bp-elements caption").text());
        assertTrue(chosen.selectFirst("option[value=" + earlier + "]").hasAttr("selected"));
        assertTrue(chosen.text().contains("You are viewing the Backpack file retrieved 10/01/2026 10:00 AM"));
        assertTrue(chosen.text().contains("This is the first retrieval"), "nothing earlier to compare with");
        assertNull(chosen.selectFirst("table.bp-changes"));
        String grades = chosen.selectFirst("table.bp-elements a[href*=element=courseGrades]").attr("href");
        assertTrue(grades.contains("file=" + earlier), grades);

        Document drill = staff.get(grades).html();
        assertEquals("Rows 1–3 of 3", drill.selectFirst("#bp-range").text());
        assertEquals(2, drill.select("table.bp-table tbody tr").stream().filter(tr -> tr.text().contains("Chemistry"))
                .count(), "both copies of October");
        assertTrue(drill.selectFirst("nav.bp-breadcrumbs a").attr("href").endsWith("&file=" + earlier));
        assertTrue(drill.selectFirst("table.bp-table thead th a").attr("href").contains("file=" + earlier),
                "sorting keeps the retrieval");
        Document assessments = staff.get(TAB + avery + "&file=" + earlier + "&element=assessments").html();
        assertEquals("Rows 1–2 of 2", assessments.selectFirst("#bp-range").text());
        Document latestAssessments = staff.get(TAB + avery + "&element=assessments").html();
        assertEquals("Rows 1–1 of 1", latestAssessments.selectFirst("#bp-range").text());

        // the guardian chooses the same way
        Browser parent = guardianOfAvery(host, avery);
        Document portal = parent.get("/guardian/backpack.html").html();
        Element choice = portal.selectFirst("form.bp-history select[name=file]");
        assertNotNull(choice, "guardians choose a retrieval too");
        assertEquals("/guardian/backpack.html", portal.selectFirst("form.bp-history").attr("action"));
        Document portalChosen = parent.get("/guardian/backpack.html?file=" + earlier).html();
        assertEquals(Map.of("Student Demographics", 6, "School Enrollments", 2, "Course Grades", 3, "Course History", 1,
                "Teachers and Qualifications", 1, "Assessment Results", 2), counts(portalChosen));
        String portalGrades = portalChosen.selectFirst("table.bp-elements a[href*=element=courseGrades]").attr("href");
        assertEquals("/guardian/backpack.html?file=" + earlier + "&element=courseGrades", portalGrades);
        Document portalDrill = parent.get(portalGrades).html();
        assertEquals("Rows 1–3 of 3", portalDrill.selectFirst("#bp-range").text());
        assertEquals("/guardian/backpack.html?file=" + earlier, portalDrill.selectFirst("nav.bp-breadcrumbs a").attr("href"));

        // what was viewed, and of which retrieval, is in the disclosure log
        assertTrue(db.query("SELECT DETAIL FROM U_UT_BP_AUDIT WHERE ACTION = 'view' AND STUDENTSDCID = ?",
                rs -> rs.getString(1), avery).contains("Viewed Course Grades of the Backpack file retrieved 10/01/2026 10:00 AM"));
    }

    @ParameterizedTest
    @MethodSource("org.utbackpack.testing.Databases#kinds")
    void aRetrievalOfAnotherStudentIsRefused(Databases.Kind kind) throws Exception {
        Host host = HOSTS.host(kind);
        Jdbc db = new Jdbc(host.dataSource());
        long avery = dcid(db, "Jensen");
        long dana = dcid(db, "Nguyen");
        store(db, avery, "1234561", EARLIER, Instant.parse("2026-10-01T16:00:00Z"));
        long danas = store(db, dana, "7654324", EARLIER.replace("1234561", "7654324"), Instant.parse("2026-10-02T16:00:00Z"));

        Browser staff = staff(host);
        for (String page : List.of(TAB + avery + "&file=" + danas, TAB + avery + "&file=" + danas + "&element=courseGrades",
                TAB + avery + "&file=" + danas + "&element=demographics", TAB + avery + "&file=999999")) {
            Document html = staff.get(page).html();
            Element alert = html.selectFirst("[role=alert]");
            assertNotNull(alert, page);
            assertTrue(alert.text().contains("That Backpack retrieval is not one of this student's"), alert.text());
            assertNull(html.selectFirst("table.bp-table"), "nothing of it is shown: " + page);
            assertFalse(html.text().contains("Chemistry"), page);
        }
        // the PowerQueries check it themselves, whoever calls them
        staff.get(TAB + avery);
        for (String query : List.of("element_counts", "course_grades", "demographic_fields", "retrieval", "changes")) {
            String body = staff.postJson("/ws/schema/query/com.utbackpack.backpack.student." + query,
                    "{\"studentsdcid\": " + avery + ", \"fileid\": " + danas + "}").body();
            assertFalse(body.contains("Chemistry") || body.contains("Spanish"), query + ": " + body);
            if (!query.equals("element_counts") && !query.equals("changes")) {
                assertTrue(new ObjectMapper().readTree(body).path("record").isEmpty(), query + ": " + body);
            }
        }
        String counts = staff.postJson("/ws/schema/query/com.utbackpack.backpack.student.element_counts",
                "{\"studentsdcid\": " + avery + ", \"fileid\": " + danas + "}").body();
        new ObjectMapper().readTree(counts).path("record").forEach(row ->
                assertEquals(0, row.path("records").asInt(), counts));

        Browser parent = guardianOfAvery(host, avery);
        Document portal = parent.get("/guardian/backpack.html?file=" + danas).html();
        assertTrue(portal.selectFirst("[role=alert]").text().contains("That Backpack retrieval is not one of this student's"));
        assertNull(portal.selectFirst("table.bp-table"));
        assertEquals(403, parent.postJson("/ws/schema/query/com.utbackpack.backpack.student.course_grades",
                "{\"studentsdcid\": " + dana + ", \"fileid\": " + danas + "}").status(), "not the guardian's student");
    }

    public static long store(Jdbc db, long student, String ssid, String document, Instant at) {
        return db.inTransaction(c -> new BackpackIngest(new ObjectMapper()).store(c, student, 0L, ssid,
                document.getBytes(StandardCharsets.UTF_8), at)).fileId();
    }

    public static long dcid(Jdbc db, String lastName) {
        return db.queryFirst("SELECT DCID FROM STUDENTS WHERE LAST_NAME = ?", rs -> rs.getLong(1), lastName).orElseThrow();
    }

    static Browser staff(Host host) {
        Browser staff = Steps.staff(host, "backpack.admin");
        return staff;
    }

    static Browser guardianOfAvery(Host host, long avery) {
        Browser parent = Steps.guardian(host, "parent.one");
        parent.get("/guardian/backpack.html");
        parent.post("/guardian/select", Map.of("studentsdcid", Long.toString(avery), "back", "/guardian/backpack.html"));
        return parent;
    }

    /** The "Changes since ..." table: element -> [added, removed]. */
    static Map<String, List<Integer>> changes(Document page, String caption) {
        Element table = page.selectFirst("table.bp-changes");
        assertNotNull(table, "a table of changes");
        assertEquals(caption, table.selectFirst("caption").text());
        assertEquals(List.of("Data Element", "Records Added", "Records Removed"), table.select("thead th").eachText());
        Map<String, List<Integer>> changes = new LinkedHashMap<>();
        for (Element row : table.select("tbody tr")) {
            changes.put(row.selectFirst("th").text(), List.of(Integer.parseInt(row.select("td").get(0).text()),
                    Integer.parseInt(row.select("td").get(1).text())));
        }
        return changes;
    }

    /** The data elements table: element -> records. */
    static Map<String, Integer> counts(Document page) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Element row : page.select("table.bp-elements tbody tr")) {
            counts.put(row.selectFirst("th").text(), BackpackDisplayTest.number(row.selectFirst("td").text()));
        }
        return counts;
    }
}
