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

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Guardian requests from the Parent Portal and their approval on Special Functions > Guardian Student
 * Backpack Requests, over the real host, database and UTREx simulator.
 */
class GuardianBackpackRequestTest {

    @RegisterExtension
    static final SharedHosts HOSTS = new SharedHosts();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String QUEUE = "/admin/specialfunctions/state/USA_UT/guardian_backpack_requests.html";

    @ParameterizedTest
    @MethodSource("org.utbackpack.testing.Databases#kinds")
    void guardianRetrievesStaffApprovesAndTheFileReachesThePortal(Databases.Kind kind) throws Exception {
        Host host = HOSTS.host(kind);
        Browser parent = new Browser(host.baseUrl());
        Browser.Page home = parent.signIn("/public/home.html", "parent.one", "demo-password");
        assertTrue(home.uri().getPath().endsWith("/guardian/home.html"), home.uri().toString());
        Element nav = home.html().selectFirst("nav.leftnav a:containsOwn(Student Backpack)");
        assertNotNull(nav, "Student Backpack under Account Preferences");

        Document page = parent.get(nav.attr("href")).html();
        assertTrue(page.selectFirst("h1").text().contains("Avery Jensen"), page.selectFirst("h1").text());
        Browser.Page pending = parent.post("/ws/utbackpack/guardian/requests", Map.of());
        assertTrue(pending.text().contains("waiting for the school"), pending.text());
        assertNull(pending.html().selectFirst("button:containsOwn(Retrieve Backpack File)"), "no button while waiting");
        assertEquals("Retrieve", only(host, "SELECT STATUS FROM S_UT_STU_BACKPACKREQUEST_C"));

        Browser staff = Steps.staff(host, "backpack.admin");
        Document special = staff.get("/admin/specialfunctions/home.html").html();
        Element link = special.selectFirst("#utah-special-functions a:containsOwn(Guardian Student Backpack Requests)");
        assertNotNull(link);
        Document queue = staff.get(link.attr("href")).html();
        assertEquals(List.of("Select", "Student Name", "Request Guardian", "Request Date", "Request Type", "School", "Actions"),
                queue.select("table.bp-table thead th").eachText());
        Element row = queue.selectFirst("table.bp-table tbody tr");
        assertTrue(row.text().contains("Jensen, Avery") && row.text().contains("Morgan Jensen")
                && row.text().contains("Retrieve"), row.text());
        String approve = row.selectFirst("button:containsOwn(Approve)").val();

        Browser.Page after = staff.post("/ws/utbackpack/decisions", Map.of("decide", approve));
        assertTrue(after.text().contains("1 request approved and queued for UTREx."), after.text());
        assertTrue(after.text().contains("No records found"), after.text());
        assertEquals("Approved", only(host, "SELECT RESPONSETYPE FROM S_UT_STU_BACKPACKREQUEST_C"));

        assertEquals("RECEIVED", Steps.waitForGuardian(parent, Duration.ofSeconds(60)));
        Document arrived = parent.get("/guardian/backpack.html").html();
        assertNotNull(arrived.selectFirst("button:containsOwn(Update Backpack)"));
        assertFalse(arrived.select("table.bp-elements a").isEmpty(), "the data elements are listed");
        Element credentials = arrived.selectFirst("a:containsOwn(Teacher credentials)");
        assertNotNull(credentials, "teacher credentials link at the top");
        Document teachers = parent.get(credentials.attr("href")).html();
        assertEquals("Teachers and Qualifications", teachers.selectFirst("main h2").text());
        assertTrue(teachers.select("table.bp-table thead th").eachText().containsAll(
                List.of("Licenses", "Endorsements", "Degrees", "Years of Experience")));
        assertNotNull(teachers.selectFirst("nav.bp-breadcrumbs a:containsOwn(Student Backpack)"));

        Document tab = staff.get("/admin/students/state/USA_UT/backpack.html?frn=001"
                + only(host, "SELECT STUDENTSDCID FROM S_UT_STU_BACKPACKREQUEST_C")).html();
        Element outcome = tab.selectFirst("table:has(caption:containsOwn(Guardian requests)) tbody tr");
        assertTrue(outcome.text().contains("Approved; file received"), outcome.text());
    }

