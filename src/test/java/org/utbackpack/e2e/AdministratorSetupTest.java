package org.utbackpack.e2e;

import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.utbackpack.host.Host;
import org.utbackpack.testing.Browser;
import org.utbackpack.testing.Databases;
import org.utbackpack.testing.SharedHosts;
import org.utbackpack.testing.Steps;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The setup the source document's "Enabling Student Backpack File Access" asks for, done by clicks over
 * the real host: the SSID on the State Info tab, parent access on Access Accounts, and a new staff
 * account with its Information page. Each change is in the audit trail.
 */
class AdministratorSetupTest {

    @RegisterExtension
    static final SharedHosts HOSTS = new SharedHosts();

    @ParameterizedTest
    @MethodSource("org.utbackpack.testing.Databases#kinds")
    void enteringBrookeLarsensSsidOnTheStateInfoTabLetsStaffMakeARequest(Databases.Kind kind) throws Exception {
        Host host = HOSTS.host(kind);
        Browser admin = Steps.staff(host, "backpack.admin");
        String frn = Steps.frnOf(admin, "Larsen", "Larsen, Brooke");
        Steps.backpackTab(admin, frn);
        Browser.Page refused = admin.post("/ws/utbackpack/requests", Map.of("frn", frn));
        Element fix = refused.html().selectFirst("[role=alert] a");
        assertNotNull(fix, "the missing-SSID message links to where it is entered");

        Document tab = admin.get(fix.attr("href")).html();
        assertEquals("State Info", tab.selectFirst("#state-tabs a[aria-current=page]").text());
        assertNotNull(tab.selectFirst("label[for=ssid]:containsOwn(Statewide Student ID)"));

        Browser.Page tooShort = submitSsid(admin, tab, "12345");
        assertTrue(AdminSteps.flash(tooShort).text().contains("exactly seven digits"), tooShort.text());
        assertEquals("12345", tooShort.html().selectFirst("input#ssid").val(), "what was typed is kept");
        assertEquals("true", tooShort.html().selectFirst("input#ssid").attr("aria-invalid"));

        Browser.Page taken = submitSsid(admin, tooShort.html(), "1234561");
        assertTrue(AdminSteps.flash(taken).text().contains("SSID 1234561 already belongs to Jensen, Avery"),
                taken.text());
        assertEquals(null, AdminSteps.text(host, "SELECT STATE_STUDENTNUMBER FROM STUDENTS WHERE DCID = ?",
                Long.parseLong(frn.substring(3))), "nothing saved");

        Browser.Page saved = submitSsid(admin, taken.html(), " 2345678 ");
        assertEquals("status", AdminSteps.flash(saved).attr("role"));
        assertTrue(AdminSteps.flash(saved).text().contains("Statewide Student ID saved: 2345678."), saved.text());
        assertTrue(saved.html().selectFirst("dl.facts").text().contains("2345678"));
        assertFalse(admin.get(fix.attr("href")).text().contains("saved: 2345678"), "the outcome shows once");

        Steps.backpackTab(admin, frn);
        Browser.Page requested = admin.post("/ws/utbackpack/requests", Map.of("frn", frn));
        assertEquals(200, requested.status());
        assertTrue(requested.uri().getQuery().contains("notice=requested"), requested.uri().toString());
        assertEquals(1, StaffBackpackRequestTest.requestsFor(host, Long.parseLong(frn.substring(3))),
                "the request is queued");
        assertEquals("2345678", AdminSteps.text(host,
                "SELECT SSID FROM S_UT_STU_BACKPACKREQUEST_C WHERE STUDENTSDCID = ?", Long.parseLong(frn.substring(3))));

        String audit = admin.get("/admin/tech/audit.html").text();
        assertTrue(audit.contains("Statewide Student ID changed") && audit.contains("Larsen, Brooke")
                && audit.contains("(none) → 2345678"), audit);
    }

    @ParameterizedTest
    @MethodSource("org.utbackpack.testing.Databases#kinds")
    void enablingParentAccessLetsParentTwoSignInAndDisablingItSignsThemOut(Databases.Kind kind) throws Exception {
        Host host = HOSTS.host(kind);
        Browser parent = new Browser(host.baseUrl());
        Browser.Page before = parent.signIn("/public/home.html", "parent.two", "demo-password");
        assertEquals("/public/home.html", before.uri().getPath());
        assertTrue(before.text().contains("Parent access is not enabled"), before.text());

        Browser admin = Steps.staff(host, "backpack.admin");
        String frn = Steps.frnOf(admin, "Nguyen", "Nguyen, Dana");
        Document student = admin.get("/admin/students/home.html?frn=" + frn).html();
        Element link = student.selectFirst("nav.leftnav a:containsOwn(Access Accounts)");
        assertNotNull(link, "the student's left navigation holds Access Accounts");
        Document accounts = admin.get(link.attr("href")).html();
        Element box = accounts.selectFirst("input[type=checkbox][name=access]");
        assertNotNull(box);
        assertFalse(box.hasAttr("checked"));
        assertNotNull(accounts.selectFirst("label[for=" + box.id() + "]"), "the checkbox has a label");
        assertTrue(box.closest("tr").text().contains("Linh Nguyen"));

        Browser.Page on = saveAccess(admin, accounts, true);
        assertTrue(AdminSteps.flash(on).text().contains("Parent access enabled for Linh Nguyen."), on.text());
        assertTrue(on.html().selectFirst("input[type=checkbox][name=access]").hasAttr("checked"));

        Browser.Page signedIn = parent.signIn("/public/home.html", "parent.two", "demo-password");
        assertEquals("/guardian/home.html", signedIn.uri().getPath(), "the sign-in succeeds");
        Element backpack = signedIn.html().selectFirst("nav.leftnav a:containsOwn(Student Backpack)");
        assertNotNull(backpack, "Account Preferences > Student Backpack");
        assertTrue(parent.get(backpack.attr("href")).text().contains("Dana"));
        Browser.Page requested = parent.post("/ws/utbackpack/guardian/requests", Map.of());
        assertEquals(200, requested.status(), requested.text());
        assertEquals("Retrieve", AdminSteps.text(host, "SELECT r.STATUS FROM S_UT_STU_BACKPACKREQUEST_C r"
                + " JOIN GUARDIAN g ON g.GUARDIANID = r.GUARDIANID WHERE g.ACCOUNTID = ? AND r.STUDENTSDCID = ?",
                "parent.two", Long.parseLong(frn.substring(3))), "parent.two requested Dana's Backpack");

        Browser.Page off = saveAccess(admin, on.html(), false);
        assertTrue(AdminSteps.flash(off).text().contains("Parent access disabled for Linh Nguyen."), off.text());
        Browser.Page next = parent.get("/guardian/home.html");
        assertEquals("/public/home.html", next.uri().getPath(), "signed out at the next request");

        String audit = admin.get("/admin/tech/audit.html").text();
        assertTrue(audit.contains("Parent access changed") && audit.contains("Linh Nguyen (parent.two) for Nguyen, Dana"),
                audit);
    }

