package org.utbackpack.e2e;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.utbackpack.host.Host;
import org.utbackpack.testing.Browser;
import org.utbackpack.testing.CountingDriver;
import org.utbackpack.testing.Databases;
import org.utbackpack.testing.Steps;
import org.utbackpack.testing.TestHost;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What one view of the Student Backpack tab asks of the database, counted at the JDBC driver: the host's
 * checks, the plugin's access check, the disclosure-log row and the tab's PowerQueries (and the same for a
 * drill-down page: 8, of which its own are the years, the counts and the page). The count is the
 * tab's cost at any load (docs/PERFORMANCE.md), so a statement added to every view fails here.
 */
class TabStatementCountTest {

    /** Statements of one summary view of a student with two retrievals (the costliest summary). */
    static final int MOST_PER_VIEW = 8;

    /** Statements of one drill-down page (a data element's records, 100 a page). */
    static final int MOST_PER_DRILLDOWN = 8;

    @ParameterizedTest
    @MethodSource("org.utbackpack.testing.Databases#kinds")
    void aViewOfTheTabWithTwoRetrievalsRunsAFixedFewStatements(Databases.Kind kind) throws Exception {
        var root = TestHost.projectRoot();
        try (Host host = Host.start(new Host.Settings("127.0.0.1", 0, Files.createTempDirectory("utbackpack-test"),
                CountingDriver.url(Databases.newUrl(kind)), true,
                Host.PluginSource.sourceTree(root, root.resolve("target/classes")),
                Map.of("utbackpack.forwarder.pollMs", "200")))) {
            Browser staff = Steps.staff(host, "backpack.admin");
            String frn = Steps.frnOf(staff, "Jensen", "Jensen, Avery");
            for (int retrieval = 0; retrieval < 2; retrieval++) {
                staff.post("/ws/utbackpack/requests", Map.of("frn", frn));
                assertEquals("RECEIVED", Steps.waitForEnd(staff, frn, Duration.ofSeconds(90)));
            }
            Steps.backpackTab(staff, frn); // the first view parses the templates and prepares the statements
            CountingDriver.drain();
            Browser.Page tab = Steps.backpackTab(staff, frn);
            assertEquals(200, tab.status());
            assertTrue(tab.html().selectFirst("table.bp-changes") != null, "the tab compares the two retrievals");

            List<CountingDriver.Executed> ran = CountingDriver.drain().stream()
                    .filter(e -> e.thread().startsWith("qtp")).toList(); // the page's own thread, not the forwarder's
            String listed = ran.stream().map(e -> e.sql().strip().replaceAll("\\s+", " "))
                    .collect(Collectors.joining("\n"));
            System.out.println(kind + " tab statements: " + ran.size() + "\n" + listed);
            assertTrue(ran.size() <= MOST_PER_VIEW, kind + ": one view of the tab ran " + ran.size()
                    + " statements, at most " + MOST_PER_VIEW + " expected:\n" + listed);

            // a page of one data element's records (the drill-down), in the pages' order and for one school year
            for (String element : List.of("&element=courseGrades", "&element=courseGrades&year=2023-2024&page=2")) {
                Steps.backpackTab(staff, frn + element);
                CountingDriver.drain();
                Browser.Page page = Steps.backpackTab(staff, frn + element);
                assertEquals(200, page.status());
                assertTrue(page.html().selectFirst("#bp-range") != null, element + ": " + page.text());
                List<CountingDriver.Executed> drill = CountingDriver.drain().stream()
                        .filter(e -> e.thread().startsWith("qtp")).toList();
                String drillListed = drill.stream().map(e -> e.sql().strip().replaceAll("\\s+", " "))
                        .collect(Collectors.joining("\n"));
                System.out.println(kind + " drill-down statements" + element + ": " + drill.size() + "\n" + drillListed);
                assertTrue(drill.size() <= MOST_PER_DRILLDOWN, kind + ": one drill-down page ran " + drill.size()
                        + " statements, at most " + MOST_PER_DRILLDOWN + " expected:\n" + drillListed);
            }
        }
    }
}