    @ParameterizedTest
    @MethodSource("org.utbackpack.testing.Databases#kinds")
    void rejectedRequestIsNeverForwardedAndTheButtonComesBack(Databases.Kind kind) throws Exception {
        Host host = HOSTS.host(kind);
        Browser parent = Steps.guardian(host, "parent.one");
        parent.get("/guardian/backpack.html");
        parent.post("/ws/utbackpack/guardian/requests", Map.of());

        Browser staff = Steps.staff(host, "backpack.admin");
        String reject = staff.get(QUEUE).html().selectFirst("table.bp-table tbody tr button:containsOwn(Reject)").val();
        Browser.Page confirm = staff.post("/ws/utbackpack/decisions", Map.of("decide", reject));
        assertEquals("Reject this request? It will not be sent to UTREx.", confirm.html().selectFirst("#bp-confirm-title").text());
        assertEquals("PENDING", only(host, "SELECT STATE FROM S_UT_STU_BACKPACKREQUEST_C"), "nothing decided before Yes");
        Browser.Page after = staff.post("/ws/utbackpack/decisions", Map.of("action", "reject", "confirmed", "yes",
                "id", reject.replace("reject-", "")));
        assertTrue(after.text().contains("1 request rejected; it will not be sent to UTREx."), after.text());
        assertTrue(after.text().contains("No records found"), after.text());

        Document page = parent.get("/guardian/backpack.html").html();
        assertTrue(page.text().contains("was not approved"), page.text());
        assertTrue(page.text().contains("contact your student's school"), page.text());
        assertNotNull(page.selectFirst("button:containsOwn(Retrieve Backpack File)"), "the button is back");

        Thread.sleep(1500); // more than the forwarder's poll interval
        String correlation = only(host, "SELECT CORRELATIONID FROM S_UT_STU_BACKPACKREQUEST_C");
        JsonNode stats = stats(host);
        assertFalse(stats.path("submits").has(correlation), "UTREx never saw the rejected request: " + stats);
        assertEquals("REJECTED", only(host, "SELECT STATE FROM S_UT_STU_BACKPACKREQUEST_C"));
    }

    @ParameterizedTest
    @MethodSource("org.utbackpack.testing.Databases#kinds")
    void severalRequestsAreApprovedTogetherAfterAConfirmation(Databases.Kind kind) throws Exception {
        Host host = HOSTS.host(kind);
        Browser parent = Steps.guardian(host, "parent.one");
        Document page = parent.get("/guardian/backpack.html").html();
        parent.post("/ws/utbackpack/guardian/requests", Map.of());
        Element other = page.selectFirst("nav.student-switch button:containsOwn(Carlos)");
        assertNotNull(other, "parent.one can switch to Carlos");
        String carlos = other.parent().selectFirst("input[name=studentsdcid]").val();
        Document switched = parent.post("/guardian/select", Map.of("studentsdcid", carlos, "back", "/guardian/backpack.html")).html();
        assertTrue(switched.selectFirst("h1").text().contains("Carlos Martinez"));
        parent.post("/ws/utbackpack/guardian/requests", Map.of());

        Browser staff = Steps.staff(host, "backpack.admin");
        Document queue = staff.get(QUEUE).html();
        List<String> ids = queue.select("table.bp-table tbody input[name=id]").eachAttr("value");
        assertEquals(2, ids.size());

        String form = "_csrf=" + staff.csrf() + "&action=approve&id=" + ids.get(0) + "&id=" + ids.get(1);
        Browser.Page confirm = staff.postForm("/ws/utbackpack/decisions", form);
        Element box = confirm.html().selectFirst("section.bp-confirm");
        assertNotNull(box, "a confirmation comes first");
        assertEquals(2, box.select("li").size());
        assertEquals("PENDING", only(host, "SELECT MIN(STATE) FROM S_UT_STU_BACKPACKREQUEST_C"));

        Browser.Page done = staff.postForm("/ws/utbackpack/decisions", form + "&confirmed=yes");
        assertTrue(done.text().contains("2 requests approved and queued for UTREx."), done.text());
        assertEquals("0", only(host, "SELECT COUNT(*) FROM S_UT_STU_BACKPACKREQUEST_C WHERE RESPONSETYPE IS NULL"));
    }

