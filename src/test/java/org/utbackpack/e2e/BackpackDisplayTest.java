package org.utbackpack.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.utbackpack.host.Host;
import org.utbackpack.host.demo.DemoData;
import org.utbackpack.plugin.backpack.BackpackIngest;
import org.utbackpack.plugin.db.Jdbc;
import org.utbackpack.testing.Browser;
import org.utbackpack.testing.Databases;
import org.utbackpack.testing.SharedHosts;
import org.utbackpack.testing.Steps;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What staff and guardians see of a stored Backpack: drill-downs, paging, sorting, blanks. */
class BackpackDisplayTest {

    @RegisterExtension
    static final SharedHosts HOSTS = new SharedHosts();

    private static final Map<String, List<String>> COLUMNS = new LinkedHashMap<>();

    static {
        COLUMNS.put("enrollments", List.of("School Year", "LEA", "School", "Grade", "Entry Date", "Exit Date"));
        COLUMNS.put("courseGrades", List.of("School Year", "Term", "School", "Course", "Teacher", "Mark",
                "Credits Attempted", "Credits Earned"));
        COLUMNS.put("courseHistory", List.of("School Year", "Grade", "School", "Course Code", "Course", "Final Mark",
                "Credits Earned", "Concurrent Enrollment"));
        COLUMNS.put("sectionAttendance", List.of("School Year", "School", "Section", "Course", "Membership Days",
                "Days Attended", "Excused Absences", "Unexcused Absences", "Suspension Absences"));
        COLUMNS.put("teachers", List.of("School Year", "School", "Course", "First Name", "Last Name", "Licenses",
                "Endorsements", "Degrees", "Years of Experience"));
        COLUMNS.put("assessments", List.of("School Year", "Test", "Subject", "Grade", "Testing Window", "Test Date",
                "Scale Score", "Proficiency"));
    }

    @ParameterizedTest
    @MethodSource("org.utbackpack.testing.Databases#kinds")
    void carlosMartinezsLargestElementPagesAndSortsByClicks(Databases.Kind kind) throws Exception {
        Host host = HOSTS.host(kind);
        Browser staff = Steps.staff(host, "backpack.admin");
        String frn = Steps.frnOf(staff, "Martinez", "Martinez, Carlos");
        String tab = Steps.BACKPACK_TAB + frn;
        staff.get(tab);
        staff.post("/ws/utbackpack/requests", Map.of("frn", frn));
        assertEquals("RECEIVED", Steps.waitForEnd(staff, frn, Duration.ofSeconds(90)));

        Document summary = staff.get(tab).html();
        Map<String, Integer> expected = StaffBackpackRequestTest.countsInStoredDocument(host, Long.parseLong(frn.substring(3)));
        String largest = expected.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        int total = expected.get(largest);
        assertTrue(total > 1000, "Carlos's largest element has thousands of rows: " + total);

        Element link = summary.selectFirst("table.bp-elements a[href$=element=" + largest + "]");
        Document first = staff.get(link.attr("href")).html();
        assertEquals(String.format("Rows 1–100 of %,d", total), first.selectFirst("#bp-range").text());
        assertEquals(100, first.select("table.bp-table tbody tr").size());
        assertNull(first.selectFirst("a[rel=prev]"));
        List<String> years = first.select("table.bp-table tbody tr td:eq(0)").eachText();
        List<String> newestFirst = new ArrayList<>(years);
        newestFirst.sort(Comparator.reverseOrder());
        assertEquals(newestFirst, years, "newest school year first");

        int lastPage = (total + 99) / 100;
        int middle = lastPage / 2;
        Document mid = staff.get(tab + "&element=" + largest + "&page=" + middle).html();
        int from = (middle - 1) * 100 + 1;
        assertEquals(String.format("Rows %,d–%,d of %,d", from, from + 99, total), mid.selectFirst("#bp-range").text());
        assertNotNull(mid.selectFirst("a[rel=prev]"));
        assertNotNull(mid.selectFirst("a[rel=next]"));

        Document last = staff.get(tab + "&element=" + largest + "&page=" + lastPage).html();
        int lastFrom = (lastPage - 1) * 100 + 1;
        assertEquals(String.format("Rows %,d–%,d of %,d", lastFrom, total, total), last.selectFirst("#bp-range").text());
        assertEquals(total - lastFrom + 1, last.select("table.bp-table tbody tr").size());
        assertNull(last.selectFirst("a[rel=next]"));
        Document back = staff.get(last.selectFirst("a[rel=prev]").attr("href")).html();
        assertTrue(back.selectFirst("#bp-range").text().startsWith(String.format("Rows %,d–", lastFrom - 100)));

        // a reader sorts by another column by clicking its heading, and paging keeps that order
        Element heading = first.select("table.bp-table thead th a").get(1);
        Document sorted = staff.get(heading.attr("href")).html();
        assertEquals("ascending", sorted.select("table.bp-table thead th").get(1).attr("aria-sort"));
        List<String> column = sorted.select("table.bp-table tbody tr td:eq(1)").eachText();
        List<String> ascending = new ArrayList<>(column);
        ascending.sort(Comparator.naturalOrder());
        assertEquals(ascending, column);
        Document sortedNext = staff.get(sorted.selectFirst("a[rel=next]").attr("href")).html();
        assertTrue(sortedNext.selectFirst("a[rel=next]").attr("href").contains("sort="));
        assertTrue(column.get(column.size() - 1).compareTo(sortedNext.selectFirst("table.bp-table tbody tr td:eq(1)").text()) <= 0);

        // numbered pages beside Previous and Next: the first, the last and those around the current one
        List<String> numbers = mid.select("nav.bp-pager .bp-pages li").eachText();
        assertEquals("1", numbers.get(0));
        assertEquals(Integer.toString(lastPage), numbers.get(numbers.size() - 1));
        assertEquals(Integer.toString(middle), mid.selectFirst("nav.bp-pager [aria-current=page]").text());
        Document second = staff.get(first.selectFirst("nav.bp-pager a[aria-label=Page 2]").attr("href")).html();
        assertTrue(second.selectFirst("#bp-range").text().startsWith("Rows 101–"));

        // one school year at a time: the filter lists the years the element has, and paging keeps the year
        List<String> offered = first.select("#bp-year option").eachAttr("value");
        assertEquals("all", offered.get(0));
        String year = offered.get(offered.size() / 2);
        Document oneYear = staff.get(tab + "&element=" + largest + "&year=" + year).html();
        List<String> shownYears = oneYear.select("table.bp-table tbody tr td:eq(0)").eachText();
        assertFalse(shownYears.isEmpty());
        assertTrue(shownYears.stream().allMatch(year::equals), year + ": " + shownYears);
        assertTrue(oneYear.selectFirst("table.bp-table caption").text().endsWith(year));
        int inYear = number(oneYear.selectFirst("#bp-range").text().replaceAll(".* of ", ""));
        assertTrue(inYear < total, "fewer rows in one year than in all: " + inYear);
        if (oneYear.selectFirst("a[rel=next]") != null) {
            assertTrue(oneYear.selectFirst("a[rel=next]").attr("href").contains("year=" + year));
        }
        assertEquals(year, oneYear.selectFirst("#bp-year option[selected]").val());
    }

