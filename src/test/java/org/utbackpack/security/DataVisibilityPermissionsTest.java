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

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Changing who can see a student's data (the SSID, a guardian's parent access, a staff member's Student
 * Backpack Access) takes a permission given through roles, is refused on the server without it, and each
 * change is in System > Audit Trail with who, when, and the old and new value. Staff pages are keyed by the
 * school staff row (005 + SCHOOLSTAFF.DCID), mapped to the account.
 */
class DataVisibilityPermissionsTest {

    /** The tests change an SSID, a guardian's parent access and the Audit Trail: each is put back after a test. */
    @RegisterExtension
    static final SharedHosts HOSTS = new SharedHosts().restoringHostTables("STUDENTS", "GUARDIANSTUDENT", "HOST_AUDIT");

    private static final String STATE_INFO = "/admin/students/state/USA_UT/home.html?frn=001";
    private static final String SSID_POST = "/admin/students/state/USA_UT/ssid";
    private static final String ACCESS_ACCOUNTS = "/admin/students/accessaccounts.html?frn=001";
    private static final String BACKPACK_ACCESS = "/admin/faculty/state/USA_UT/backpack_access.html?frn=005";

    @ParameterizedTest
    @MethodSource("org.utbackpack.testing.Databases#kinds")
    void staffWithoutThePermissionsSeeTheValuesReadOnlyAndTheirPostsAreRefused(Databases.Kind kind) throws Exception {
        Host host = HOSTS.host(kind);
        Jdbc db = new Jdbc(host.dataSource());
        long brooke = dcid(db, "SELECT DCID FROM STUDENTS WHERE LAST_NAME = 'Larsen'");
        long dana = dcid(db, "SELECT DCID FROM STUDENTS WHERE LAST_NAME = 'Nguyen'");
        long parentTwo = dcid(db, "SELECT GUARDIANID FROM GUARDIAN WHERE ACCOUNTID = 'parent.two'");
        for (String login : List.of("backpack.viewer", "no.access")) {
            Browser staff = new Browser(host.baseUrl());
            staff.signIn("/admin/pw.html", login, "demo-password");

            Document stateInfo = staff.get(STATE_INFO + dana).html();
            assertTrue(stateInfo.text().contains("7654324"), "the SSID is shown");
            assertNull(stateInfo.selectFirst("form[action=" + SSID_POST + "]"), login + " gets no SSID form");
            assertTrue(stateInfo.selectFirst("#ssid-readonly").text().contains("permission"), stateInfo.text());
            Browser.Page ssid = staff.post(SSID_POST, Map.of("frn", "001" + brooke, "ssid", "2345678"));
            assertEquals(403, ssid.status(), login);
            assertTrue(ssid.text().contains("You may not change Statewide Student IDs"), ssid.text());
            assertNotNull(ssid.html().selectFirst("p.error-message"), "the host's own error page");

            Document accounts = staff.get(ACCESS_ACCOUNTS + dana).html();
            assertTrue(accounts.text().contains("Linh Nguyen") && accounts.text().contains("Not enabled"), accounts.text());
            assertNull(accounts.selectFirst("input[name=access]"), login + " gets no checkboxes");
            assertNotNull(accounts.selectFirst("#access-readonly"));
            Browser.Page access = staff.post("/admin/students/accessaccounts.html?frn=001" + dana,
                    Map.of("guardian", Long.toString(parentTwo), "access", Long.toString(parentTwo)));
            assertEquals(403, access.status(), login);
            assertTrue(access.text().contains("You may not change parent access"), access.text());

            long viewerRow = schoolStaff(db, "backpack.viewer");
            Browser.Page page = staff.get(BACKPACK_ACCESS + viewerRow);
            assertEquals(200, page.status(), page.text());
            assertTrue(page.text().contains("Ortiz, Sam (backpack.viewer)"), page.text());
            assertNull(page.html().selectFirst("form[action=/ws/utbackpack/staffaccess]"));
            assertTrue(page.html().selectFirst("#access-readonly").text().contains("permission"), page.text());
            Browser.Page grant = staff.post("/ws/utbackpack/staffaccess", Map.of("frn", "005" + viewerRow,
                    "viewAccess", "on", "requestAccess", "on"));
            assertEquals(403, grant.status(), login);
            assertTrue(grant.text().contains("You may not change Student Backpack Access"), grant.text());
        }
        assertEquals(0L, db.queryFirst("SELECT COUNT(*) FROM STUDENTS WHERE STATE_STUDENTNUMBER = '2345678'",
                rs -> rs.getLong(1)).orElseThrow());
        assertFalse(db.queryFirst("SELECT PARENTACCESS FROM GUARDIANSTUDENT WHERE GUARDIANID = ?",
                rs -> rs.getBoolean(1), parentTwo).orElseThrow());
        assertFalse(db.queryFirst("SELECT a.REQUESTACCESS FROM U_UT_BP_STAFFACCESS a JOIN USERS u ON u.DCID = a.USERSDCID"
                + " WHERE u.LOGINID = 'backpack.viewer'", rs -> rs.getBoolean(1)).orElseThrow());
        assertEquals(0L, db.queryFirst("SELECT COUNT(*) FROM HOST_AUDIT WHERE ACTION_CODE NOT LIKE 'plugin.%'",
                rs -> rs.getLong(1)).orElseThrow(), "nothing changed, nothing audited");
    }

