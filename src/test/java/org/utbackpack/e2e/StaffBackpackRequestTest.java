package org.utbackpack.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.utbackpack.host.Host;
import org.utbackpack.testing.Browser;
import org.utbackpack.testing.Databases;
import org.utbackpack.testing.SharedHosts;
import org.utbackpack.testing.Steps;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The first end-to-end path, over the real host, database and UTREx simulator: a staff member signs
 * in, finds a student, opens State/Province - UT > Student Backpack, presses Make a Request, and sees
 * the six data elements with the record counts of the document UTREx sent.
 */
class StaffBackpackRequestTest {

    @RegisterExtension
    static final SharedHosts HOSTS = new SharedHosts();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> ELEMENT_ARRAYS = new LinkedHashMap<>();

    static {
        ELEMENT_ARRAYS.put("demographics", "enrollments");
        ELEMENT_ARRAYS.put("courseGrades", "courseGrades");
        ELEMENT_ARRAYS.put("courseHistory", "courseHistory");
        ELEMENT_ARRAYS.put("sectionAttendance", "sectionAttendance");
        ELEMENT_ARRAYS.put("teachers", "teachers");
        ELEMENT_ARRAYS.put("assessments", "assessments");
    }

    @ParameterizedTest
    @MethodSource("org.utbackpack.testing.Databases#kinds")
    void staffMemberRequestsAveryJensensBackpackAndSeesEveryDataElement(Databases.Kind kind) throws Exception {
        Host host = HOSTS.host(kind);
        Browser browser = new Browser(host.baseUrl());
        Browser.Page start = browser.signIn("/admin/pw.html", "backpack.admin", "demo-password");
        assertTrue(start.uri().getPath().endsWith("/admin/home.html"), start.uri().toString());
        assertTrue(start.text().contains("Search Students"));

        Document results = browser.get("/admin/home.html?q=Jensen").html();
        Element avery = results.selectFirst("a:containsOwn(Jensen, Avery)");
        assertNotNull(avery, "the search lists Avery Jensen");

        Document studentPage = browser.get(avery.attr("href")).html();
        Element state = studentPage.selectFirst("a:containsOwn(State/Province - UT)");
        assertNotNull(state, "the student's left navigation holds State/Province - UT");

        Document utah = browser.get(state.attr("href")).html();
        assertEquals("Utah State Information", utah.selectFirst("h1").text());
        Element tab = utah.selectFirst("#state-tabs a:containsOwn(Student Backpack)");
        assertNotNull(tab, "the plugin's fragment adds the Student Backpack tab");

        Browser.Page before = browser.get(tab.attr("href"));
        assertTrue(before.text().contains("No Backpack file has been retrieved for this student yet."));
        Element button = before.html().selectFirst("form[action=/ws/utbackpack/requests] button");
        assertNotNull(button);
        assertEquals("Make a Request", button.text());

        String frn = before.html().selectFirst("input[name=frn]").val();
        Browser.Page afterPress = browser.post("/ws/utbackpack/requests", Map.of("frn", frn));
        assertEquals(200, afterPress.status());
        assertTrue(afterPress.uri().getQuery().contains("notice=requested"));

        assertEquals("RECEIVED", Steps.waitForEnd(browser, frn, Duration.ofSeconds(60)));

        Document tabPage = browser.get(tab.attr("href")).html();
        Map<String, Integer> expected = countsInStoredDocument(host, Long.parseLong(frn.substring(3)));
        Map<String, String> labels = Map.of("demographics", "Student Demographics", "courseGrades", "Course Grades",
                "courseHistory", "Course History", "sectionAttendance", "Section Attendance",
                "teachers", "Teachers and Qualifications", "assessments", "Assessment Results");
        for (Map.Entry<String, Integer> e : expected.entrySet()) {
            Element row = tabPage.selectFirst("table.bp-elements th:containsOwn(" + labels.get(e.getKey()) + ")");
            assertNotNull(row, "row for " + e.getKey());
            Element link = row.parent().selectFirst("a");
            assertEquals(String.format("%,d Records (view)", e.getValue()), link.text(), e.getKey());
            assertTrue(link.attr("href").contains("element=" + e.getKey()));
        }
        int total = expected.values().stream().mapToInt(Integer::intValue).sum();
        assertTrue(total >= 300, "a typical Backpack has hundreds of records, got " + total);
        assertTrue(tabPage.text().contains("Last retrieved"));
        assertFalse(tabPage.text().contains("No Backpack file has been retrieved"));

        Document grades = browser.get(tab.attr("href") + "&element=courseGrades").html();
        assertNotNull(grades.selectFirst("nav.bp-breadcrumbs a:containsOwn(Student Backpack)"), "breadcrumb back");
        assertEquals("Course Grades", grades.selectFirst("nav.bp-breadcrumbs li[aria-current=page]").text());
        assertFalse(grades.select("table.bp-table tbody tr").isEmpty());
    }

