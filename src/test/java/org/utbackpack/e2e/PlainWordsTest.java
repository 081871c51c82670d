package org.utbackpack.e2e;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.utbackpack.host.Host;
import org.utbackpack.plugin.db.Jdbc;
import org.utbackpack.testing.Browser;
import org.utbackpack.testing.Databases;
import org.utbackpack.testing.SharedHosts;
import org.utbackpack.testing.Steps;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What staff and guardians read is words, not the product's internals: a missing SSID explained before any
 * click, the disclosure log and retrieval history without element keys or request numbers, error pages
 * instead of JSON after a form, and a way home from a guardian's Access Denied page.
 */
class PlainWordsTest {

    @RegisterExtension
    static final SharedHosts HOSTS = new SharedHosts();

    private static final String TAB = "/admin/students/state/USA_UT/backpack.html?frn=001";

    @ParameterizedTest
    @MethodSource("org.utbackpack.testing.Databases#kinds")
    void aStudentWithoutAnSsidIsExplainedBeforeAnyClickAndMakeARequestWaitsForIt(Databases.Kind kind) throws Exception {
        Host host = HOSTS.host(kind);
        long brooke = dcid(host, "Larsen");
        Browser staff = Steps.staff(host, "backpack.admin");
        Document tab = staff.get(TAB + brooke).html();
        Element notice = tab.selectFirst("#bp-no-ssid");
        assertNotNull(notice, "said on arrival");
        assertTrue(notice.text().contains("This student has no Statewide Student ID (SSID), so a Backpack file cannot"
                + " be requested"), notice.text());
        assertEquals("/admin/students/state/USA_UT/home.html?frn=001" + brooke,
                notice.selectFirst("a:containsOwn(Go to the State Info tab)").attr("href"));
        assertNull(tab.selectFirst("button:containsOwn(Make a Request)"), "nothing to press yet");
        assertTrue(tab.text().contains("Make a Request is offered here once the student's Statewide Student ID is"
                + " entered on the State Info tab."), tab.text());

        staff.get("/admin/students/state/USA_UT/home.html?frn=001" + brooke);
        staff.post("/admin/students/state/USA_UT/ssid", Map.of("frn", "001" + brooke, "ssid", "2345678"));
        Document entered = staff.get(TAB + brooke).html();
        assertNull(entered.selectFirst("#bp-no-ssid"));
        assertNotNull(entered.selectFirst("button:containsOwn(Make a Request)"), "offered once the SSID is entered");
    }

    @ParameterizedTest
    @MethodSource("org.utbackpack.testing.Databases#kinds")
    void theDisclosureLogAndRetrievalHistorySpeakInWords(Databases.Kind kind) throws Exception {
        Host host = HOSTS.host(kind);
        long avery = dcid(host, "Jensen");
        Browser staff = Steps.staff(host, "backpack.admin");
        assertEquals("RECEIVED", Steps.requestAndWait(staff, "001" + avery));

        Document tab = staff.get(TAB + avery).html();
        String last = tab.selectFirst("dl.bp-facts dt:containsOwn(Last retrieved) + dd").text();
        assertTrue(last.endsWith("(first retrieval, requested by Pat Morgan)"), last);
        staff.get(TAB + avery + "&element=courseGrades");
        staff.get(TAB + avery + "&view=print");
        staff.get(TAB + avery + "&element=courseGrades&file=" + new Jdbc(host.dataSource())
                .queryFirst("SELECT ID FROM U_UT_BP_FILE", rs -> rs.getLong(1)).orElseThrow());

        staff.postJson("/ws/schema/query/com.utbackpack.backpack.student.course_grades", "{\"studentsdcid\": " + avery + "}");

        Document log = staff.get(TAB + avery + "&view=log").html();
        List<String> details = log.select("table.bp-table tbody tr td:last-child").eachText();
        assertTrue(details.contains("Viewed Course Grades"), details.toString());
        assertTrue(details.contains("Viewed the print view of the Backpack"), details.toString());
        assertTrue(details.contains("Read Course Grades through the PowerQuery API"), details.toString());
        assertTrue(details.stream().anyMatch(d -> d.matches("Viewed Course Grades of the Backpack file retrieved"
                + " \\d\\d/\\d\\d/\\d{4} \\d{1,2}:\\d\\d [AP]M")), details.toString());
        assertFalse(log.text().contains("courseGrades"), "no element keys in the log");
        List<String> requests = log.select("table.bp-table tbody tr td:nth-child(6)").eachText();
        assertTrue(requests.stream().anyMatch(r -> r.matches("Retrieve of \\d\\d/\\d\\d/\\d{4}")), requests.toString());

        // a second retrieval: the history names each by date and how it came, never a request number
        staff.post("/ws/utbackpack/requests", Map.of("frn", "001" + avery));
        assertEquals("RECEIVED", Steps.waitForEnd(staff, "001" + avery, Duration.ofSeconds(60)));
        Document history = staff.get(TAB + avery).html();
        List<String> options = history.select("form.bp-history option").eachText();
        assertEquals(2, options.size(), options.toString());
        assertTrue(options.get(0).matches(".*, update, requested by Pat Morgan \\(latest\\)"), options.toString());
        assertTrue(options.get(1).endsWith(", first retrieval, requested by Pat Morgan"), options.toString());
        assertFalse(history.text().contains("request " + lastRequest(host)), "no request numbers");
    }

