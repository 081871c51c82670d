package org.utbackpack.e2e;

import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.utbackpack.host.Host;
import org.utbackpack.testing.Browser;
import org.utbackpack.testing.Databases;
import org.utbackpack.testing.PluginZips;
import org.utbackpack.testing.SharedHosts;
import org.utbackpack.testing.Steps;
import org.utbackpack.testing.TestHost;
import org.utbackpack.testing.TestPaths;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.utbackpack.e2e.AdminSteps.PLUGIN;

/**
 * System > Plugin Management Configuration over the real host: the plugin zip uploaded, enabled,
 * disabled, updated and deleted by clicks, as a district's SIS administrator does it.
 */
class PluginManagementTest {

    @RegisterExtension
    static final SharedHosts HOSTS = new SharedHosts();

    private static final String REQUESTS = "SELECT ID FROM S_UT_STU_BACKPACKREQUEST_C ORDER BY ID";
    private static final String FILES = "SELECT ID FROM U_UT_BP_FILE ORDER BY ID";

    @TempDir
    Path temp;

    @ParameterizedTest
    @MethodSource("org.utbackpack.testing.Databases#kinds")
    void disablingStopsThePluginsPagesQueriesAndServletsAndEnablingBringsThemBack(Databases.Kind kind) throws Exception {
        Host host = HOSTS.host(kind);
        Browser admin = Steps.staff(host, "backpack.admin");
        String frn = Steps.frnOf(admin, "Jensen", "Jensen, Avery");

        Document list = AdminSteps.openPluginManagement(admin);
        Element row = AdminSteps.row(list, PLUGIN);
        assertNotNull(row, "the installed plugin is listed");
        assertEquals(CURRENT, row.child(1).text());
        assertTrue(row.child(2).text().contains("ut-backpack"), "publisher");
        assertNotNull(row.selectFirst("details td:containsOwn(STATE_STUDENTNUMBER)"), "the data access it requests");
        assertEquals("Enabled", row.selectFirst(".status").text());
        AdminSteps.assertServing(admin, frn, true);

        Browser.Page disabled = AdminSteps.press(admin, PLUGIN, "Disable");
        assertTrue(AdminSteps.flash(disabled).text().contains("is disabled"), disabled.text());
        assertEquals("Disabled", AdminSteps.row(disabled.html(), PLUGIN).selectFirst(".status").text());
        AdminSteps.assertServing(admin, frn, false);

        Browser.Page enabled = AdminSteps.press(admin, PLUGIN, "Enable");
        assertTrue(AdminSteps.flash(enabled).text().contains("is enabled"), enabled.text());
        AdminSteps.assertServing(admin, frn, true);

        String audit = admin.get("/admin/tech/audit.html").text();
        assertTrue(audit.contains("Plugin disabled") && audit.contains("Plugin enabled"), audit);
        assertTrue(audit.contains("Pat Morgan"), audit);
    }

