package org.utbackpack.e2e;

import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.utbackpack.host.Host;
import org.utbackpack.plugin.db.Jdbc;
import org.utbackpack.testing.Browser;
import org.utbackpack.testing.Databases;
import org.utbackpack.testing.PluginZips;
import org.utbackpack.testing.Steps;
import org.utbackpack.testing.TestHost;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.utbackpack.e2e.AdminSteps.PLUGIN;

/**
 * A guardian request belongs to the school the student attended when it was made: it is listed there on
 * Special Functions › Guardian Student Backpack Requests, filtered by School, and stays there when the
 * student moves (as the SIS keeps a school on its own records). Requests stored by an earlier version,
 * which kept no school, are given their student's school by Plugin Management › Update, every row kept.
 */
class QueueSchoolUpdateTest {

    private static final String QUEUE = "/admin/specialfunctions/state/USA_UT/guardian_backpack_requests.html";

    @TempDir
    Path temp;

    @ParameterizedTest
    @MethodSource("org.utbackpack.testing.Databases#kinds")
    void aRequestStaysInTheSchoolItWasMadeInAndAnUpdatePlacesOlderOnes(Databases.Kind kind) throws Exception {
        try (Host host = TestHost.start(kind)) {
            Browser parent = Steps.guardian(host, "parent.one");
            parent.get("/guardian/backpack.html");
            parent.post("/ws/utbackpack/guardian/requests", Map.of());
            String avery = AdminSteps.text(host, "SELECT STUDENTSDCID FROM S_UT_STU_BACKPACKREQUEST_C");
            String school = AdminSteps.text(host, "SELECT SCHOOLID FROM STUDENTS WHERE DCID = " + avery);
            String schoolName = AdminSteps.text(host, "SELECT NAME FROM SCHOOLS WHERE ID = " + school);
            String other = AdminSteps.text(host, "SELECT MIN(ID) FROM SCHOOLS WHERE ID <> " + school);
            String otherName = AdminSteps.text(host, "SELECT NAME FROM SCHOOLS WHERE ID = " + other);
            assertEquals(school, AdminSteps.text(host, "SELECT SCHOOLID FROM S_UT_STU_BACKPACKREQUEST_C"));

            Browser staff = AdminSteps.signIn(host, "backpack.admin");
            assertEquals(List.of(schoolName), schools(staff, ""));
            assertEquals(List.of(schoolName), schools(staff, "?school=" + school));
            assertEquals(List.of(), schools(staff, "?school=" + other));

            // the student moves: the request stays where it was made, under that school's name
            Jdbc db = new Jdbc(host.dataSource());
            db.update("UPDATE STUDENTS SET SCHOOLID = ? WHERE DCID = ?", Long.parseLong(other), Long.parseLong(avery));
            assertEquals(List.of(schoolName), schools(staff, "?school=" + school));
            assertEquals(List.of(), schools(staff, "?school=" + other));
            assertEquals(List.of(schoolName), schools(staff, ""));

            // as an earlier version stored it: no school; only the district's list has it
            db.update("UPDATE S_UT_STU_BACKPACKREQUEST_C SET SCHOOLID = NULL");
            assertEquals(List.of(), schools(staff, "?school=" + school));
            assertEquals(List.of(), schools(staff, "?school=" + other));
            String rows = AdminSteps.text(host, "SELECT COUNT(*) FROM S_UT_STU_BACKPACKREQUEST_C");

            String newer = PluginZips.newerVersion(1);
            Browser.Page updated = AdminSteps.update(staff, PLUGIN, PluginZips.build(temp.resolve("newer.zip"), newer));
            assertTrue(AdminSteps.flash(updated).text().contains("updated from " + PluginZips.currentVersion() + " to "
                    + newer), updated.text());

            // the best that is known of where it was made: the student's school when the update ran
            assertEquals(rows, AdminSteps.text(host, "SELECT COUNT(*) FROM S_UT_STU_BACKPACKREQUEST_C"));
            assertEquals(other, AdminSteps.text(host, "SELECT SCHOOLID FROM S_UT_STU_BACKPACKREQUEST_C"));
            assertEquals(List.of(otherName), schools(staff, "?school=" + other));
            assertEquals(List.of(), schools(staff, "?school=" + school));
        }
    }

    /** The School column of every waiting request the queue lists with this filter. */
    private static List<String> schools(Browser staff, String filter) {
        Document page = staff.get(QUEUE + filter).html();
        Element table = page.selectFirst("table.bp-table");
        if (table == null) {
            assertTrue(page.text().contains("No records found"), page.text());
            return List.of();
        }
        return table.select("tbody tr").stream().map(tr -> tr.select("td").get(5).text()).toList();
    }
}
