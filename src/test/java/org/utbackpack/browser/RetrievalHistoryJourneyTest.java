package org.utbackpack.browser;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;
import org.utbackpack.e2e.RetrievalHistoryTest;
import org.utbackpack.host.Host;
import org.utbackpack.plugin.db.Jdbc;
import org.utbackpack.testing.Databases;
import org.utbackpack.testing.TestHost;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Retrieval history and exports in a real browser, by clicks, with axe-core on every page: staff choose an
 * earlier retrieval, drill into it and come back to the latest; a guardian does the same from the portal.
 */
class RetrievalHistoryJourneyTest {

    @RegisterExtension
    final Evidence evidence = new Evidence();
    private final List<String> accessibility = new ArrayList<>();

    @BeforeAll
    static void chromiumIsInstalled() {
        assertTrue(Chrome.available(), "Debian's chromium and chromium-driver must be installed (.ci/run does it)");
    }

    @Test
    void staffAndAGuardianChooseAnEarlierRetrievalAndSeeWhatChanged() throws Exception {
        try (Host host = TestHost.start(Databases.Kind.H2)) {
            Jdbc db = new Jdbc(host.dataSource());
            long avery = RetrievalHistoryTest.dcid(db, "Jensen");
            RetrievalHistoryTest.store(db, avery, "1234561", RetrievalHistoryTest.EARLIER, Instant.parse("2026-10-01T16:00:00Z"));
            RetrievalHistoryTest.store(db, avery, "1234561", RetrievalHistoryTest.LATER, Instant.parse("2026-11-15T17:30:00Z"));

            Chrome staff = evidence.open("staff", host.baseUrl());
            staff.signIn("/admin/pw.html", "backpack.admin", "demo-password");
            staff.openStateInfo("Jensen", "Jensen, Avery");
            staff.click("Student Backpack");
            assertTrue(staff.text().contains("Changes since 10/01/2026 10:00 AM"), staff.text());
            assertTrue(staff.has("Whole Backpack as Ed-Fi JSON (zip for a loader)"), "export links for Request Access");
            check(staff);
            staff.screenshot("retrieval-history-staff-latest");

            new Select(staff.driver().findElement(By.id("bp-file"))).selectByIndex(1);
            staff.click("Show");
            assertTrue(staff.text().contains("You are viewing the Backpack file retrieved 10/01/2026 10:00 AM"), staff.text());
            assertTrue(staff.text().contains("Data elements in the Backpack file retrieved 10/01/2026 10:00 AM"));
            check(staff);
            staff.driver().findElement(By.xpath("//tr[th[normalize-space()='Assessment Results']]//a")).click();
            staff.waitForText("Rows 1–2 of 2", 10);
            check(staff);
            staff.click("Student Backpack"); // the breadcrumb keeps the retrieval
            assertTrue(staff.text().contains("You are viewing the Backpack file retrieved 10/01/2026 10:00 AM"));
            staff.click("Show the latest retrieval");
            assertTrue(staff.text().contains("Data elements in the latest Backpack file"), staff.text());

            Chrome parent = evidence.open("parent", host.baseUrl());
            parent.signIn("/public/home.html", "parent.one", "demo-password");
            parent.click("Student Backpack");
            assertTrue(parent.heading().contains("Avery"), parent.heading());
            assertTrue(parent.text().contains("Changes since 10/01/2026 10:00 AM"), parent.text());
            check(parent);
            new Select(parent.driver().findElement(By.id("bp-file"))).selectByIndex(1);
            parent.click("Show");
            assertEquals("2", parent.driver().findElement(
                    By.xpath("//tr[th[normalize-space()='Assessment Results']]//a")).getText().replaceAll("\\D", ""));
            check(parent);
            parent.screenshot("retrieval-history-guardian-earlier");
            assertEquals(List.of(), accessibility, "serious or critical accessibility problems");
        }
    }

    private void check(Chrome chrome) {
        accessibility.addAll(chrome.accessibilityProblems());
    }
}