    @ParameterizedTest
    @MethodSource("org.utbackpack.testing.Databases#kinds")
    void requestForAStudentWithoutAnSsidSaysWhereToEnterIt(Databases.Kind kind) throws Exception {
        Host host = HOSTS.host(kind);
        Browser browser = Steps.staff(host, "backpack.admin");
        String frn = Steps.frnOf(browser, "Larsen", "Larsen, Brooke");
        Steps.backpackTab(browser, frn);

        Browser.Page page = browser.post("/ws/utbackpack/requests", Map.of("frn", frn));

        Element alert = page.html().selectFirst("[role=alert]");
        assertNotNull(alert);
        assertTrue(alert.text().contains("no Statewide Student ID"), alert.text());
        assertTrue(alert.text().contains("State Info tab"), alert.text());
        assertNotNull(alert.selectFirst("a[href=/admin/students/state/USA_UT/home.html?frn=" + frn + "]"));
        assertEquals(0, requestsFor(host, Long.parseLong(frn.substring(3))), "nothing was queued");
    }

    @ParameterizedTest
    @MethodSource("org.utbackpack.testing.Databases#kinds")
    void ssidUnknownToUtrexEndsTheRequestWithAReasonStaffCanRead(Databases.Kind kind) throws Exception {
        Host host = HOSTS.host(kind);
        Browser browser = Steps.staff(host, "backpack.admin");
        String frn = Steps.frnOf(browser, "Nguyen", "Nguyen, Dana");
        Steps.backpackTab(browser, frn);
        browser.post("/ws/utbackpack/requests", Map.of("frn", frn));

        assertEquals("FAILED", Steps.waitForEnd(browser, frn, Duration.ofSeconds(30)));
        String text = Steps.backpackTab(browser, frn).text();
        assertTrue(text.contains("UTREx refused the request: it has no student with SSID 7654324."), text);
    }

    @ParameterizedTest
    @MethodSource("org.utbackpack.testing.Databases#kinds")
    void viewerSeesTheTabWithoutMakeARequestAndCannotPostOne(Databases.Kind kind) throws Exception {
        Host host = HOSTS.host(kind);
        Browser viewer = Steps.staff(host, "backpack.viewer");
        String frn = Steps.frnOf(viewer, "Jensen", "Jensen, Avery");
        Browser.Page tab = Steps.backpackTab(viewer, frn);
        assertEquals(200, tab.status());
        assertNull(tab.html().selectFirst("button:containsOwn(Make a Request)"));

        Browser.Page refused = viewer.post("/ws/utbackpack/requests", Map.of("frn", frn));
        assertEquals(403, refused.status());
        assertTrue(refused.text().contains("Viewer / Request Access"), refused.text());
        assertEquals(0, requestsFor(host, Long.parseLong(frn.substring(3))));

        Browser none = Steps.staff(host, "no.access");
        Browser.Page denied = Steps.backpackTab(none, frn);
        assertEquals(403, denied.status());
        assertTrue(denied.text().contains("You do not have Student Backpack View Access"), denied.text());
    }

    @ParameterizedTest
    @MethodSource("org.utbackpack.testing.Databases#kinds")
    void aRequestWithoutTheFormTokenIsRefusedAndQueuesNothing(Databases.Kind kind) throws Exception {
        Host host = HOSTS.host(kind);
        Browser browser = Steps.staff(host, "backpack.admin");
        String frn = Steps.frnOf(browser, "Jensen", "Jensen, Avery");

        assertEquals(403, browser.postRaw("/ws/utbackpack/requests", Map.of("frn", frn)).status());
        assertEquals(403, browser.postRaw("/ws/utbackpack/requests", Map.of("frn", frn, "_csrf", "forged")).status());
        assertEquals(0, requestsFor(host, Long.parseLong(frn.substring(3))));
    }

    static Map<String, Integer> countsInStoredDocument(Host host, long studentDcid) throws Exception {
        try (Connection c = host.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT DOCUMENT FROM U_UT_BP_FILE WHERE STUDENTSDCID = ? ORDER BY ID DESC")) {
            ps.setLong(1, studentDcid);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next(), "a file was stored");
                JsonNode doc = JSON.readTree(rs.getString(1));
                Map<String, Integer> counts = new LinkedHashMap<>();
                ELEMENT_ARRAYS.forEach((element, array) -> counts.put(element, doc.path(array).size()));
                return counts;
            }
        }
    }

    static long requestsFor(Host host, long studentDcid) throws Exception {
        try (Connection c = host.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM S_UT_STU_BACKPACKREQUEST_C WHERE STUDENTSDCID = ?")) {
            ps.setLong(1, studentDcid);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
