package org.utbackpack.browser;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.utbackpack.host.Host;
import org.utbackpack.plugin.db.Jdbc;
import org.utbackpack.testing.Databases;
import org.utbackpack.testing.TestHost;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The plugin's pages the journeys do not pass through, checked by axe-core for serious or critical
 * WCAG 2.1 AA problems: the access page, a failed request with Retry, the bulk confirmation, the UTREx
 * settings page, and the portal in Spanish.
 */
class PluginPagesAccessibilityTest {

    @RegisterExtension
    final Evidence evidence = new Evidence();

    @Test
    void theRemainingPluginPagesPassAxe() throws Exception {
        assertTrue(Chrome.available(), "Debian's chromium and chromium-driver must be installed");
        try (Host host = TestHost.start(Databases.Kind.H2)) {
            Jdbc db = new Jdbc(host.dataSource());
            long viewer = db.queryFirst("SELECT MIN(ss.DCID) FROM SCHOOLSTAFF ss JOIN USERS u ON u.DCID = ss.USERS_DCID WHERE u.LOGINID = 'backpack.viewer'", rs -> rs.getLong(1)).orElseThrow(); // 005 + SCHOOLSTAFF.DCID
            long dana = db.queryFirst("SELECT DCID FROM STUDENTS WHERE LAST_NAME = 'Nguyen'", rs -> rs.getLong(1)).orElseThrow();
            List<String> problems = new ArrayList<>();

            Chrome parent = evidence.open("parent", host.baseUrl());
            parent.signIn("/public/home.html", "parent.one", "demo-password");
            parent.click("Student Backpack");
            parent.click("Retrieve Backpack File");
            parent.click("Carlos");
            parent.click("Retrieve Backpack File");
            parent.click("Español");
            assertTrue(parent.text().contains("Mochila del Estudiante"));
            problems.addAll(parent.accessibilityProblems());

            Chrome staff = evidence.open("staff", host.baseUrl());
            staff.signIn("/admin/pw.html", "backpack.admin", "demo-password");
            staff.open("/admin/faculty/state/USA_UT/backpack_access.html?frn=005" + viewer);
            problems.addAll(staff.accessibilityProblems());

            staff.click("Special Functions");
            staff.click("Guardian Student Backpack Requests");
            for (var box : staff.driver().findElements(By.cssSelector("input[name=id]"))) {
                box.click();
            }
            staff.click("Approve selected");
            assertTrue(staff.text().contains("Approve these 2 requests?"), staff.text());
            problems.addAll(staff.accessibilityProblems());
            staff.screenshot("bulk-confirmation");
            staff.click("Yes, approve them");
            // one school's lists: the school the requests were made in, waiting (none now) and decided
            long school = db.queryFirst("SELECT MIN(SCHOOLID) FROM S_UT_STU_BACKPACKREQUEST_C", rs -> rs.getLong(1))
                    .orElseThrow();
            staff.open("/admin/specialfunctions/state/USA_UT/guardian_backpack_requests.html?school=" + school);
            assertTrue(staff.text().contains("No records found"), staff.text());
            staff.click("Decided requests");
            assertTrue(staff.text().contains("Rows 1–2 of 2"), staff.text());
            problems.addAll(staff.accessibilityProblems());
            staff.screenshot("decided-one-school");

            staff.open("/admin/students/state/USA_UT/backpack.html?frn=001" + dana);
            staff.click("Make a Request");
            staff.waitForText("UTREx refused the request: it has no student with SSID", 30);
            problems.addAll(staff.accessibilityProblems());
            staff.screenshot("failed-request");

            staff.open("/admin/utbackpack/utrex_settings.html");
            problems.addAll(staff.accessibilityProblems());
            staff.screenshot("utrex-settings");

            // one school's decided view on a phone: the nine columns scroll inside their box, the page does not widen
            staff.phone(375);
            staff.open("/admin/specialfunctions/state/USA_UT/guardian_backpack_requests.html?school=" + school
                    + "&show=decided");
            assertEquals(0, staff.overflow(375), "the decided view fits a 375 px phone");
            staff.screenshot("phone-375-decided-one-school");
            assertEquals(List.of(), problems);
        }
    }
}
