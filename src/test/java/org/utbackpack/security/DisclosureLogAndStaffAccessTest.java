package org.utbackpack.security;

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

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The disclosure log (34 CFR 99.32) and the Student Backpack Access checkboxes on a staff record. */
class DisclosureLogAndStaffAccessTest {

    @RegisterExtension
    static final SharedHosts HOSTS = new SharedHosts();

    @ParameterizedTest
    @MethodSource("org.utbackpack.testing.Databases#kinds")
    void everyRequestDecisionForwardReceiptAndViewIsLoggedAndStaffWithRequestAccessCanReadIt(Databases.Kind kind)
            throws Exception {
        Host host = HOSTS.host(kind);
        Jdbc db = new Jdbc(host.dataSource());
        long avery = db.queryFirst("SELECT DCID FROM STUDENTS WHERE LAST_NAME = 'Jensen'", rs -> rs.getLong(1)).orElseThrow();
        Browser parent = Steps.guardian(host, "parent.one");
        parent.get("/guardian/backpack.html");
        parent.post("/ws/utbackpack/guardian/requests", Map.of());
        Browser staff = Steps.staff(host, "backpack.admin");
        String queue = "/admin/specialfunctions/state/USA_UT/guardian_backpack_requests.html";
        String approve = staff.get(queue).html().selectFirst("button:containsOwn(Approve)").val();
        staff.post("/ws/utbackpack/decisions", Map.of("decide", approve));
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline) && !parent.get("/ws/utbackpack/guardian/status").body().contains("RECEIVED")) {
            Thread.sleep(200);
        }
        parent.get("/guardian/backpack.html?element=assessments");
        String tab = "/admin/students/state/USA_UT/backpack.html?frn=001" + avery;
        staff.get(tab);

        List<String> actions = db.query("SELECT ACTION FROM U_UT_BP_AUDIT WHERE STUDENTSDCID = ? ORDER BY ID",
                rs -> rs.getString(1), avery);
        for (String expected : List.of("request", "approve", "forward", "receive", "view")) {
            assertTrue(actions.contains(expected), expected + " in " + actions);
        }
        assertEquals("guardian", db.queryFirst("SELECT ACTORTYPE FROM U_UT_BP_AUDIT WHERE ACTION = 'view'"
                + " AND DETAIL = 'Viewed Assessment Results'", rs -> rs.getString(1)).orElseThrow());
        assertTrue(db.queryFirst("SELECT ONBEHALFOF FROM U_UT_BP_AUDIT WHERE ACTION = 'approve'",
                rs -> rs.getString(1)).orElseThrow().equals("Morgan Jensen (guardian)"));

        Document summary = staff.get(tab).html();
        Element link = summary.selectFirst("a:containsOwn(Disclosure log)");
        assertNotNull(link);
        Document log = staff.get(link.attr("href")).html();
        List<String> rows = log.select("table.bp-table tbody tr").eachText();
        assertTrue(rows.stream().anyMatch(r -> r.contains("Approval") && r.contains("Pat Morgan") && r.contains("Morgan Jensen (guardian)")), rows.toString());
        assertTrue(rows.stream().anyMatch(r -> r.contains("Guardian") && r.contains("View")), rows.toString());
        assertTrue(rows.stream().anyMatch(r -> r.contains("File received")), rows.toString());
        assertNull(log.selectFirst("form[action*=audit]"), "nothing on the page changes the log");

        Browser viewer = Steps.staff(host, "backpack.viewer");
        Document viewerTab = viewer.get(tab + "&view=log").html();
        assertNull(viewerTab.selectFirst("a:containsOwn(Disclosure log)"), "View Access alone does not show the log");
        assertNull(viewerTab.selectFirst("caption:containsOwn(Disclosure log)"));
    }

    @ParameterizedTest
    @MethodSource("org.utbackpack.testing.Databases#kinds")
    void anAdministratorGivesAViewerRequestAccessWithTheCheckboxes(Databases.Kind kind) throws Exception {
        Host host = HOSTS.host(kind);
        Jdbc db = new Jdbc(host.dataSource());
        long viewerDcid = db.queryFirst("SELECT MIN(ss.DCID) FROM SCHOOLSTAFF ss JOIN USERS u ON u.DCID = ss.USERS_DCID"
                + " WHERE u.LOGINID = 'backpack.viewer'", rs -> rs.getLong(1)).orElseThrow(); // the staff page's frn
        String page = "/admin/faculty/state/USA_UT/backpack_access.html?frn=005" + viewerDcid;

        Browser viewer = Steps.staff(host, "backpack.viewer");
        Browser.Page readOnly = viewer.get(page);
        assertEquals(200, readOnly.status());
        assertNull(readOnly.html().selectFirst("input#viewAccess"), "no checkboxes without the permission");
        assertTrue(readOnly.text().contains("not change it"), readOnly.text());

        Browser admin = Steps.staff(host, "backpack.admin");
        Document form = admin.get(page).html();
        Element view = form.selectFirst("input#viewAccess");
        Element request = form.selectFirst("input#requestAccess");
        assertNotNull(form.selectFirst("label[for=viewAccess]:containsOwn(Student Backpack View Access)"));
        assertNotNull(form.selectFirst("label[for=requestAccess]:containsOwn(Student Backpack Viewer / Request Access)"));
        assertTrue(view.hasAttr("checked"));
        assertFalse(request.hasAttr("checked"));
        assertNotNull(form.selectFirst("button:containsOwn(Submit)"));

        Browser.Page saved = admin.post("/ws/utbackpack/staffaccess", Map.of("frn", "005" + viewerDcid,
                "viewAccess", "on", "requestAccess", "on"));
        assertTrue(saved.text().contains("Student Backpack access saved."), saved.text());
        assertTrue(saved.html().selectFirst("input#requestAccess").hasAttr("checked"));
        assertTrue(db.queryFirst("SELECT DETAIL FROM U_UT_BP_AUDIT WHERE ACTION = 'access_change'",
                rs -> rs.getString(1)).orElseThrow().contains("from View Access to View and Viewer / Request Access"));

        long avery = db.queryFirst("SELECT DCID FROM STUDENTS WHERE LAST_NAME = 'Jensen'", rs -> rs.getLong(1)).orElseThrow();
        Document tab = viewer.get("/admin/students/state/USA_UT/backpack.html?frn=001" + avery).html();
        assertNotNull(tab.selectFirst("button:containsOwn(Make a Request)"), "the new access applies at once");

        assertEquals(403, viewer.post("/ws/utbackpack/staffaccess", Map.of("frn", "005" + viewerDcid)).status(),
                "staff without the permission cannot change access, even their own");
        admin.post("/ws/utbackpack/staffaccess", Map.of("frn", "005" + viewerDcid));
        Browser.Page none = viewer.get("/admin/students/state/USA_UT/backpack.html?frn=001" + avery);
        assertEquals(403, none.status(), "unchecking both takes access away");
    }
}
