package org.utbackpack.browser;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.utbackpack.host.Host;
import org.utbackpack.testing.Browser;
import org.utbackpack.testing.Databases;
import org.utbackpack.testing.TestHost;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The product's journeys in a real browser, each by clicks from the sign-in page (no typed addresses
 * after it), with axe-core checking every page they pass through for serious or critical WCAG 2.1 AA
 * problems. The last page of each journey is saved under target/journeys/.
 */
class BrowserJourneyTest {

    @RegisterExtension
    final Evidence evidence = new Evidence();
    private final List<String> accessibility = new ArrayList<>();

    @BeforeAll
    static void chromiumIsInstalled() {
        assertTrue(Chrome.available(), "Debian's chromium and chromium-driver must be installed (.ci/run does it)");
    }

    @Test
    void staffMemberRequestsABackpackAndDrillsIntoIt() throws Exception {
        try (Host host = TestHost.start(Databases.Kind.H2)) {
            Chrome staff = evidence.open("staff", host.baseUrl());
            staff.signIn("/admin/pw.html", "backpack.admin", "demo-password");
            check(staff);
            staff.type("Student name or number", "Jensen");
            staff.click("Search");
            check(staff);
            staff.click("Jensen, Avery");
            check(staff);
            staff.click("State/Province - UT");
            check(staff);
            staff.click("Student Backpack");
            assertTrue(staff.text().contains("No Backpack file has been retrieved"));
            check(staff);
            staff.click("Make a Request");
            staff.waitForText("Records (view)", 60);
            for (String element : List.of("Student Demographics", "Course Grades", "Course History", "Section Attendance",
                    "Teachers and Qualifications", "Assessment Results")) {
                assertTrue(staff.text().contains(element), element);
            }
            check(staff);
            staff.driver().findElement(By.xpath("//tr[th[normalize-space()='Course Grades']]//a")).click();
            assertTrue(staff.text().contains("Rows 1–"), staff.text());
            check(staff);
            staff.click("Student Backpack"); // the breadcrumb
            assertTrue(staff.text().contains("Data elements in the latest Backpack file"));
            staff.click("Disclosure log");
            check(staff);
            staff.screenshot("1-staff-request");
            assertClean();
        }
    }

    @Test
    void guardianAsksStaffApprovesAndTheFileArrivesUsingOnlyTheKeyboard() throws Exception {
        try (Host host = TestHost.start(Databases.Kind.H2)) {
            Chrome parent = evidence.open("parent", host.baseUrl());
            parent.signIn("/public/home.html", "parent.one", "demo-password");
            check(parent);
            parent.tabTo("Student Backpack");
            check(parent);
            parent.tabTo("Retrieve Backpack File");
            parent.waitForText("waiting for the school", 10);
            assertFalse(parent.has("Retrieve Backpack File"), "no second request while one waits");
            String waiting = parent.driver().findElement(By.id("bp-status")).getText();
            assertTrue(java.util.regex.Pattern.compile("Your request of (January|February|March|April|May|June|July"
                    + "|August|September|October|November|December) \\d{1,2}, 20\\d\\d is waiting").matcher(waiting).find(),
                    "the date in words: " + waiting);
            check(parent);

            Chrome staff = evidence.open("staff", host.baseUrl());
            staff.signIn("/admin/pw.html", "backpack.admin", "demo-password");
            staff.click("Special Functions");
            check(staff);
            staff.click("Guardian Student Backpack Requests");
            assertTrue(staff.text().contains("Jensen, Avery"));
            check(staff);
            staff.click("Approve");
            staff.waitForText("No records found", 10);

            parent.waitForButton("Update Backpack", 60); // the page refreshes itself when the file arrives
            check(parent);
            parent.tabTo("Teacher credentials");
            assertEquals("Teachers and Qualifications",
                    parent.driver().findElement(By.cssSelector("main h2")).getText());
            check(parent);
            parent.tabTo("Student Backpack");
            parent.screenshot("2-guardian-approved");
            assertClean();
        }
    }

