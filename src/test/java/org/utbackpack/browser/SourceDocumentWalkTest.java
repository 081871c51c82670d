package org.utbackpack.browser;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.utbackpack.host.Host;
import org.utbackpack.testing.Databases;
import org.utbackpack.testing.TestHost;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The source document's steps, word for word, by the labels it names: "On the Start page, click the School
 * link and choose the school in which the student is enrolled. Find and open the student's record. Click
 * State/Province > UT ... Click the Student Backpack tab ... Click Make a Request", and the processing of
 * a guardian's request on Special Functions > Guardian Student Backpack Requests. Every page is checked
 * with axe-core and saved under target/journeys/walk-*.png.
 */
class SourceDocumentWalkTest {

    @RegisterExtension
    final Evidence evidence = new Evidence();
    private final List<String> accessibility = new ArrayList<>();

    @BeforeAll
    static void chromiumIsInstalled() {
        assertTrue(Chrome.available(), "Debian's chromium and chromium-driver must be installed (.ci/run does it)");
    }

    @Test
    void anAdministratorRequestsABackpackByTheDocumentsSteps() throws Exception {
        try (Host host = TestHost.start(Databases.Kind.H2)) {
            Chrome staff = evidence.open("staff", host.baseUrl());
            staff.signIn("/admin/pw.html", "backpack.admin", "demo-password");
            assertEquals("School: District Office", staff.driver().findElement(By.cssSelector(".current-school")).getText());
            // 1. On the Start page, click the School link and choose the school in which the student is enrolled.
            staff.click("School");
            look(staff, "walk-1-school-link");
            staff.click("Lone Peak High School");
            assertEquals("Start Page", staff.heading());
            assertEquals("School: Lone Peak High School", staff.driver().findElement(By.cssSelector(".current-school")).getText());
            // 2. Find and open the student's record: an empty search lists the school's students.
            staff.click("Search");
            assertTrue(staff.text().contains("Students at Lone Peak High School"), staff.text());
            assertFalse(staff.text().contains("Larsen, Brooke"), "a student of another school is not listed");
            look(staff, "walk-2-school-students");
            staff.click("Jensen, Avery");
            // 3. Click State/Province > UT in the left panel. The Utah State Information page appears.
            staff.click("State/Province - UT");
            assertEquals("Utah State Information", staff.heading());
            // 4. Click the Student Backpack tab.
            staff.click("Student Backpack");
            look(staff, "walk-3-student-backpack");
            // 5. Click Make a Request. The student's Backpack information appears after a few moments.
            staff.click("Make a Request");
            staff.waitForText("Records (view)", 60);
            assertTrue(staff.text().contains("(first retrieval, requested by Pat Morgan)"), staff.text());
            look(staff, "walk-4-backpack-arrived");
            staff.driver().findElement(By.xpath("//tr[th[normalize-space()='Course Grades']]//a")).click();
            assertTrue(staff.text().contains("Rows 1–"), staff.text());
            look(staff, "walk-5-records");
            staff.click("Student Backpack"); // the breadcrumb
            staff.click("Disclosure log");
            assertTrue(staff.text().contains("Viewed Course Grades"), staff.text());
            assertFalse(staff.text().contains("courseGrades"), "element names in words");
            look(staff, "walk-6-disclosure-log");
            assertClean();
        }
    }

    @Test
    void aStudentWithoutAnSsidIsExplainedOnTheTabBeforeAnyClick() throws Exception {
        try (Host host = TestHost.start(Databases.Kind.H2)) {
            Chrome staff = evidence.open("staff", host.baseUrl());
            staff.signIn("/admin/pw.html", "backpack.admin", "demo-password");
            staff.click("School");
            staff.click("Timberline Junior High");
            staff.click("Search");
            staff.click("Larsen, Brooke");
            staff.click("State/Province - UT");
            staff.click("Student Backpack");
            String notice = staff.driver().findElement(By.id("bp-no-ssid")).getText();
            assertTrue(notice.contains("no Statewide Student ID"), notice);
            assertFalse(staff.has("Make a Request"), "not offered until the SSID is entered");
            look(staff, "walk-7-no-ssid");
            staff.click("Go to the State Info tab");
            staff.type("Statewide Student ID (SSID)", "2345678");
            staff.click("Submit");
            staff.click("Student Backpack");
            assertTrue(staff.has("Make a Request"), "offered once the SSID is entered");
            assertClean();
        }
    }

    @Test
    void aGuardianRequestIsRejectedWithAReasonTheGuardianReads() throws Exception {
        try (Host host = TestHost.start(Databases.Kind.H2)) {
            Chrome parent = evidence.open("parent", host.baseUrl());
            parent.signIn("/public/home.html", "parent.one", "demo-password");
            parent.click("Student Backpack");
            parent.click("Retrieve Backpack File");
            parent.waitForText("waiting for the school", 10);

            Chrome staff = evidence.open("staff", host.baseUrl());
            staff.signIn("/admin/pw.html", "backpack.admin", "demo-password");
            // On the Start page, in the left panel, click Special Functions; under Utah Special Functions, click
            // Guardian Student Backpack Requests.
            staff.click("Special Functions");
            staff.click("Guardian Student Backpack Requests");
            look(staff, "walk-8-guardian-requests");
            staff.click("Jensen, Avery"); // the student's name opens the student
            assertEquals("Student Summary", staff.heading());
            staff.click("Special Functions");
            staff.click("Guardian Student Backpack Requests");

            // Select all ticks every request in place (backpack.js); the link works without scripts too
            staff.element("Select all").click();
            WebElement box = staff.driver().findElement(By.cssSelector("table.bp-table tbody input[type=checkbox]"));
            assertTrue(box.isSelected(), "Select all ticked the request");
            assertTrue(staff.has("Clear selection"));
            staff.click("Reject selected");
            assertTrue(staff.text().contains("Reject this request? It will not be sent to UTREx."), staff.text());
            staff.type("Reason for the guardian (optional)", "Please bring a photo ID to the school office first.");
            look(staff, "walk-9-reject-confirmation");
            staff.click("Yes, reject it");
            staff.waitForText("1 request rejected; it will not be sent to UTREx.", 10);
            staff.click("Decided requests");
            assertTrue(staff.text().contains("Please bring a photo ID to the school office first."), staff.text());
            assertTrue(staff.text().contains("Morgan, Pat"), "who decided");
            look(staff, "walk-10-decided-requests");

            parent.waitForButton("Retrieve Backpack File", 30); // If the request is rejected, the button reappears.
            assertTrue(parent.text().contains("The school's reason: Please bring a photo ID to the school office first."),
                    parent.text());
            look(parent, "walk-11-guardian-reason");
            assertClean();
        }
    }

    private void look(Chrome chrome, String shot) {
        accessibility.addAll(chrome.accessibilityProblems());
        chrome.screenshot(shot);
    }

    private void assertClean() {
        assertEquals(List.of(), accessibility, "serious or critical accessibility problems");
    }
}
