package org.utbackpack.browser;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.utbackpack.host.Host;
import org.utbackpack.plugin.db.Jdbc;
import org.utbackpack.testing.Databases;
import org.utbackpack.testing.TestHost;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

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

    @Test
    void aLongQueueHasNumberedPagesForWhatIsCountedAndNextBeyond() throws Exception {
        try (Host host = TestHost.start(Databases.Kind.H2)) {
            waiting(host, 1_030);
            Chrome staff = evidence.open("staff", host.baseUrl());
            staff.signIn("/admin/pw.html", "backpack.admin", "demo-password");
            staff.click("Special Functions");
            staff.click("Guardian Student Backpack Requests");
            assertEquals("Rows 1–50 of more than 1,000", staff.driver().findElement(By.id("bp-range")).getText());
            // the thousand counted are numbered (1 2 3 … 20), then an ellipsis: there are more, Next reaches them
            assertEquals(List.of("1", "2", "3", "…", "20", "…"), pageNumbers(staff));
            assertEquals("1", current(staff));
            WebElement two = staff.driver().findElement(By.cssSelector("nav.bp-pager a[aria-label='Page 2']"));
            // a link the keyboard reaches: it takes the focus, and Enter follows it
            assertEquals(0L, ((JavascriptExecutor) staff.driver()).executeScript("return arguments[0].tabIndex", two));
            ((JavascriptExecutor) staff.driver()).executeScript("arguments[0].scrollIntoView(); arguments[0].focus();", two);
            assertEquals(two, staff.driver().switchTo().activeElement());
            new Actions(staff.driver()).sendKeys(Keys.ENTER).perform();
            new WebDriverWait(staff.driver(), Duration.ofSeconds(10)).until(d -> "2".equals(current(staff)));
            assertEquals("Rows 51–100 of more than 1,000", staff.driver().findElement(By.id("bp-range")).getText());
            showPager(staff);
            look(staff, "walk-12-long-queue-page-2");
            staff.driver().findElement(By.cssSelector("nav.bp-pager a[aria-label='Page 20']")).click();
            new WebDriverWait(staff.driver(), Duration.ofSeconds(10)).until(d -> "20".equals(current(staff)));
            staff.click("Next page");
            assertEquals("Rows 1,001–1,030 of 1,030", staff.driver().findElement(By.id("bp-range")).getText());
            assertEquals("21", current(staff));
            assertEquals(List.of("1", "…", "19", "20", "21"), pageNumbers(staff), "counted to the end: the last is known");
            assertFalse(staff.has("Next page"));
            showPager(staff);
            look(staff, "walk-13-long-queue-last-page");
            assertClean();
        }
    }

    /** The screenshot shows the page numbers, at the foot of the list. */
    private static void showPager(Chrome chrome) {
        ((JavascriptExecutor) chrome.driver()).executeScript("document.querySelector('nav.bp-pager').scrollIntoView(false)");
    }

    private static List<String> pageNumbers(Chrome chrome) {
        return chrome.driver().findElements(By.cssSelector("nav.bp-pager .bp-pages li")).stream()
                .map(li -> li.getAttribute("textContent").trim()).toList();
    }

    private static String current(Chrome chrome) {
        List<WebElement> marked = chrome.driver().findElements(By.cssSelector("nav.bp-pager [aria-current=page]"));
        return marked.isEmpty() ? "" : marked.get(0).getText();
    }

    /** Guardian requests waiting for a decision, one a minute apart, straight into the table. */
    private static void waiting(Host host, int count) throws Exception {
        Jdbc db = new Jdbc(host.dataSource());
        long guardian = db.queryFirst("SELECT GUARDIANID FROM GUARDIAN WHERE ACCOUNTID = 'parent.one'", rs -> rs.getLong(1))
                .orElseThrow();
        long avery = db.queryFirst("SELECT DCID FROM STUDENTS WHERE LAST_NAME = 'Jensen'", rs -> rs.getLong(1)).orElseThrow();
        Instant start = Instant.now().minus(Duration.ofDays(2));
        try (Connection c = host.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO S_UT_STU_BACKPACKREQUEST_C (STUDENTSDCID, GUARDIANID, REQUESTDATE, STATUS, STATE, ATTEMPTS,"
                        + " NEXTATTEMPTAT, SSID, CORRELATIONID, WHENCREATED, WHOCREATED)"
                        + " VALUES (?, ?, ?, 'Retrieve', 'PENDING', 0, ?, '1234561', ?, ?, 'test')")) {
            for (int i = 0; i < count; i++) {
                Timestamp at = Timestamp.from(start.plus(Duration.ofMinutes(i)));
                ps.setLong(1, avery);
                ps.setLong(2, guardian);
                ps.setTimestamp(3, at);
                ps.setTimestamp(4, at);
                ps.setString(5, UUID.randomUUID().toString());
                ps.setTimestamp(6, at);
                ps.addBatch();
            }
            ps.executeBatch();
            if (!c.getAutoCommit()) {
                c.commit();
            }
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