    @ParameterizedTest
    @MethodSource("org.utbackpack.testing.Databases#kinds")
    void anUpdateMustBeNewerAndValidAndKeepsEveryRequestAndFile(Databases.Kind kind) throws Exception {
        try (Host host = TestHost.start(kind)) {
            Browser admin = Steps.staff(host, "backpack.admin");
            String frn = Steps.frnOf(admin, "Jensen", "Jensen, Avery");
            assertEquals("RECEIVED", Steps.requestAndWait(admin, frn));
            List<Long> requests = AdminSteps.ids(host, REQUESTS);
            List<Long> files = AdminSteps.ids(host, FILES);
            assertFalse(files.isEmpty());

            Browser.Page broken = AdminSteps.update(admin, PLUGIN, PluginZips.build(temp.resolve("broken.zip"), NEXT,
                    Map.of("queries_root/broken.named_queries.xml", BROKEN_QUERY)));
            Element problems = AdminSteps.flash(broken).selectFirst("table.problems");
            assertNotNull(problems, broken.text());
            Element problem = problems.selectFirst("td:has(code:containsOwn(queries_root/broken.named_queries.xml))");
            assertNotNull(problem, problems.text());
            assertEquals("5", problem.nextElementSibling().text(), "the line of the broken <sql>");
            assertTrue(problem.parent().text().contains("reads USERS.PASSWORD_HASH"), problem.parent().text());
            assertVersion(admin, CURRENT);
            AdminSteps.assertServing(admin, frn, true);

            Browser.Page same = AdminSteps.update(admin, PLUGIN, PluginZips.build(temp.resolve("same.zip"), CURRENT));
            assertTrue(AdminSteps.flash(same).text().contains("Version " + CURRENT + " is not newer than the installed"
                    + " version " + CURRENT), same.text());
            Browser.Page lower = AdminSteps.update(admin, PLUGIN, PluginZips.build(temp.resolve("lower.zip"), PluginZips.olderVersion()));
            assertTrue(AdminSteps.flash(lower).text().contains("not newer"), lower.text());
            assertVersion(admin, CURRENT);

            Browser.Page updated = AdminSteps.update(admin, PLUGIN, PluginZips.build(temp.resolve("newer.zip"), NEXT,
                    Map.of(REQUEST_TABLE, withNewField())));
            assertEquals("notice", AdminSteps.flash(updated).className().replace("flash flash-", ""), updated.text());
            assertTrue(AdminSteps.flash(updated).text().contains("updated from " + CURRENT + " to " + NEXT), updated.text());
            assertVersion(admin, NEXT);
            assertEquals(requests, AdminSteps.ids(host, REQUESTS), "every request row kept");
            assertEquals(files, AdminSteps.ids(host, FILES), "every file row kept");
            assertNull(AdminSteps.text(host, "SELECT MAX(UPDATENOTE) FROM S_UT_STU_BACKPACKREQUEST_C"),
                    "the new field was added to the table");

            AdminSteps.assertServing(admin, frn, true);
            assertTrue(Steps.backpackTab(admin, frn).text().contains("Last retrieved"));
            assertEquals("RECEIVED", Steps.requestAndWait(admin, frn)); // the new version's servlet and forwarder take a new request to the end
            assertEquals(requests.size() + 1, AdminSteps.ids(host, REQUESTS).size());
        }
    }

    /**
     * Files stored by a version that kept no summary (their summary rows removed here) are summarised by the
     * update, before the tab shows them: the same records per element, every file and record kept.
     */
    @ParameterizedTest
    @MethodSource("org.utbackpack.testing.Databases#kinds")
    void anUpdateSummarisesTheFilesStoredBeforeSoTheTabCountsThemAsBefore(Databases.Kind kind) throws Exception {
        try (Host host = TestHost.start(kind)) {
            Browser admin = AdminSteps.signIn(host, "backpack.admin");
            String frn = AdminSteps.frnOf(admin, "Jensen", "Jensen, Avery");
            assertEquals("RECEIVED", Steps.requestAndWait(admin, frn));
            String tab = "/admin/students/state/USA_UT/backpack.html?frn=" + frn;
            String counted = admin.get(tab).html().select("table.bp-elements").text();
            assertTrue(counted.contains("Course Grades"), counted);
            List<Long> files = AdminSteps.ids(host, FILES);
            List<Long> grades = AdminSteps.ids(host, "SELECT ID FROM U_UT_BP_COURSEGRADE ORDER BY ID");
            List<Long> summary = AdminSteps.ids(host, "SELECT COUNT(*) FROM U_UT_BP_FILESUMMARY WHERE SERIES = 'counts'");
            assertEquals(List.of(7L * files.size()), summary, "one count per element of each file");
            try (Connection c = host.dataSource().getConnection(); Statement st = c.createStatement()) {
                st.executeUpdate("DELETE FROM U_UT_BP_FILESUMMARY");
            }
            assertFalse(admin.get(tab).html().select("table.bp-elements").text().contains("Course Grades"),
                    "without its summary the tab has no counts to show");

            Browser.Page updated = AdminSteps.update(admin, PLUGIN, PluginZips.build(temp.resolve("newer.zip"), NEXT));
            assertTrue(AdminSteps.flash(updated).text().contains("updated from " + CURRENT + " to " + NEXT), updated.text());

            assertEquals(counted, admin.get(tab).html().select("table.bp-elements").text());
            assertEquals(summary, AdminSteps.ids(host, "SELECT COUNT(*) FROM U_UT_BP_FILESUMMARY WHERE SERIES = 'counts'"));
            assertEquals(files, AdminSteps.ids(host, FILES), "every file row kept");
            assertEquals(grades, AdminSteps.ids(host, "SELECT ID FROM U_UT_BP_COURSEGRADE ORDER BY ID"), "every record kept");
        }
    }