    @ParameterizedTest
    @MethodSource("org.utbackpack.testing.Databases#kinds")
    void everyDrillDownShowsTheColumnsThatMatterAndNeverNull(Databases.Kind kind) throws Exception {
        Host host = HOSTS.host(kind);
        Browser staff = Steps.staff(host, "backpack.admin");
        String frn = Steps.frnOf(staff, "Jensen", "Jensen, Avery");
        String tab = "/admin/students/state/USA_UT/backpack.html?frn=" + frn;
        staff.get(tab);
        staff.post("/ws/utbackpack/requests", Map.of("frn", frn));
        assertEquals("RECEIVED", Steps.waitForEnd(staff, frn, Duration.ofSeconds(60)));
        Document summary = staff.get(tab).html();
        for (Map.Entry<String, List<String>> e : COLUMNS.entrySet()) {
            Element link = summary.selectFirst("table.bp-elements a[href$=element=" + e.getKey() + "]");
            assertNotNull(link, e.getKey());
            Browser.Page page = staff.get(link.attr("href"));
            Document html = page.html();
            List<String> headings = html.select("table.bp-table thead th").eachText().stream()
                    .map(t -> t.replaceAll("[▲▼]", "").trim()).toList();
            assertEquals(e.getValue(), headings, e.getKey());
            assertFalse(html.select("table.bp-table tbody td").eachText().contains("null"), e.getKey());
            assertEquals(1, html.select("nav.bp-breadcrumbs a[href=" + tab + "]").size(), "breadcrumb back");
        }
        Document demographics = staff.get(summary.selectFirst("table.bp-elements a[href$=element=demographics]")
                .attr("href")).html();
        assertTrue(demographics.text().contains("Birth Date"), "demographics show the student's fields");
        String born = DemoData.born(4, 12, 11).format(java.time.format.DateTimeFormatter.ofPattern("MM/dd/yyyy"));
        List<String> values = demographics.select("dl.bp-facts dd").eachText();
        assertTrue(values.contains(born), values.toString());
        assertTrue(values.contains("Female") && values.contains("Lone Peak High School"), values.toString());
        assertFalse(values.contains("true") || values.contains("false"), values.toString());
        assertTrue(demographics.select("table.bp-table").isEmpty(), "enrollments are an element of their own");
        long filled = values.stream().filter(v -> !v.isBlank()).count();
        assertEquals(String.format("%d Records (view)", filled),
                summary.selectFirst("table.bp-elements a[href$=element=demographics]").text(),
                "Student Demographics counts the student's filled-in fields");
        int enrollments = number(summary.selectFirst("table.bp-elements a[href$=element=enrollments]").text());
        assertTrue(enrollments >= 12, "a K-11 history: " + enrollments);

        // each teacher with the school, course and year they taught the student; licences dated, expired ones marked
        Document teachers = staff.get(tab + "&element=teachers").html();
        for (Element row : teachers.select("table.bp-table tbody tr")) {
            List<String> cells = row.select("td").eachText();
            assertTrue(cells.get(0).matches("20\\d\\d-20\\d\\d") && !cells.get(1).isBlank() && !cells.get(2).isBlank(),
                    cells.toString());
            for (Element licence : row.select("td:eq(5) li")) {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("expires (\\d\\d)/(\\d\\d)/(\\d{4})")
                        .matcher(licence.text());
                assertTrue(m.find(), licence.text());
                java.time.LocalDate expires = java.time.LocalDate.of(Integer.parseInt(m.group(3)),
                        Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
                assertEquals(expires.isBefore(java.time.LocalDate.now(java.time.ZoneId.of("America/Denver"))),
                        licence.text().contains("Expired"), licence.text());
            }
        }
        Document attendance = staff.get(tab + "&element=sectionAttendance").html();
        assertTrue(attendance.text().contains("Membership Days are the school days"), "says what membership counts");
        Document assessments = staff.get(tab + "&element=assessments").html();
        assertTrue(assessments.select("table.bp-table tbody tr td:eq(4)").eachText().stream()
                .anyMatch(t -> t.matches("(Fall|Winter|Spring) 20\\d\\d")), "the testing window");
    }

    @ParameterizedTest
    @MethodSource("org.utbackpack.testing.Databases#kinds")
    void thePortalHidesDataElementsAndFieldsThatAreBlank(Databases.Kind kind) throws Exception {
        Host host = HOSTS.host(kind);
        long avery = new Jdbc(host.dataSource()).queryFirst("SELECT DCID FROM STUDENTS WHERE LAST_NAME = 'Jensen'",
                rs -> rs.getLong(1)).orElseThrow();
        String document = """
                {"ssid":"1234561","generatedAt":"2026-11-29T10:00:00Z",
                 "student":{"ssid":"1234561","firstName":"Avery","middleName":"","lastName":"Jensen","homeLanguage":null},
                 "enrollments":[{"schoolYear":"2026-2027","leaName":"Wasatch","schoolName":"Lone Peak High","gradeLevel":"11"}],
                 "courseGrades":[],"courseHistory":[],"sectionAttendance":[],
                 "teachers":[{"cactusId":"1","firstName":"Dana","lastName":"Whitaker","licenses":[],"endorsements":["ESL"]}],
                 "assessments":[]}
                """;
        new Jdbc(host.dataSource()).inTransaction(c -> new BackpackIngest(new ObjectMapper()).store(c, avery, 0L,
                "1234561", document.getBytes(StandardCharsets.UTF_8), Instant.now()));

        Browser parent = Steps.guardian(host, "parent.one");
        Document page = parent.get("/guardian/backpack.html").html();
        List<String> shown = page.select("table.bp-elements tbody th").eachText();
        assertEquals(List.of("Student Demographics", "School Enrollments", "Teachers and Qualifications"), shown);
        Document demographics = parent.get("/guardian/backpack.html?element=demographics").html();
        List<String> fields = demographics.select("dl.bp-facts dt").eachText();
        assertTrue(fields.contains("First Name"));
        assertFalse(fields.contains("Middle Name"), "a blank field is not displayed: " + fields);
        assertFalse(fields.contains("Home Language"), "a missing field is not displayed: " + fields);

        Browser staff = Steps.staff(host, "backpack.admin");
        Document tab = staff.get("/admin/students/state/USA_UT/backpack.html?frn=001" + avery).html();
        assertEquals(7, tab.select("table.bp-elements tbody tr").size(), "staff see every element, with 0 records");
        assertTrue(tab.text().contains("0 Records (view)"));
    }

    static int number(String text) {
        Matcher m = Pattern.compile("([\\d,]+)").matcher(text);
        return m.find() ? Integer.parseInt(m.group(1).replace(",", "")) : -1;
    }
}
