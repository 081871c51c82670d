package org.utbackpack.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.utbackpack.host.Host;
import org.utbackpack.host.utrex.BackpackGenerator;
import org.utbackpack.host.utrex.SimulatedStudent;
import org.utbackpack.testing.Browser;
import org.utbackpack.testing.Databases;
import org.utbackpack.testing.SharedHosts;
import org.utbackpack.testing.Steps;
import org.utbackpack.testing.TestHost;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The staff and guardian flows with the district on USIMS (utbackpack.source = USIMS_EDFI), over the real
 * host, database and the USIMS Ed-Fi simulator: the same queue, approval, ingest and pages; the file
 * says it came from USIMS; the same student has the same records per data element as UTREx would send;
 * a student without records in the enabled years gets an answer, not retries.
 */
class UsimsBackpackRequestTest {

    /** The demo on USIMS: the plugin reads the state's records over the Ed-Fi API. */
    private static final Map<String, String> ON_USIMS = Map.of("utbackpack.source", "USIMS_EDFI");

    @RegisterExtension
    static final SharedHosts HOSTS = new SharedHosts(ON_USIMS);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String AVERY = "1234561";
    private static final Map<String, String> LABELS = new LinkedHashMap<>();

    static {
        LABELS.put("enrollments", "Student Demographics");
        LABELS.put("courseGrades", "Course Grades");
        LABELS.put("courseHistory", "Course History");
        LABELS.put("sectionAttendance", "Section Attendance");
        LABELS.put("teachers", "Teachers and Qualifications");
        LABELS.put("assessments", "Assessment Results");
    }

    private static Host startOnUsims(Databases.Kind kind, Map<String, String> more) throws Exception {
        Map<String, String> settings = new HashMap<>(ON_USIMS);
        settings.putAll(more);
        return TestHost.start(kind, settings);
    }

    @ParameterizedTest
    @MethodSource("org.utbackpack.testing.Databases#kinds")
    void staffRequestOnUsimsBringsTheRecordsUtrexWouldAndSaysWhereTheyCameFrom(Databases.Kind kind) throws Exception {
        Host host = HOSTS.host(kind);
        assertNotNull(host.usims(), "the demo runs the USIMS simulator");
        Browser browser = Steps.staff(host, "backpack.admin");
        String frn = "001" + GuardianBackpackRequestTest.only(host,
                "SELECT DCID FROM STUDENTS WHERE STATE_STUDENTNUMBER = '" + AVERY + "'");
        String tab = "/admin/students/state/USA_UT/backpack.html?frn=" + frn;
        browser.get(tab);
        Browser.Page pressed = browser.post("/ws/utbackpack/requests", Map.of("frn", frn));
        assertEquals(200, pressed.status());
        assertEquals("RECEIVED", Steps.waitForEnd(browser, frn, Duration.ofSeconds(90)));

        SimulatedStudent avery = host.simulator().student(AVERY).orElseThrow();
        // USIMS holds every load, so its records are today's, as a UTREx Update would bring them
        ObjectNode utrex = BackpackGenerator.generate(avery, LocalDate.now(ZoneId.of("America/Denver")),
                Instant.now(), host.simulator().schools(avery.leaNumber()));
        Document page = browser.get(tab).html();
        for (Map.Entry<String, String> e : LABELS.entrySet()) {
            Element row = page.selectFirst("table.bp-elements th:containsOwn(" + e.getValue() + ")");
            assertNotNull(row, e.getValue());
            assertEquals(String.format("%,d Records (view)", utrex.path(e.getKey()).size()),
                    row.parent().selectFirst("a").text(), e.getKey() + " as UTREx would send it");
        }
        assertTrue(page.text().contains("Retrieved from USIMS on"), page.text());
        assertEquals("USIMS_EDFI", GuardianBackpackRequestTest.only(host, "SELECT SOURCE FROM U_UT_BP_FILE"));
        assertEquals(0, GuardianBackpackRequestTest.stats(host).path("requests").asInt(), "UTREx was not asked");

        Document grades = browser.get(tab + "&element=courseGrades").html();
        assertFalse(grades.select("table.bp-table tbody tr").isEmpty());

        Document settings = browser.get("/admin/utbackpack/utrex_settings.html").html();
        assertEquals("State Connection", settings.selectFirst("h1").text());
        assertTrue(settings.text().contains("USIMS (Ed-Fi API)"), settings.text());
        assertFalse(settings.outerHtml().contains(host.pluginSettings().get("utbackpack.usims.clientSecret")));
        Browser.Page tested = browser.post("/ws/utbackpack/utrex/test", Map.of());
        Element result = tested.html().selectFirst("#utrex-test-result");
        assertNotNull(result, tested.body());
        assertTrue(result.text().startsWith("USIMS issued an access token for key utbackpack-demo-usims, knows LEA 01"
                + " (Wasatch Valley School District) and holds the enabled school years"), result.text());
    }

