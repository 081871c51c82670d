package org.utbackpack.browser;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.utbackpack.host.Host;
import org.utbackpack.testing.Databases;
import org.utbackpack.testing.TestHost;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A long Audit Trail has numbered pages beside Newer and Older, the current one marked. */
class AuditTrailPagesTest {

    @RegisterExtension
    final Evidence evidence = new Evidence();

    @BeforeAll
    static void chromiumIsInstalled() {
        assertTrue(Chrome.available(), "Debian's chromium and chromium-driver must be installed (.ci/run does it)");
    }

    @Test
    void aLongAuditTrailIsNumberedAndEachNumberOpensItsPage() throws Exception {
        try (Host host = TestHost.start(Databases.Kind.H2)) {
            changes(host, 420); // with the demo's own, nine pages of 50
            Chrome admin = evidence.open("admin", host.baseUrl());
            admin.signIn("/admin/pw.html", "backpack.admin", "demo-password");
            admin.click("Audit Trail");
            assertEquals(List.of("1", "2", "3", "…", "9"), numbers(admin));
            assertEquals("1", current(admin));
            assertFalse(admin.has("Newer"));
            admin.driver().findElement(By.cssSelector("nav.pager a[aria-label='Page 3']")).click();
            admin.waitForText("page 3 of 9", 10);
            assertEquals(List.of("1", "2", "3", "4", "5", "…", "9"), numbers(admin));
            admin.driver().findElement(By.cssSelector("nav.pager a[aria-label='Page 5']")).click();
            admin.waitForText("page 5 of 9", 10);
            assertEquals("5", current(admin));
            assertEquals(List.of("1", "…", "3", "4", "5", "6", "7", "…", "9"), numbers(admin));
            assertTrue(admin.has("Newer") && admin.has("Older"));
            ((JavascriptExecutor) admin.driver()).executeScript("document.querySelector('nav.pager').scrollIntoView(false)");
            assertEquals(List.of(), admin.accessibilityProblems());
            admin.screenshot("audit-trail-page-5");
            admin.click("9");
            assertEquals("9", current(admin));
            assertFalse(admin.has("Older"), "the last page");
        }
    }

    private static List<String> numbers(Chrome chrome) {
        return chrome.driver().findElements(By.cssSelector("nav.pager .pages li")).stream()
                .map(li -> li.getAttribute("textContent").trim()).toList();
    }

    private static String current(Chrome chrome) {
        List<WebElement> marked = chrome.driver().findElements(By.cssSelector("nav.pager [aria-current=page]"));
        return marked.isEmpty() ? "" : marked.get(0).getText();
    }

    /** Plugin enablings, one a minute apart, straight into the trail. */
    private static void changes(Host host, int count) throws Exception {
        Instant start = Instant.now().minus(Duration.ofDays(3));
        try (Connection c = host.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO HOST_AUDIT (CHANGED_AT, LOGINID, ACTOR_NAME, ACTION_CODE, SUBJECT, DETAIL)"
                        + " VALUES (?, 'backpack.admin', 'Morgan, Pat', 'plugin.enable', 'UT Student Achievement Backpack', ?)")) {
            for (int i = 0; i < count; i++) {
                ps.setTimestamp(1, Timestamp.from(start.plus(Duration.ofMinutes(i))));
                ps.setString(2, "version 0.1." + i);
                ps.addBatch();
            }
            ps.executeBatch();
            if (!c.getAutoCommit()) {
                c.commit();
            }
        }
    }
}
