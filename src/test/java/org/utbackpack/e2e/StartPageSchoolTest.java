package org.utbackpack.e2e;

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

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * "On the Start page, click the School link and choose the school in which the student is enrolled. Find
 * and open the student's record." The School link, the search within the chosen school, and the way from
 * a guardian's request to the student's record.
 */
class StartPageSchoolTest {

    @RegisterExtension
    static final SharedHosts HOSTS = new SharedHosts();

    private static final String QUEUE = "/admin/specialfunctions/state/USA_UT/guardian_backpack_requests.html";

    @ParameterizedTest
    @MethodSource("org.utbackpack.testing.Databases#kinds")
    void theSchoolLinkChoosesTheSchoolTheSearchWorksIn(Databases.Kind kind) throws Exception {
        Host host = HOSTS.host(kind);
        Browser staff = new Browser(host.baseUrl());
        Document start = staff.signIn("/admin/pw.html", "backpack.admin", "demo-password").html();
        Element current = start.selectFirst("header .current-school");
        assertNotNull(current, "the current school is shown at the top");
        assertEquals("School: District Office", current.text());
        Element link = current.selectFirst("a:containsOwn(School)");

        Document choice = staff.get(link.attr("href")).html();
        assertEquals(List.of("District Office", "Cedar Ridge Elementary", "Lone Peak High School", "Timberline Junior High"),
                choice.select("form.school-list button").eachText());
        String timberline = choice.selectFirst("form.school-list button:containsOwn(Timberline Junior High)").val();
        Browser.Page chosen = staff.post("/admin/school.html", Map.of("school", timberline));
        assertEquals("/admin/home.html", chosen.uri().getPath(), "back to the Start Page");
        assertEquals("School: Timberline Junior High", chosen.html().selectFirst("header .current-school").text());

        // an empty search lists the school's students, and only them
        Document all = staff.get("/admin/home.html?q=").html();
        assertEquals(List.of("Larsen, Brooke"), names(all));
        assertEquals("Students at Timberline Junior High", all.selectFirst("table.grid caption").text());
        // a student of another school is not found here, and the page says where to look
        Document elsewhere = staff.get("/admin/home.html?q=Jensen").html();
        assertEquals(List.of(), names(elsewhere));
        assertTrue(elsewhere.text().contains("No students at Timberline Junior High match “Jensen”. To search every"
                + " school, choose District Office with the School link."), elsewhere.text());

        staff.post("/admin/school.html", Map.of("school", choice.selectFirst("button:containsOwn(Lone Peak High School)").val()));
        assertEquals(List.of("Jensen, Avery", "Martinez, Carlos"), names(staff.get("/admin/home.html?q=").html()));
        // by Statewide Student ID
        assertEquals(List.of("Martinez, Carlos"), names(staff.get("/admin/home.html?q=1234563").html()));

        staff.post("/admin/school.html", Map.of("school", "0"));
        Document district = staff.get("/admin/home.html?q=").html();
        assertEquals("School: District Office", district.selectFirst("header .current-school").text());
        assertEquals(List.of("Jensen, Avery", "Larsen, Brooke", "Martinez, Carlos", "Nguyen, Dana"), names(district));

        assertEquals(400, staff.post("/admin/school.html", Map.of("school", "999")).status(), "no such school");
        Browser other = Steps.staff(host, "backpack.viewer");
        assertEquals("School: District Office", other.get("/admin/home.html").html()
                .selectFirst("header .current-school").text(), "each staff member's own choice");
    }

    @ParameterizedTest
    @MethodSource("org.utbackpack.testing.Databases#kinds")
    void aStudentNameOnTheGuardianRequestsPageOpensTheStudent(Databases.Kind kind) throws Exception {
        Host host = HOSTS.host(kind);
        Browser parent = Steps.guardian(host, "parent.one");
        parent.get("/guardian/backpack.html");
        parent.post("/ws/utbackpack/guardian/requests", Map.of());

        Browser staff = Steps.staff(host, "backpack.admin");
        Element name = staff.get(QUEUE).html().selectFirst("table.bp-table tbody tr td a:containsOwn(Jensen, Avery)");
        assertNotNull(name, "the student's name is a link");
        Document student = staff.get(name.attr("href")).html();
        assertEquals("Student Summary", student.selectFirst("h1").text());
        assertTrue(student.selectFirst(".student-banner").text().contains("Jensen, Avery"));
    }

    private static List<String> names(Document start) {
        return start.select("table.grid tbody td:first-child a").eachText();
    }
}