    @ParameterizedTest
    @MethodSource("org.utbackpack.testing.Databases#kinds")
    void aRefusedFormGetsAPageNotJsonAndAGuardianIsShownTheWayHome(Databases.Kind kind) throws Exception {
        Host host = HOSTS.host(kind);
        long avery = dcid(host, "Jensen");
        Browser viewer = Steps.staff(host, "backpack.viewer");
        viewer.get(TAB + avery);
        // what a browser's form post of Make a Request gets for someone without Request Access
        HttpResponse<String> refused = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        host.baseUrl().resolve("/ws/utbackpack/requests"))
                .header("Cookie", viewer.cookieHeader())
                .header("Accept", "text/html,application/xhtml+xml,*/*;q=0.8")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("_csrf=" + viewer.csrf() + "&frn=001" + avery)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(403, refused.statusCode());
        assertTrue(refused.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        Document page = Jsoup.parse(refused.body());
        assertEquals("Access Denied", page.selectFirst("h1").text());
        assertTrue(page.selectFirst("[role=alert]").text().contains("You do not have Student Backpack Viewer / Request"
                + " Access"), page.text());
        assertFalse(refused.body().contains("{\"error\""), "no raw JSON");
        // a script still gets JSON
        assertTrue(viewer.post("/ws/utbackpack/requests", Map.of("frn", "001" + avery)).body().startsWith("{\"error\""));

        Browser parent = Steps.guardian(host, "parent.one");
        parent.get("/guardian/home.html");
        Browser.Page denied = parent.post("/guardian/select", Map.of("studentsdcid", Long.toString(dcid(host, "Nguyen"))));
        assertEquals(403, denied.status());
        Element home = denied.html().selectFirst("main a:containsOwn(Back to the Parent Portal home page)");
        assertNotNull(home, denied.text());
        assertEquals("/guardian/home.html", home.attr("href"));
        assertNull(denied.html().selectFirst("main a:containsOwn(Start Page)"), "not the staff Start Page");
    }

    private static long dcid(Host host, String lastName) {
        return new Jdbc(host.dataSource()).queryFirst("SELECT DCID FROM STUDENTS WHERE LAST_NAME = ?",
                rs -> rs.getLong(1), lastName).orElseThrow();
    }

    private static long lastRequest(Host host) {
        return new Jdbc(host.dataSource()).queryFirst("SELECT MAX(ID) FROM S_UT_STU_BACKPACKREQUEST_C",
                rs -> rs.getLong(1)).orElseThrow();
    }
}