    /**
     * At the start of a school year the queue is long: the page does not count every waiting request on each
     * view, says "more than 1,000", and Next still leads to the last of them.
     */
    @ParameterizedTest
    @MethodSource("org.utbackpack.testing.Databases#kinds")
    void aLongQueueSaysMoreThanAThousandAndNextStillReachesEveryRequest(Databases.Kind kind) throws Exception {
        Host host = HOSTS.host(kind);
        long guardian = Long.parseLong(only(host, "SELECT GUARDIANID FROM GUARDIAN WHERE ACCOUNTID = 'parent.one'"));
        long avery = Long.parseLong(only(host, "SELECT DCID FROM STUDENTS WHERE LAST_NAME = 'Jensen'"));
        waiting(host, guardian, avery, 1_030);

        Browser staff = Steps.staff(host, "backpack.admin");
        Document first = staff.get(QUEUE).html();
        assertEquals("Rows 1–50 of more than 1,000", first.selectFirst("#bp-range").text());
        assertEquals(50, first.select("table.bp-table tbody tr").size());

        Document twentieth = staff.get(QUEUE + "?page=20").html();
        assertEquals("Rows 951–1,000 of more than 1,000", twentieth.selectFirst("#bp-range").text());
        Element next = twentieth.selectFirst("a[rel=next]");
        assertNotNull(next, "Next past the first thousand");

        Document last = staff.get(next.attr("href")).html();
        assertEquals("Rows 1,001–1,030 of 1,030", last.selectFirst("#bp-range").text());
        assertEquals(30, last.select("table.bp-table tbody tr").size());
        assertNull(last.selectFirst("a[rel=next]"), "the last page has no Next");
        assertNotNull(last.selectFirst("a[rel=prev]"));

        // one school's queue: Avery's school has them all, on every page and again on the first, another none
        String school = only(host, "SELECT SCHOOLID FROM STUDENTS WHERE DCID = " + avery);
        String other = only(host, "SELECT MIN(ID) FROM SCHOOLS WHERE ID <> " + school);
        Map<Integer, String> ranges = Map.of(1, "Rows 1–50 of more than 1,000", 20, "Rows 951–1,000 of more than 1,000",
                21, "Rows 1,001–1,030 of 1,030");
        for (int page : new int[] {1, 20, 21, 1}) {
            Document hers = staff.get(QUEUE + "?school=" + school + "&page=" + page).html();
            assertEquals(ranges.get(page), hers.selectFirst("#bp-range").text(), "page " + page);
        }
        Element otherRange = staff.get(QUEUE + "?school=" + other).html().selectFirst("#bp-range");
        assertTrue(otherRange == null || !otherRange.text().contains("1,030"), "another school's queue: " + otherRange);

        // a year of decisions: the decided list is counted the same way, the latest decision first, for the
        // district and for the school (the waiting requests, with no decision, are in neither)
        decided(host, guardian, avery, 1_030);
        for (String filter : List.of("", "school=" + school + "&")) {
            for (int page : new int[] {1, 20, 21, 1}) {
                Document d = staff.get(QUEUE + "?" + filter + "show=decided&page=" + page).html();
                assertEquals(ranges.get(page), d.selectFirst("#bp-range").text(), filter + " decided, page " + page);
                if (page == 1) {
                    assertEquals("Student Backpack request " + 1_029, d.selectFirst("table.bp-decided tbody tr")
                            .select("td").last().text(), "the latest decision first");
                }
            }
        }
        Element otherDecided = staff.get(QUEUE + "?school=" + other + "&show=decided").html().selectFirst("#bp-range");
        assertTrue(otherDecided == null || !otherDecided.text().contains("1,030"), "another school's: " + otherDecided);
    }

    /** Guardian requests waiting for a decision, one a minute apart, straight into the table as the plugin writes them. */
    private static void waiting(Host host, long guardian, long student, int count) throws Exception {
        requests(host, guardian, student, count, false);
    }

    /** Guardian requests staff rejected, one a minute apart, the last decided last, each reason numbered. */
    private static void decided(Host host, long guardian, long student, int count) throws Exception {
        requests(host, guardian, student, count, true);
    }

    private static void requests(Host host, long guardian, long student, int count, boolean rejected) throws Exception {
        Instant start = Instant.now().minus(Duration.ofDays(2));
        try (Connection c = host.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO S_UT_STU_BACKPACKREQUEST_C (STUDENTSDCID, SCHOOLID, GUARDIANID, REQUESTDATE, STATUS, STATE,"
                        + " RESPONSETYPE, RESPONDEDAT, RESPONSEREASON, ATTEMPTS, NEXTATTEMPTAT, SSID, CORRELATIONID,"
                        + " WHENCREATED, WHOCREATED) VALUES (?, (SELECT SCHOOLID FROM STUDENTS WHERE DCID = ?), ?, ?,"
                        + " 'Retrieve', ?, ?, ?, ?, 0, ?, '1234561', ?, ?, 'test')")) {
            for (int i = 0; i < count; i++) {
                java.sql.Timestamp at = java.sql.Timestamp.from(start.plus(Duration.ofMinutes(i)));
                ps.setLong(1, student);
                ps.setLong(2, student);
                ps.setLong(3, guardian);
                ps.setTimestamp(4, at);
                ps.setString(5, rejected ? "REJECTED" : "PENDING");
                ps.setString(6, rejected ? "Rejected" : null);
                ps.setTimestamp(7, rejected ? java.sql.Timestamp.from(at.toInstant().plus(Duration.ofHours(1))) : null);
                ps.setString(8, rejected ? "Student Backpack request " + i : null);
                ps.setTimestamp(9, rejected ? null : at);
                ps.setString(10, java.util.UUID.randomUUID().toString());
                ps.setTimestamp(11, at);
                ps.addBatch();
            }
            ps.executeBatch();
            if (!c.getAutoCommit()) {
                c.commit();
            }
        }
    }

