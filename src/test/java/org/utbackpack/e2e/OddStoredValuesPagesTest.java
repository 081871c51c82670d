package org.utbackpack.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.utbackpack.host.Host;
import org.utbackpack.host.web.Formats;
import org.utbackpack.plugin.backpack.BackpackIngest;
import org.utbackpack.plugin.backpack.FileSummary;
import org.utbackpack.plugin.db.Jdbc;
import org.utbackpack.testing.Browser;
import org.utbackpack.testing.Databases;
import org.utbackpack.testing.Fixtures;
import org.utbackpack.testing.Steps;
import org.utbackpack.testing.TestHost;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.utbackpack.e2e.BackpackDocumentFaultsTest.latestRequest;
import static org.utbackpack.e2e.BackpackDocumentFaultsTest.signedIn;
import static org.utbackpack.e2e.BackpackDocumentFaultsTest.student;
import static org.utbackpack.e2e.BackpackDocumentFaultsTest.tab;

/**
 * No page answers 500 because of what a stored file holds. A file with every odd value the ingest lets
 * through (blanks, nulls, markup, the ends of each range, strings where lists belong, a teacher no grade
 * names, a proficiency level no chart has) plus values only an older version could have stored (NaN,
 * Infinity, a school year that is not one) is rendered on every page that shows it: the tab, each
 * drill-down sorted by each column, the print view, the disclosure log, the guardian's portal pages and
 * every export. A value that cannot be formatted shows blank with the marker.
 */
class OddStoredValuesPagesTest {

    private static final String AVERY_SSID = "1234561";
    private static final String[][] ELEMENTS = {
            {"demographics", "school_year", "lea", "school", "grade", "entry_date", "exit_date"},
            {"courseGrades", "school_year", "term", "school", "course", "teacher", "mark", "credits_attempted",
                    "credits_earned"},
            {"courseHistory", "school_year", "grade", "school", "course_code", "course", "final_mark",
                    "credits_earned", "concurrent"},
            {"sectionAttendance", "school_year", "school", "section", "course", "membership", "attended", "excused",
                    "unexcused"},
            {"teachers", "school_year", "first_name", "last_name", "licenses", "endorsements", "degrees",
                    "years_experience"},
            {"assessments", "school_year", "test", "subject", "grade", "scale_score", "proficiency"},
    };

    /** Everything here passes the ingest's check. */
    static final String ODD = Fixtures.text("odd-stored-values.json").formatted("L".repeat(5000));

