package org.utbackpack.host.plugin;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.utbackpack.testing.PluginZips;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The project's own source tree is a plugin package (database_extensions/ instead of user_schema_root/). */
class RealPackageTest {

    static Path projectRoot() {
        return Path.of(System.getProperty("utbackpack.projectRoot", System.getProperty("user.dir")));
    }

    @Test
    void ourPackageLoadsWithoutProblems() {
        PluginPackage pkg = PluginPackage.fromDirectory(projectRoot());

        assertEquals(List.of(), pkg.problems(), () -> pkg.problems().stream().map(Problem::toString)
                .collect(Collectors.joining("\n", "problems:\n", "")));
        assertTrue(pkg.descriptor().name().contains("Backpack"));
        assertTrue(pkg.descriptor().version().matches("\\d+(\\.\\d+)*"));
    }

    @Test
    void backpackRequestIsAChildOfStudents() {
        Map<String, ExtensionTable> tables = tables();
        ExtensionTable requests = tables.get("S_UT_STU_BACKPACKREQUEST_C");

        assertEquals(ExtensionTable.Kind.CHILD, requests.kind());
        assertEquals("STUDENTS", requests.coreTable());
        assertEquals("STUDENTSDCID", requests.parentKeyColumn());
        assertTrue(requests.file().startsWith("database_extensions/"), requests.file());
        Map<String, ExtensionField> fields = requests.fields().stream()
                .collect(Collectors.toMap(ExtensionField::name, Function.identity()));
        assertEquals("Integer", fields.get("GUARDIANID").type());
        assertEquals("Date", fields.get("REQUESTDATE").type());
        assertEquals("String", fields.get("STATUS").type());
        assertEquals("String", fields.get("RESPONSETYPE").type());
    }

    @Test
    void everyKindIsRepresented() {
        Map<String, ExtensionTable> tables = tables();

        assertEquals(ExtensionTable.Kind.ONE_TO_ONE, tables.get("U_UT_BP_STAFFACCESS").kind());
        assertEquals("USERS", tables.get("U_UT_BP_STAFFACCESS").coreTable());
        assertEquals(ExtensionTable.Kind.STANDALONE, tables.get("U_UT_BP_AUDIT").kind());
        assertEquals(ExtensionTable.Kind.CHILD, tables.get("U_UT_BP_FILE").kind());
    }

    @Test
    void validateCommandSaysOk() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int exit = ValidateCommand.run(projectRoot(), new PrintStream(bytes, true, StandardCharsets.UTF_8));

        String output = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(0, exit, output);
        assertTrue(output.startsWith("OK: UT Student Achievement Backpack "), output);
        assertTrue(output.contains(tables().size() + " extension tables"), output);
    }

    @Test
    void ourSourceTreeFollowsEveryRuleInStrictMode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int exit = ValidateCommand.run(projectRoot(), true, new PrintStream(bytes, true, StandardCharsets.UTF_8));

        assertEquals(0, exit, bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void ourZipFollowsEveryRuleInStrictMode(@TempDir Path dir) {
        Path zip = PluginZips.build(dir.resolve("plugin.zip"), PluginZips.currentVersion());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int exit = ValidateCommand.run(zip, true, new PrintStream(bytes, true, StandardCharsets.UTF_8));

        String output = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(0, exit, output);
        assertFalse(output.contains("warning"), output);
    }

    /** The SIS grants a plugin what access_request lists: every field the queries read, and what it writes. */
    @Test
    void accessRequestListsEveryExtensionFieldTheBrokerWrites() {
        PluginPackage pkg = PluginPackage.fromDirectory(projectRoot());
        java.util.Set<String> full = pkg.descriptor().accessRequests().stream()
                .filter(r -> r.access().equals("FullAccess")).map(r -> r.table() + "." + r.field())
                .collect(Collectors.toSet());
        for (ExtensionTable table : pkg.extensionTables()) {
            for (ExtensionField field : table.fields()) {
                assertTrue(full.contains(table.tableName() + "." + field.name()), table.tableName() + "." + field.name());
            }
        }
    }

    /** Districts run the portal with either header; the Student Backpack link is in both. */
    @Test
    void thePortalNavigationShipsForBothPortalHeaders() throws java.io.IOException {
        Path wildcards = projectRoot().resolve("web_root/wildcards");
        String classic = java.nio.file.Files.readString(wildcards.resolve("guardian_header.StudentBackpack.leftnav.footer.txt"));
        String yui = java.nio.file.Files.readString(wildcards.resolve("guardian_header_yui.StudentBackpack.leftnav.footer.txt"));

        assertEquals(classic, yui);
        assertTrue(classic.contains("/guardian/backpack.html"), classic);
    }

    static Map<String, ExtensionTable> tables() {
        return PluginPackage.fromDirectory(projectRoot()).extensionTables().stream()
                .collect(Collectors.toMap(ExtensionTable::tableName, Function.identity()));
    }
}