    @Test
    void rejectedGuardianRequestBringsTheButtonBack() throws Exception {
        try (Host host = TestHost.start(Databases.Kind.H2)) {
            Chrome parent = evidence.open("parent", host.baseUrl());
            parent.signIn("/public/home.html", "parent.one", "demo-password");
            parent.click("Student Backpack");
            parent.click("Retrieve Backpack File");
            parent.waitForText("waiting for the school", 10);

            Chrome staff = evidence.open("staff", host.baseUrl());
            staff.signIn("/admin/pw.html", "backpack.admin", "demo-password");
            staff.click("Special Functions");
            staff.click("Guardian Student Backpack Requests");
            staff.click("Reject");
            staff.click("Yes, reject it");
            staff.waitForText("No records found", 10);
            check(staff);
            staff.screenshot("3-queue-after-reject");

            parent.waitForButton("Retrieve Backpack File", 30);
            assertTrue(parent.text().contains("was not approved"), parent.text());
            check(parent);
            parent.screenshot("3-guardian-rejected");
            assertClean();
        }
    }

    @Test
    void viewerSeesDataWithoutRequestingAndNoAccessIsRefused() throws Exception {
        try (Host host = TestHost.start(Databases.Kind.H2)) {
            retrieveAveryOverHttp(host);
            Chrome viewer = evidence.open("viewer", host.baseUrl());
            viewer.signIn("/admin/pw.html", "backpack.viewer", "demo-password");
            viewer.openStateInfo("Jensen", "Jensen, Avery");
            viewer.click("Student Backpack");
            assertTrue(viewer.text().contains("Records (view)"));
            assertFalse(viewer.has("Make a Request"));
            assertFalse(viewer.has("Disclosure log"));
            check(viewer);
            viewer.screenshot("4-viewer");

            Chrome none = evidence.open("none", host.baseUrl());
            none.signIn("/admin/pw.html", "no.access", "demo-password");
            none.openStateInfo("Jensen", "Jensen, Avery");
            assertFalse(none.has("Student Backpack"), "no Backpack tab without View Access");
            String tab = viewer.driver().getCurrentUrl();
            none.driver().get(tab); // what typing the address gets them
            assertTrue(none.text().contains("You do not have Student Backpack View Access"), none.text());
            check(none);
            none.screenshot("4-no-access");
            assertClean();
        }
    }

    @Test
    void brookeLarsenHasNoStatewideStudentId() throws Exception {
        try (Host host = TestHost.start(Databases.Kind.H2)) {
            Chrome staff = evidence.open("staff", host.baseUrl());
            staff.signIn("/admin/pw.html", "backpack.admin", "demo-password");
            staff.openStateInfo("Larsen", "Larsen, Brooke");
            staff.click("Student Backpack");
            assertFalse(staff.has("Make a Request"), "nothing to request without an SSID");
            String notice = staff.driver().findElement(By.id("bp-no-ssid")).getText();
            assertTrue(notice.contains("no Statewide Student ID"), notice);
            check(staff);
            staff.click("Go to the State Info tab");
            assertEquals("Utah State Information", staff.heading());
            staff.screenshot("5-missing-ssid");
            assertClean();
        }
    }

    private void check(Chrome chrome) {
        accessibility.addAll(chrome.accessibilityProblems());
    }

    private void assertClean() {
        assertEquals(List.of(), accessibility, "serious or critical accessibility problems");
    }

    /** Sets up data for the viewer journey the quick way; the journey itself is by clicks. */
    private static void retrieveAveryOverHttp(Host host) throws Exception {
        Browser admin = new Browser(host.baseUrl());
        admin.signIn("/admin/pw.html", "backpack.admin", "demo-password");
        String href = admin.get("/admin/home.html?q=Jensen").html().selectFirst("a:containsOwn(Jensen, Avery)").attr("href");
        String frn = href.substring(href.indexOf("frn=") + 4);
        admin.get("/admin/students/state/USA_UT/backpack.html?frn=" + frn);
        admin.post("/ws/utbackpack/requests", Map.of("frn", frn));
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)
                && !admin.get("/ws/utbackpack/status?frn=" + frn).body().contains("RECEIVED")) {
            Thread.sleep(200);
        }
    }
}