    @ParameterizedTest
    @MethodSource("org.utbackpack.testing.Databases#kinds")
    void twoStaffApprovingTheSameRequestAtOnceForwardItOnce(Databases.Kind kind) throws Exception {
        Host host = HOSTS.host(kind);
        Browser parent = Steps.guardian(host, "parent.one");
        parent.get("/guardian/backpack.html");
        // a double click: the second press finds the first request open
        parent.post("/ws/utbackpack/guardian/requests", Map.of());
        parent.post("/ws/utbackpack/guardian/requests", Map.of());
        assertEquals("1", only(host, "SELECT COUNT(*) FROM S_UT_STU_BACKPACKREQUEST_C"));

        List<Browser> staff = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Browser b = Steps.staff(host, "backpack.admin");
            b.get(QUEUE);
            staff.add(b);
        }
        String id = only(host, "SELECT ID FROM S_UT_STU_BACKPACKREQUEST_C");
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<Browser.Page>> presses = new ArrayList<>();
        for (Browser b : staff) {
            Callable<Browser.Page> press = () -> {
                go.await();
                return b.post("/ws/utbackpack/decisions", Map.of("decide", "approve-" + id));
            };
            presses.add(pool.submit(press));
        }
        go.countDown();
        int approved = 0;
        for (Future<Browser.Page> f : presses) {
            if (f.get().text().contains("1 request approved")) {
                approved++;
            }
        }
        pool.shutdown();
        assertEquals(1, approved, "exactly one approval lands");
        assertEquals("RECEIVED", Steps.waitForGuardian(parent, Duration.ofSeconds(60)));
        String correlation = only(host, "SELECT CORRELATIONID FROM S_UT_STU_BACKPACKREQUEST_C");
        assertEquals(1, stats(host).path("submits").path(correlation).asInt(), "forwarded once");
        assertEquals("1", only(host, "SELECT COUNT(*) FROM U_UT_BP_FILE"));
        assertEquals("1", only(host, "SELECT COUNT(*) FROM U_UT_BP_AUDIT WHERE ACTION = 'approve'"));
    }

    @ParameterizedTest
    @MethodSource("org.utbackpack.testing.Databases#kinds")
    void emptyQueueSaysNoRecordsFoundAndGuardiansStayInTheirLane(Databases.Kind kind) throws Exception {
        Host host = HOSTS.host(kind);
        Browser staff = Steps.staff(host, "backpack.admin");
        assertTrue(staff.get(QUEUE).text().contains("No records found"));

        Browser two = new Browser(host.baseUrl());
        Browser.Page refused = two.signIn("/public/home.html", "parent.two", "demo-password");
        assertTrue(refused.uri().getPath().endsWith("/public/home.html"));
        assertTrue(refused.text().contains("Parent access is not enabled"), refused.text());
        assertEquals(302, statusWithoutRedirect(host.baseUrl().resolve("/guardian/backpack.html")));

        Browser one = Steps.guardian(host, "parent.one");
        String dana = Steps.frnOf(staff, "Nguyen", "Nguyen, Dana").substring(3);
        one.get("/guardian/backpack.html");
        assertEquals(403, one.post("/guardian/select", Map.of("studentsdcid", dana)).status());
        Browser.Page query = one.postJson("/ws/schema/query/com.utbackpack.backpack.student.latest_file",
                "{\"studentsdcid\": " + dana + "}");
        assertEquals(403, query.status());
        Browser.Page staffPage = one.get("/admin/students/state/USA_UT/backpack.html?frn=001" + dana);
        assertEquals("/admin/pw.html", staffPage.uri().getPath(), "a guardian is sent to the staff sign-in");
        assertEquals(403, one.postJson("/ws/schema/query/com.utbackpack.backpack.requests.pending",
                "{\"schoolid\": 0}").status(), "staff queries are not for guardians");
    }

    static JsonNode stats(Host host) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(host.simulator().baseUrl() + "/_stats")).GET().build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body());
    }

    static int statusWithoutRedirect(URI uri) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).GET().build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    static String only(Host host, String sql) throws Exception {
        try (Connection c = host.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql);
             ResultSet rs = ps.executeQuery()) {
            assertTrue(rs.next(), sql);
            String value = rs.getString(1);
            assertFalse(rs.next(), "one row: " + sql);
            return value;
        }
    }
}