    @Test
    void anAdministratorCreatesAStaffAccountAndReachesItsInformationPage() throws Exception {
        Host host = HOSTS.host(Databases.Kind.H2);
        Browser admin = Steps.staff(host, "backpack.admin");
        Element staffLink = admin.get("/admin/home.html").html().selectFirst("nav.leftnav a:containsOwn(Staff)");
        assertNotNull(staffLink, "Start Page > Staff");
        Document staff = admin.get(staffLink.attr("href")).html();
        assertNotNull(staff.selectFirst("table.grid a:containsOwn(Morgan, Pat)"), "the staff list");
        Element newStaff = staff.selectFirst("a:containsOwn(New Staff)");
        assertNotNull(newStaff);

        Document form = admin.get(newStaff.attr("href")).html();
        for (String field : new String[] {"firstName", "lastName", "loginId", "email", "homeSchool", "password",
                "sysadmin"}) {
            assertNotNull(form.selectFirst("label[for=" + field + "]"), "a label for " + field);
        }
        Map<String, String> fields = new LinkedHashMap<>(Map.of("firstName", "Riley", "lastName", "Chen",
                "loginId", "riley.chen", "email", "riley.chen@wasatch.example.org",
                "homeSchool", form.selectFirst("option:containsOwn(Timberline Junior High)").val(),
                "password", "short"));
        Browser.Page weak = admin.post("/admin/faculty/new.html", fields);
        assertTrue(AdminSteps.flash(weak).text().contains("at least 12 characters"), weak.text());
        assertEquals("riley.chen", weak.html().selectFirst("input#loginId").val(), "what was typed is kept");
        assertEquals("", weak.html().selectFirst("input#password").val(), "never the password");

        fields.put("password", "a-long-initial-password");
        Browser.Page created = admin.post("/admin/faculty/new.html", fields);
        assertTrue(created.uri().getPath().equals("/admin/faculty/home.html")
                && created.uri().getQuery().matches("frn=005\\d+"), created.uri().toString());
        assertTrue(AdminSteps.flash(created).text().contains("Staff account created for Riley Chen"));
        Document info = created.html();
        assertEquals("Information", info.selectFirst("h1").text());
        assertNotNull(info.selectFirst("nav.leftnav a:containsOwn(Information)"), "left nav: Information");
        assertNotNull(info.selectFirst("h2:containsOwn(State Report Information)"));
        assertNotNull(info.selectFirst("ul#state-report-information"), "the slot plugins add their links to");
        assertTrue(info.text().contains("Timberline Junior High"));

        Browser.Page taken = admin.post("/admin/faculty/new.html", fields);
        assertTrue(AdminSteps.flash(taken).text().contains("The username riley.chen is taken"), taken.text());

        Browser riley = new Browser(host.baseUrl());
        assertEquals("/admin/home.html",
                riley.signIn("/admin/pw.html", "riley.chen", "a-long-initial-password").uri().getPath());
        assertEquals(403, riley.get("/admin/faculty/new.html").status(), "only system administrators add staff");
        assertNotNull(riley.get("/admin/faculty/search.html?q=chen").html().selectFirst("a:containsOwn(Chen, Riley)"));

        String audit = admin.get("/admin/tech/audit.html").text();
        assertTrue(audit.contains("Staff account created") && audit.contains("Chen, Riley (riley.chen)"), audit);
        assertEquals(404, admin.get("/admin/faculty/home.html?frn=005999999").status());
    }

    private static Browser.Page submitSsid(Browser browser, Document page, String ssid) {
        Element form = page.selectFirst("form[action=/admin/students/state/USA_UT/ssid]");
        Map<String, String> fields = AdminSteps.fields(form);
        fields.put("ssid", ssid);
        Browser.Page result = browser.post(form.attr("action"), fields);
        assertTrue(result.uri().getPath().endsWith("/admin/students/state/USA_UT/home.html"), result.uri().toString());
        return result;
    }

    private static Browser.Page saveAccess(Browser browser, Document page, boolean on) {
        Element form = page.selectFirst("form:has(input[name=access])");
        Element box = form.selectFirst("input[type=checkbox][name=access]");
        Map<String, String> fields = AdminSteps.fields(form);
        if (on) {
            fields.put("access", box.val());
        }
        return browser.post(form.attr("action"), fields);
    }
}