    @ParameterizedTest
    @MethodSource("org.utbackpack.testing.Databases#kinds")
    void eachChangeOfWhoCanSeeDataIsInTheAuditTrailWithOldAndNewValues(Databases.Kind kind) throws Exception {
        Host host = HOSTS.host(kind);
        Jdbc db = new Jdbc(host.dataSource());
        long brooke = dcid(db, "SELECT DCID FROM STUDENTS WHERE LAST_NAME = 'Larsen'");
        long dana = dcid(db, "SELECT DCID FROM STUDENTS WHERE LAST_NAME = 'Nguyen'");
        long parentTwo = dcid(db, "SELECT GUARDIANID FROM GUARDIAN WHERE ACCOUNTID = 'parent.two'");
        Browser admin = Steps.staff(host, "backpack.admin");

        admin.get(STATE_INFO + brooke);
        assertEquals(200, admin.post(SSID_POST, Map.of("frn", "001" + brooke, "ssid", "2345678")).status());
        Document accounts = admin.get(ACCESS_ACCOUNTS + dana).html();
        assertNotNull(accounts.selectFirst("input#access-" + parentTwo), "the administrator gets the checkboxes");
        admin.post("/admin/students/accessaccounts.html?frn=001" + dana,
                Map.of("guardian", Long.toString(parentTwo), "access", Long.toString(parentTwo)));
        String trailSoFar = admin.get("/admin/tech/audit.html").text();
        assertTrue(trailSoFar.contains("(none) → 2345678") && trailSoFar.contains("disabled → enabled"), trailSoFar);
        long viewerRow = schoolStaff(db, "backpack.viewer");
        Document form = admin.get(BACKPACK_ACCESS + viewerRow).html();
        assertNotNull(form.selectFirst("form[action=/ws/utbackpack/staffaccess]"));
        Browser.Page granted = admin.post("/ws/utbackpack/staffaccess", Map.of("frn", "005" + viewerRow,
                "viewAccess", "on", "requestAccess", "on"));
        assertTrue(granted.text().contains("Student Backpack access saved."), granted.text());
        admin.post("/ws/utbackpack/staffaccess", Map.of("frn", "005" + viewerRow)); // revoke both

        Document trail = admin.get("/admin/tech/audit.html").html();
        List<String> rows = trail.select("table.audit tbody tr").eachText().stream()
                .filter(r -> !r.contains("Plugin")).toList();
        assertEquals(4, rows.size(), rows.toString());
        assertRow(rows, "Statewide Student ID changed", "Larsen, Brooke", "(none) → 2345678");
        assertRow(rows, "Parent access changed", "Linh Nguyen (parent.two) for Nguyen, Dana", "disabled → enabled");
        assertRow(rows, "Student Backpack Access changed", "Ortiz, Sam (backpack.viewer)",
                "View Access → View and Viewer / Request Access");
        assertRow(rows, "Student Backpack Access changed", "Ortiz, Sam (backpack.viewer)",
                "View and Viewer / Request Access → no access");
        assertTrue(rows.stream().allMatch(r -> r.contains("Pat Morgan") && r.contains("(backpack.admin)")), rows.toString());
        assertEquals(0L, db.queryFirst("SELECT COUNT(*) FROM HOST_AUDIT WHERE CHANGED_AT IS NULL", rs -> rs.getLong(1))
                .orElseThrow(), "every entry says when");

        assertTrue(db.queryFirst("SELECT PARENTACCESS FROM GUARDIANSTUDENT WHERE GUARDIANID = ?",
                rs -> rs.getBoolean(1), parentTwo).orElseThrow());
        assertEquals(0L, db.queryFirst("SELECT COUNT(*) FROM U_UT_BP_STAFFACCESS a JOIN USERS u ON u.DCID = a.USERSDCID"
                + " WHERE u.LOGINID = 'backpack.viewer' AND (a.VIEWACCESS = ? OR a.REQUESTACCESS = ?)",
                rs -> rs.getLong(1), true, true).orElseThrow(), "the revoke took both checkboxes away");
    }