    @ParameterizedTest
    @MethodSource("org.utbackpack.testing.Databases#kinds")
    void guardianRequestApprovedOnUsimsReachesThePortalWithItsSource(Databases.Kind kind) throws Exception {
        Host host = HOSTS.host(kind);
        Browser parent = Steps.guardian(host, "parent.one");
        parent.get("/guardian/backpack.html");
        parent.post("/ws/utbackpack/guardian/requests", Map.of());

        Browser staff = Steps.staff(host, "backpack.admin");
        String approve = staff.get("/admin/specialfunctions/state/USA_UT/guardian_backpack_requests.html").html()
                .selectFirst("table.bp-table tbody tr button:containsOwn(Approve)").val();
        staff.post("/ws/utbackpack/decisions", Map.of("decide", approve));

        assertEquals("RECEIVED", Steps.waitForGuardian(parent, Duration.ofSeconds(90)));
        Document portal = parent.get("/guardian/backpack.html").html();
        assertTrue(portal.text().contains("Retrieved from USIMS on"), portal.text());
        assertFalse(portal.select("table.bp-elements a").isEmpty(), "the data elements are listed");
    }

    @ParameterizedTest
    @MethodSource("org.utbackpack.testing.Databases#kinds")
    void aStudentWithoutRecordsInTheEnabledYearsGetsAnAnswerAtOnceOnTheTabAndThePortal(Databases.Kind kind) throws Exception {
        try (Host host = startOnUsims(kind, Map.of("utbackpack.usims.schoolYears", "2005-2006"))) {
            Browser browser = Steps.staff(host, "backpack.admin");
            String frn = "001" + GuardianBackpackRequestTest.only(host,
                    "SELECT DCID FROM STUDENTS WHERE STATE_STUDENTNUMBER = '" + AVERY + "'");
            Steps.backpackTab(browser, frn);
            browser.post("/ws/utbackpack/requests", Map.of("frn", frn));
            assertEquals("FAILED", Steps.waitForEnd(browser, frn, Duration.ofSeconds(60)));
            JsonNode status = JSON.readTree(browser.get("/ws/utbackpack/status?frn=" + frn).body());
            assertEquals("USIMS has no Backpack data for this student in the enabled school years.",
                    status.path("lastError").asText(), status.toString());
            Thread.sleep(1000); // more than the forwarder's poll interval: a retry would have read again
            assertEquals(2, usimsStats(host).path("get.studentSchoolAssociations").asInt(),
                    "the records were read once, a page per enabled year: an answer, not a fault to retry");
            Document tab = Steps.backpackTab(browser, frn).html();
            assertTrue(tab.text().contains("The state answered: USIMS has no Backpack data for this student in the"
                    + " enabled school years"), tab.text());
            assertFalse(tab.text().contains("could not be completed"), tab.text());
            assertTrue(tab.select("button:containsOwn(Retry)").isEmpty(), "a retry would get the same answer");

            Browser parent = Steps.guardian(host, "parent.one");
            parent.get("/guardian/backpack.html");
            parent.post("/ws/utbackpack/guardian/requests", Map.of());
            String approve = browser.get("/admin/specialfunctions/state/USA_UT/guardian_backpack_requests.html").html()
                    .selectFirst("table.bp-table tbody tr button:containsOwn(Approve)").val();
            browser.post("/ws/utbackpack/decisions", Map.of("decide", approve));
            assertEquals("FAILED", Steps.waitForGuardian(parent, Duration.ofSeconds(60)));
            Document portal = parent.get("/guardian/backpack.html").html();
            assertTrue(portal.text().contains("The state has no Backpack data for your student in the school years"
                    + " your district has enabled."), portal.text());
            assertFalse(portal.text().contains("could not be completed"), portal.text());
        }
    }

    private static JsonNode usimsStats(Host host) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(host.usims().baseUrl() + "/_stats")).build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body());
    }
}
