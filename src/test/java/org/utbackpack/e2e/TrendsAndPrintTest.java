package org.utbackpack.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.utbackpack.host.Host;
import org.utbackpack.plugin.db.Jdbc;
import org.utbackpack.testing.Browser;
import org.utbackpack.testing.Databases;
import org.utbackpack.testing.Steps;
import org.utbackpack.testing.TestHost;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The trend charts say what the stored records say, and the print view holds the whole Backpack. */
class TrendsAndPrintTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> LEVELS = Map.of("1", "Below", "2", "Approaching", "3", "Proficient",
            "4", "Highly Proficient");

    @ParameterizedTest
    @MethodSource("org.utbackpack.testing.Databases#kinds")
    void chartsSummariseTheStoredRecordsAndThePrintViewHoldsThemAll(Databases.Kind kind) throws Exception {
        try (Host host = TestHost.start(kind)) {
            Browser staff = Steps.staff(host, "backpack.admin");
            long avery = new Jdbc(host.dataSource()).queryFirst("SELECT DCID FROM STUDENTS WHERE LAST_NAME = 'Jensen'",
                    rs -> rs.getLong(1)).orElseThrow();
            String tab = "/admin/students/state/USA_UT/backpack.html?frn=001" + avery;
            staff.get(tab);
            staff.post("/ws/utbackpack/requests", Map.of("frn", "001" + avery));
            assertEquals("RECEIVED", Steps.waitForEnd(staff, "001" + avery, Duration.ofSeconds(60)));
            JsonNode doc = JSON.readTree(new Jdbc(host.dataSource()).queryFirst(
                    "SELECT DOCUMENT FROM U_UT_BP_FILE WHERE STUDENTSDCID = ?", rs -> rs.getString(1), avery).orElseThrow());

            Document page = staff.get(tab).html();
            Element attendance = page.selectFirst("#bp-chart-attendance");
            assertNotNull(attendance, "attendance chart");
            assertNotNull(attendance.selectFirst("svg[role=img] title"));
            assertNotNull(attendance.selectFirst("svg desc"));
            Map<String, String> expectedRates = attendanceRates(doc);
            Map<String, String> shownRates = new TreeMap<>();
            for (Element row : attendance.select("table tbody tr")) {
                shownRates.put(row.selectFirst("th").text(), row.select("td").get(2).text());
            }
            assertEquals(expectedRates, shownRates);
            assertEquals(expectedRates.size(), attendance.select("svg rect.bp-bar").size(), "one bar a year");

            Element proficiency = page.selectFirst("#bp-chart-proficiency");
            assertNotNull(proficiency, "proficiency chart");
            Map<String, String> expectedLevels = proficiencyLevels(doc);
            Map<String, String> shownLevels = new TreeMap<>();
            List<String> subjects = proficiency.select("table thead th").eachText().subList(1, 4);
            for (Element row : proficiency.select("table tbody tr")) {
                for (int i = 0; i < 3; i++) {
                    String cell = row.select("td").get(i).text();
                    if (!cell.isEmpty()) {
                        shownLevels.put(row.selectFirst("th").text() + " " + subjects.get(i), cell);
                    }
                }
            }
            assertEquals(expectedLevels, shownLevels);
            assertEquals(expectedLevels.size(), proficiency.select("svg circle").size(), "one point a test");

            Document print = staff.get(page.selectFirst("a:containsOwn(Print view)").attr("href")).html();
            assertTrue(print.selectFirst(".bp-print-header").text().contains("Avery Jensen"));
            assertTrue(print.selectFirst(".bp-print-header").text().contains("Retrieved"));
            Map<String, Integer> counts = StaffBackpackRequestTest.countsInStoredDocument(host, avery);
            int rows = print.select(".bp-print-element table tbody tr").size();
            assertEquals(counts.values().stream().mapToInt(Integer::intValue).sum(), rows, "every record printed");
            assertEquals(List.of("Student Demographics", "School Enrollments", "Course Grades", "Course History",
                    "Section Attendance", "Teachers and Qualifications", "Assessment Results"),
                    print.select(".bp-print-element h3").eachText());
            assertFalse(print.text().contains("null"));
            // booleans read as on the screen: the demographics' and Concurrent Enrollment's Yes / No
            List<String> printedValues = new java.util.ArrayList<>(print.select(".bp-print-element dd").eachText());
            printedValues.addAll(print.select(".bp-print-element td").eachText());
            assertFalse(printedValues.contains("true") || printedValues.contains("false"), "never true/false");
            assertTrue(printedValues.contains("No") || printedValues.contains("Yes"));
            // on paper (the frame's navigation and bp-no-print hidden) one heading names the document
            assertEquals(List.of("Student Backpack for printing: Avery Jensen"),
                    print.select("main h1:not(.bp-no-print), main h2:not(.bp-no-print)").eachText());
        }
    }

    /** attended / membership per school year, as the chart's table prints it. */
    private static Map<String, String> attendanceRates(JsonNode doc) {
        Map<String, double[]> sums = new TreeMap<>();
        for (JsonNode r : doc.path("sectionAttendance")) {
            double[] s = sums.computeIfAbsent(r.path("schoolYear").asText(), k -> new double[2]);
            s[0] += r.path("membershipDays").asDouble();
            s[1] += r.path("daysAttended").asDouble();
        }
        Map<String, String> rates = new TreeMap<>();
        sums.forEach((year, s) -> {
            double tenths = Math.round(1000 * s[1] / s[0]);
            String text = String.format(Locale.US, "%.1f", tenths / 10).replaceAll("\\.0$", "");
            rates.put(year, text + "%");
        });
        return rates;
    }

    /** The highest RISE / Aspire Plus level per school year and subject group. */
    private static Map<String, String> proficiencyLevels(JsonNode doc) {
        Map<String, Integer> best = new TreeMap<>();
        for (JsonNode r : doc.path("assessments")) {
            String test = r.path("testName").asText();
            String subject = r.path("subject").asText();
            String level = r.path("proficiencyLevel").asText("");
            if (!(test.equals("RISE") || test.equals("Utah Aspire Plus")) || !LEVELS.containsKey(level)) {
                continue;
            }
            String group = subject.equals("English") || subject.equals("English Language Arts") ? "English Language Arts"
                    : subject.equals("Mathematics") || subject.equals("Science") ? subject : null;
            if (group != null) {
                best.merge(r.path("schoolYear").asText() + " " + group, Integer.parseInt(level), Math::max);
            }
        }
        Map<String, String> labels = new TreeMap<>();
        best.forEach((k, v) -> labels.put(k, LEVELS.get(String.valueOf(v))));
        return labels;
    }
}