    @ParameterizedTest
    @MethodSource("org.utbackpack.testing.Databases#kinds")
    void staffPagesAreKeyedByTheSchoolStaffRowAndMappedToTheLogin(Databases.Kind kind) throws Exception {
        Host host = HOSTS.host(kind);
        Jdbc db = new Jdbc(host.dataSource());
        long viewerRow = schoolStaff(db, "backpack.viewer");
        long viewerUser = dcid(db, "SELECT DCID FROM USERS WHERE LOGINID = 'backpack.viewer'");
        List<Long> adminRows = db.query("SELECT ss.DCID FROM SCHOOLSTAFF ss JOIN USERS u ON u.DCID = ss.USERS_DCID"
                + " WHERE u.LOGINID = 'backpack.admin' ORDER BY ss.DCID", rs -> rs.getLong(1));
        assertEquals(2, adminRows.size(), "the demo administrator works at two schools");
        assertTrue(viewerRow != viewerUser, "the demo keeps school staff and account numbers apart");

        Browser admin = Steps.staff(host, "backpack.admin");
        Document search = admin.get("/admin/faculty/search.html?q=ortiz").html();
        Element link = search.selectFirst("a:containsOwn(Ortiz, Sam)");
        assertNotNull(link, search.text());
        assertTrue(link.attr("href").endsWith("frn=005" + viewerRow), link.attr("href"));
        Document info = admin.get(link.attr("href")).html();
        assertTrue(info.text().contains("backpack.viewer"), info.text());
        for (long row : adminRows) {
            assertTrue(admin.get("/admin/faculty/home.html?frn=005" + row).text().contains("backpack.admin"));
        }

        Element access = info.selectFirst("a:containsOwn(Student Backpack Access)");
        assertNotNull(access, "the State Report Information link");
        assertTrue(access.attr("href").endsWith("frn=005" + viewerRow), access.attr("href"));
        assertTrue(admin.get(access.attr("href")).text().contains("Ortiz, Sam (backpack.viewer)"));
        admin.post("/ws/utbackpack/staffaccess", Map.of("frn", "005" + viewerRow, "requestAccess", "on"));
        assertTrue(db.queryFirst("SELECT REQUESTACCESS FROM U_UT_BP_STAFFACCESS WHERE USERSDCID = ?",
                rs -> rs.getBoolean(1), viewerUser).orElseThrow(), "the checkbox belongs to the row's login");
        assertEquals(404, admin.post("/ws/utbackpack/staffaccess", Map.of("frn", "005999999")).status());
    }

    private static void assertRow(List<String> rows, String action, String subject, String change) {
        assertTrue(rows.stream().anyMatch(r -> r.contains(action) && r.contains(subject) && r.contains(change)),
                action + " / " + subject + " / " + change + " in " + rows);
    }

    private static long dcid(Jdbc db, String sql) {
        return db.queryFirst(sql, rs -> rs.getLong(1)).orElseThrow();
    }

    private static long schoolStaff(Jdbc db, String login) {
        return db.queryFirst("SELECT MIN(ss.DCID) FROM SCHOOLSTAFF ss JOIN USERS u ON u.DCID = ss.USERS_DCID"
                + " WHERE u.LOGINID = ?", rs -> rs.getLong(1), login).orElseThrow();
    }
}