    @ParameterizedTest
    @MethodSource("org.utbackpack.testing.Databases#kinds")
    void deleteKeepsTheTablesAndAnUploadedZipIsInstalledDisabledUntilEnabled(Databases.Kind kind) throws Exception {
        try (Host host = TestHost.start(kind)) {
            Browser admin = Steps.staff(host, "backpack.admin");
            String frn = Steps.frnOf(admin, "Jensen", "Jensen, Avery");
            assertEquals("RECEIVED", Steps.requestAndWait(admin, frn));
            List<Long> files = AdminSteps.ids(host, FILES);

            Browser.Page deleted = AdminSteps.delete(admin, PLUGIN, List.of("S_UT_STU_BACKPACKREQUEST_C", "U_UT_BP_FILE"));
            assertTrue(AdminSteps.flash(deleted).text().contains("is deleted"), deleted.text());
            assertNull(AdminSteps.row(deleted.html(), PLUGIN));
            assertTrue(deleted.text().contains("No plugins are installed"));
            AdminSteps.assertServing(admin, frn, false);
            assertEquals(files, AdminSteps.ids(host, FILES), "the tables and their data stay");
            assertTrue(Files.isDirectory(TestPaths.projectRoot().resolve("web_root")),
                    "a source tree given for development is never deleted");

            Browser.Page installed = AdminSteps.install(admin, PluginZips.build(temp.resolve("ut-backpack.zip"), CURRENT));
            assertTrue(AdminSteps.flash(installed).text().contains(CURRENT + " is installed"), installed.text());
            assertEquals("Disabled", AdminSteps.row(installed.html(), PLUGIN).selectFirst(".status").text());
            AdminSteps.assertServing(admin, frn, false);
            Path folder = Path.of(AdminSteps.text(host, "SELECT FOLDER FROM HOST_PLUGIN WHERE NAME = ?", PLUGIN));
            assertTrue(Files.isRegularFile(folder.resolve("plugin.xml")), "unpacked under the host's data folder");

            Browser.Page again = AdminSteps.install(admin, PluginZips.build(temp.resolve("again.zip"), NEXT));
            assertTrue(AdminSteps.flash(again).text().contains("already installed"), again.text());

            AdminSteps.press(admin, PLUGIN, "Enable");
            AdminSteps.assertServing(admin, frn, true);
            assertTrue(Steps.backpackTab(admin, frn).text().contains("Last retrieved"),
                    "the file stored before the delete shows again");

            AdminSteps.delete(admin, PLUGIN, List.of());
            assertFalse(Files.exists(folder), "deleting removes the uploaded plugin's files");
            assertEquals(files, AdminSteps.ids(host, FILES));
        }
    }

    @Test
    void aBrokenZipIsRefusedWithFileAndLineAndNothingIsInstalled() throws Exception {
        try (Host host = TestHost.start(Databases.Kind.H2)) {
            Browser admin = Steps.staff(host, "backpack.admin");
            AdminSteps.delete(admin, PLUGIN, List.of());
            String descriptor = PluginZips.sourceText("plugin.xml").replace("<contact email=\"support@utbackpack.org\"/>",
                    "<contact email=\"support at utbackpack\"/>");
            int line = lineOf(descriptor, "support at utbackpack");
            Browser.Page refused = AdminSteps.install(admin, PluginZips.build(temp.resolve("bad.zip"), CURRENT,
                    Map.of("plugin.xml", descriptor)));
            Element flash = AdminSteps.flash(refused);
            assertEquals("alert", flash.attr("role"));
            Element problem = flash.selectFirst("td:has(code:containsOwn(plugin.xml))");
            assertNotNull(problem, flash.text());
            assertEquals(Integer.toString(line), problem.nextElementSibling().text());
            assertTrue(refused.text().contains("No plugins are installed"), "nothing half-installed");
            assertEquals("DELETED", AdminSteps.text(host, "SELECT STATUS FROM HOST_PLUGIN WHERE NAME = ?", PLUGIN));
            Browser.Page notZip = admin.postFile("/admin/tech/plugins/install", Map.of(), "plugin",
                    Files.writeString(temp.resolve("notes.zip"), "not a zip at all"));
            assertTrue(AdminSteps.flash(notZip).text().contains("not installed"), notZip.text());
            assertNotNull(AdminSteps.flash(notZip).selectFirst("code:containsOwn(notes.zip)"), notZip.text());
        }
    }