    @ParameterizedTest
    @MethodSource("org.utbackpack.testing.Databases#kinds")
    void everyPageRendersAFileOfOddValuesWithoutFailing(Databases.Kind kind) throws Exception {
        try (Host host = TestHost.start(kind)) {
            Jdbc jdbc = new Jdbc(host.dataSource());
            long avery = student(jdbc, AVERY_SSID);
            Browser staff = signedIn(host);
            assertEquals("RECEIVED", Steps.requestAndWait(staff, "001" + avery), "a first, ordinary file to compare with");
            long requestId = latestRequest(jdbc, avery);
            long file = jdbc.inTransaction(c -> new BackpackIngest(new ObjectMapper()).store(c, avery, requestId,
                    AVERY_SSID, ODD.getBytes(StandardCharsets.UTF_8), Instant.now()).fileId());
            storedByAnOlderVersion(jdbc, file);
            long earlier = jdbc.queryFirst("SELECT MIN(ID) FROM U_UT_BP_FILE WHERE STUDENTSDCID = ?",
                    rs -> rs.getLong(1), avery).orElseThrow();

            String frn = "001" + avery;
            List<String> staffPages = new ArrayList<>(List.of(tab(avery), tab(avery) + "&view=print",
                    tab(avery) + "&view=log", tab(avery) + "&file=" + earlier, tab(avery) + "&file=" + file));
            for (String[] element : ELEMENTS) {
                staffPages.add(tab(avery) + "&element=" + element[0]);
                for (int i = 1; i < element.length; i++) {
                    for (String dir : new String[] {"asc", "desc"}) {
                        staffPages.add(tab(avery) + "&element=" + element[0] + "&sort=" + element[i] + "&dir=" + dir);
                    }
                }
            }
            staffPages.add("/ws/utbackpack/export?frn=" + frn + "&file=" + file + "&format=edfi");
            for (String[] element : ELEMENTS) {
                staffPages.add("/ws/utbackpack/export?frn=" + frn + "&file=" + file + "&format=csv&element="
                        + element[0]);
            }
            staffPages.add("/ws/utbackpack/export?frn=" + frn + "&file=" + file + "&format=csv&element=enrollments");
            for (String path : staffPages) {
                Browser.Page page = staff.get(path);
                assertEquals(200, page.status(), path + "\n" + page.body());
                if (!path.startsWith("/ws/")) { // downloads carry the data as it is; pages escape it
                    assertFalse(page.body().contains("<script>alert(1)</script>"), "escaped: " + path);
                }
            }

            String grades = staff.get(tab(avery) + "&element=courseGrades").text();
            assertTrue(grades.contains(Formats.UNREADABLE), "NaN shows blank with the marker: " + grades);
            String print = staff.get(tab(avery) + "&view=print").text();
            assertTrue(print.contains(Formats.UNREADABLE), print);

            Browser parent = Steps.guardian(host, "parent.one");
            List<String> portalPages = new ArrayList<>(List.of("/guardian/backpack.html",
                    "/guardian/backpack.html?view=print", "/guardian/backpack.html?file=" + earlier));
            for (String[] element : ELEMENTS) {
                portalPages.add("/guardian/backpack.html?element=" + element[0]);
            }
            for (String path : portalPages) {
                Browser.Page page = parent.get(path);
                assertEquals(200, page.status(), path + "\n" + page.body());
                assertFalse(page.body().contains("<script>alert(1)</script>"), "escaped: " + path);
            }
        }
    }

    /**
     * Values the ingest now refuses but an older version stored: numbers that are not numbers and a school
     * year that is not one. Pages must still show everything else.
     */
    private static void storedByAnOlderVersion(Jdbc jdbc, long file) {
        jdbc.update("UPDATE U_UT_BP_COURSEGRADE SET CREDITSEARNED = ? WHERE FILEID = ? AND SEQ = 2", Double.NaN, file);
        jdbc.update("UPDATE U_UT_BP_COURSEGRADE SET CREDITSATTEMPTED = ? WHERE FILEID = ? AND SEQ = 3",
                Double.POSITIVE_INFINITY, file);
        jdbc.update("UPDATE U_UT_BP_ATTENDANCE SET MEMBERSHIP = ?, ATTENDED = ? WHERE FILEID = ? AND SEQ = 3",
                Double.NaN, Double.NEGATIVE_INFINITY, file);
        jdbc.update("UPDATE U_UT_BP_ASSESSMENT SET SCALESCORE = ?, SCHOOLYEAR = ?, PROFLEVEL = ? WHERE FILEID = ?"
                + " AND SEQ = 2", Double.POSITIVE_INFINITY, "x", "3", file);
        jdbc.update("UPDATE U_UT_BP_ATTENDANCE SET SCHOOLYEAR = ? WHERE FILEID = ? AND SEQ = 2", "20", file);
        jdbc.update("UPDATE U_UT_BP_ENROLLMENT SET ENTRYDATE = ? WHERE FILEID = ? AND SEQ = 2", "2025-02-30", file);
        // that version kept no summary: the update summarises the file from these values
        jdbc.update("DELETE FROM U_UT_BP_FILESUMMARY WHERE FILEID = ?", file);
        assertEquals(1, new FileSummary().summariseStoredFiles(jdbc));
    }
}