    @ParameterizedTest
    @MethodSource("org.utbackpack.testing.Databases#kinds")
    void aPluginDeclaresAndChangesOnlyItsOwnTables(Databases.Kind kind) throws Exception {
        Host host = HOSTS.host(kind);
        Browser admin = Steps.staff(host, "backpack.admin");

        Browser.Page core = AdminSteps.update(admin, PLUGIN, PluginZips.build(temp.resolve("core.zip"), NEXT,
                Map.of("user_schema_root/U_GRAB.xml", extension("GUARDIANSTUDENT"))));
        assertRefused(core, "user_schema_root/U_GRAB.xml", 4, "GUARDIANSTUDENT is a table of the SIS");
        assertVersion(admin, CURRENT);

        Browser.Page theirs = AdminSteps.install(admin, otherPlugin(temp.resolve("other.zip"),
                extension("S_UT_STU_BACKPACKREQUEST_C")));
        assertRefused(theirs, "user_schema_root/U_GRAB.xml", 4,
                "S_UT_STU_BACKPACKREQUEST_C belongs to the plugin " + PLUGIN);

        try (var connection = host.dataSource().getConnection(); var statement = connection.createStatement()) {
            statement.execute("CREATE TABLE U_LEFTOVER (ID INTEGER)");
        }
        Browser.Page unowned = AdminSteps.install(admin, otherPlugin(temp.resolve("unowned.zip"), extension("U_LEFTOVER")));
        assertRefused(unowned, "user_schema_root/U_GRAB.xml", 4, "U_LEFTOVER already exists in the database");
        assertNull(AdminSteps.row(AdminSteps.openPluginManagement(admin), "Other Plugin"), "nothing installed");
    }

    @Test
    void onlySystemAdministratorsSeeOrUsePluginManagement() throws Exception {
        Host host = HOSTS.host(Databases.Kind.H2);
        Browser viewer = Steps.staff(host, "backpack.viewer");
        Document start = viewer.get("/admin/home.html").html();
        assertNull(start.selectFirst("nav.leftnav h2:containsOwn(System)"), "no System menu");
        assertEquals(403, viewer.get(AdminSteps.PLUGINS).status());
        assertEquals(403, viewer.get("/admin/tech/audit.html").status());
        Browser.Page refused = viewer.post("/admin/tech/plugins/disable", Map.of("name", PLUGIN));
        assertEquals(403, refused.status());
        assertTrue(refused.text().contains("Only system administrators"), refused.text());

        Browser admin = Steps.staff(host, "backpack.admin");
        assertEquals(403, admin.postRaw("/admin/tech/plugins/disable", Map.of("name", PLUGIN)).status(),
                "no form token, no change");
        assertEquals(403, admin.postFile("/admin/tech/plugins/install", Map.of("_csrf", "forged"), "plugin",
                PluginZips.build(temp.resolve("forged.zip"), NEXT)).status(), "an upload needs the token too");
        assertEquals("Enabled", AdminSteps.row(AdminSteps.openPluginManagement(admin), PLUGIN)
                .selectFirst(".status").text());
    }

    @Test
    void aRestartKeepsWhatIsInstalledAndEnabled() throws Exception {
        String url = Databases.newUrl(Databases.Kind.H2);
        Path data = Files.createDirectories(temp.resolve("data"));
        try (Host host = start(url, data)) {
            AdminSteps.press(Steps.staff(host, "backpack.admin"), PLUGIN, "Disable");
        }
        try (Host host = start(url, data)) {
            Browser admin = Steps.staff(host, "backpack.admin");
            String frn = Steps.frnOf(admin, "Jensen", "Jensen, Avery");
            AdminSteps.assertServing(admin, frn, false);
            AdminSteps.press(admin, PLUGIN, "Enable");
            AdminSteps.update(admin, PLUGIN, PluginZips.build(temp.resolve("newer.zip"), AFTER_NEXT));
        }
        try (Host host = start(url, data)) { // started with the older source tree: the uploaded version stays
            Browser admin = Steps.staff(host, "backpack.admin");
            assertVersion(admin, AFTER_NEXT);
            AdminSteps.assertServing(admin, Steps.frnOf(admin, "Jensen", "Jensen, Avery"), true);
            AdminSteps.delete(admin, PLUGIN, List.of());
        }
        try (Host host = start(url, data)) { // an administrator's delete is not undone by the command line
            Browser admin = Steps.staff(host, "backpack.admin");
            assertTrue(AdminSteps.openPluginManagement(admin).text().contains("No plugins are installed"));
            AdminSteps.install(admin, Files.writeString(temp.resolve("broken.zip"), "not a zip"));
        }
        try (var left = Files.list(data.resolve("plugins"))) {
            assertEquals(List.of(), left.map(p -> p.getFileName().toString()).toList(),
                    "deleted versions, refused uploads and replaced versions leave no files behind");
        }
    }

    // --- helpers ---

    /** The version of this source tree, which the host installs from the command line, and two updates of it. */
    private static final String CURRENT = PluginZips.currentVersion();
    private static final String NEXT = PluginZips.newerVersion(1);
    private static final String AFTER_NEXT = PluginZips.newerVersion(2);

    private static final String REQUEST_TABLE = "user_schema_root/S_UT_STU_BACKPACKREQUEST_C.xml";

    private static final String BROKEN_QUERY = """
            <?xml version="1.0" encoding="UTF-8"?>
            <queries>
              <query name="com.utbackpack.backpack.student.broken_example" coreTable="STUDENTS">
                <columns><column column="STUDENTS.DCID">dcid</column></columns>
                <sql><![CDATA[SELECT u.PASSWORD_HASH FROM USERS u ORDER BY u.DCID]]></sql>
              </query>
            </queries>
            """;

    /** The next version adds a field to the request table and lengthens another: both additive. */
    private static String withNewField() {
        String xml = PluginZips.sourceText(REQUEST_TABLE);
        String changed = xml.replace("<field name=\"LASTERROR\" type=\"String\" length=\"1000\"",
                "<field name=\"LASTERROR\" type=\"String\" length=\"2000\"").replace("  </extendedTable>",
                "    <field name=\"UPDATENOTE\" type=\"String\" length=\"40\" description=\"Added in the next version\"/>\n  </extendedTable>");
        assertTrue(changed.contains("UPDATENOTE") && changed.contains("length=\"2000\""), "the test edits the table");
        return changed;
    }

    /** An extension file whose {@code <extendedTable>} (line 4) declares {@code table} as standalone. */
    private static String extension(String table) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<psExtension xmlns=\"http://www.powerschool.com\">\n"
                + "  <extensionname>U_GRAB</extensionname>\n"
                + "  <extendedTable type=\"standalone\" dbTableName=\"" + table + "\">\n"
                + "    <field name=\"NOTE\" type=\"String\" length=\"40\"/>\n"
                + "  </extendedTable>\n</psExtension>\n";
    }

    /** Another publisher's plugin: plugin.xml and one extension file. */
    private static Path otherPlugin(Path zip, String extension) throws Exception {
        try (var out = new java.util.zip.ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new java.util.zip.ZipEntry("plugin.xml"));
            out.write(("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<plugin xmlns=\"http://plugin.powerschool.pearson.com\""
                    + " name=\"Other Plugin\" version=\"1.0\">\n  <publisher name=\"Other\"><contact email=\"it@example.org\"/>"
                    + "</publisher>\n</plugin>\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            out.putNextEntry(new java.util.zip.ZipEntry("user_schema_root/U_GRAB.xml"));
            out.write(extension.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        return zip;
    }

    private static void assertRefused(Browser.Page page, String file, int line, String message) {
        Element flash = AdminSteps.flash(page);
        assertEquals("alert", flash.attr("role"), page.text());
        Element problem = flash.selectFirst("td:has(code:containsOwn(" + file + "))");
        assertNotNull(problem, flash.text());
        assertEquals(Integer.toString(line), problem.nextElementSibling().text(), problem.parent().text());
        assertTrue(problem.parent().text().contains(message), problem.parent().text());
    }

    private static void assertVersion(Browser admin, String version) {
        assertEquals(version, AdminSteps.row(AdminSteps.openPluginManagement(admin), PLUGIN).child(1).text());
    }

    private static int lineOf(String text, String part) {
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains(part)) {
                return i + 1;
            }
        }
        throw new AssertionError(part + " not in the text");
    }

    private static Host start(String url, Path data) throws Exception {
        Path root = TestPaths.projectRoot();
        return Host.start(new Host.Settings("127.0.0.1", 0, data, url, true,
                Host.PluginSource.sourceTree(root, root.resolve("target/classes")),
                Map.of("utbackpack.forwarder.pollMs", "200")));
    }
}
