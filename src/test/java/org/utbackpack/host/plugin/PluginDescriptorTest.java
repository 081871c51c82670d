package org.utbackpack.host.plugin;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PluginDescriptorTest {

    @TempDir
    Path dir;

    /** plugin.xml with the {@code <plugin>} start tag on line 2 and {@code body} starting on line 3. */
    private static String plugin(String attributes, String body) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<plugin xmlns=\"http://plugin.powerschool.pearson.com\" " + attributes + ">\n"
                + body
                + "</plugin>\n";
    }

    private static final String PUBLISHER = "<publisher name=\"Tests\"><contact email=\"tests@example.org\"/></publisher>\n";

    @Test
    void validPackageHasNoProblemsAndReadsEverything() {
        PluginPackage pkg = TestPackage.valid(dir).load();

        assertEquals(List.of(), pkg.problems());
        assertTrue(pkg.isValid());
        PluginDescriptor descriptor = pkg.descriptor();
        assertEquals("Test Plugin", descriptor.name());
        assertEquals("1.2.3", descriptor.version());
        assertEquals("A plugin for tests", descriptor.description());
        assertEquals("Tests", descriptor.publisherName());
        assertEquals("tests@example.org", descriptor.contactEmail());
        assertEquals(List.of(new AccessRequest("STUDENTS", "DCID", "ViewOnly")), descriptor.accessRequests());
        assertEquals(1, pkg.extensionTables().size());
        assertEquals("user_schema_root/U_TEST.xml", pkg.extensionTables().get(0).file());
        assertEquals(1, pkg.namedQueries().size());
        assertEquals(1, pkg.permissionMappings().size());
        assertEquals(dir.resolve("web_root"), pkg.webRoot());
        assertEquals(List.of(dir.resolve("lib/test.jar")), pkg.libJars());
        assertEquals(List.of(dir.resolve("MessageKeys/Test.US_en.properties")), pkg.messageKeys());
        assertEquals(dir, pkg.root());
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"USERS, PASSWORD_HASH", "GUARDIAN, PASSWORD_HASH", "HOST_PLUGIN, FOLDER",
            "DATABASECHANGELOG, ID"})
    void accessToCredentialsAndTheSisOwnTablesIsNeverRequested(String table, String field) {
        TestPackage.valid(dir).write("plugin.xml", plugin("name=\"X\" version=\"1\"", PUBLISHER
                + "<access_request>\n  <field table=\"" + table + "\" field=\"" + field + "\" access=\"ViewOnly\"/>\n"
                + "  <field table=\"STUDENTS\" field=\"DCID\" access=\"ViewOnly\"/>\n</access_request>\n"))
                .onlyProblem("plugin.xml", 5, "which the SIS never grants to a plugin");
    }

    @Test
    void missingPluginXml() {
        TestPackage pkg = TestPackage.valid(dir).delete("plugin.xml");

        pkg.onlyProblem("plugin.xml", 0, "missing");
        assertNull(pkg.load().descriptor());
    }

    @Test
    void malformedPluginXmlReportsTheLine() {
        TestPackage pkg = TestPackage.valid(dir).write("plugin.xml", plugin("name=\"X\" version=\"1\"",
                "  <publisher name=\"P\"><contact email=\"a@example.org\"/>\n"));

        Problem problem = pkg.onlyProblem("plugin.xml", 4, "not well-formed XML");
        assertTrue(problem.message().contains("publisher"), problem::toString);
        assertNull(pkg.load().descriptor());
    }

    @Test
    void wrongNamespaceIsRefused() {
        TestPackage pkg = TestPackage.valid(dir).write("plugin.xml",
                "<?xml version=\"1.0\"?>\n<plugin name=\"X\" version=\"1\">\n" + PUBLISHER + "</plugin>\n");

        pkg.onlyProblem("plugin.xml", 2, "http://plugin.powerschool.pearson.com");
        assertNull(pkg.load().descriptor());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "version=\"1.0\"                                                    | needs a name attribute",
            "name=\"12345678901234567890123456789012345678901\" version=\"1\"   | name is 41 characters; at most 40",
            "name=\"X\"                                                         | needs a version",
            "name=\"X\" version=\"1.0-beta\"                                    | version '1.0-beta' must be digits and dots",
            "name=\"X\" version=\"1.1.1.1.1.1.1.1.1.1.1\"                       | version is 21 characters; at most 20",
    })
    void pluginAttributes(String attributes, String message) {
        TestPackage.valid(dir).write("plugin.xml", plugin(attributes, PUBLISHER)).onlyProblem("plugin.xml", 2, message.trim());
    }

    @Test
    void descriptionIsLimitedTo256() {
        String description = "d".repeat(257);
        TestPackage.valid(dir).write("plugin.xml", plugin("name=\"X\" version=\"1\" description=\"" + description + "\"", PUBLISHER))
                .onlyProblem("plugin.xml", 2, "description is 257 characters; at most 256");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "''                                                                           | 2 | needs a <publisher",
            "<publisher><contact email=\"a@example.org\"/></publisher>                   | 3 | <publisher> needs a name",
            "<publisher name=\"P\"/>                                                     | 3 | needs a <contact email",
            "<publisher name=\"P\"><contact/></publisher>                                 | 3 | needs a <contact email",
            "<publisher name=\"P\"><contact email=\"not-an-email\"/></publisher>          | 3 | does not look like an email",
            "<publisher name=\"P\"><contact email=\"a234567890123456789012345678901234567@example.org\"/></publisher> | 3 | contact email is 49 characters; at most 40",
    })
    void publisherAndContact(String body, int line, String message) {
        TestPackage.valid(dir).write("plugin.xml", plugin("name=\"X\" version=\"1\"", body.isBlank() ? "" : body + "\n"))
                .onlyProblem("plugin.xml", line, message.trim());
    }

    @Test
    void publisherNameIsLimitedTo100() {
        String body = "<publisher name=\"" + "p".repeat(101) + "\"><contact email=\"a@example.org\"/></publisher>\n";
        TestPackage.valid(dir).write("plugin.xml", plugin("name=\"X\" version=\"1\"", body))
                .onlyProblem("plugin.xml", 3, "publisher name is 101 characters; at most 100");
    }

    @Test
    void accessRequestNeedsAKnownAccessLevel() {
        String body = PUBLISHER + "<access_request>\n<field table=\"STUDENTS\" field=\"DCID\" access=\"Everything\"/>\n</access_request>\n";
        TestPackage.valid(dir).write("plugin.xml", plugin("name=\"X\" version=\"1\"", body))
                .onlyProblem("plugin.xml", 5, "must be ViewOnly or FullAccess");
    }

    @Test
    void doctypeAndExternalEntitiesAreRefused() {
        TestPackage pkg = TestPackage.valid(dir).write("secret.txt", "TOP-SECRET");
        String xxe = "<?xml version=\"1.0\"?>\n"
                + "<!DOCTYPE plugin [<!ENTITY x SYSTEM \"" + dir.resolve("secret.txt").toUri() + "\">]>\n"
                + "<plugin xmlns=\"http://plugin.powerschool.pearson.com\" name=\"&x;\" version=\"1\">\n"
                + PUBLISHER + "</plugin>\n";
        pkg.write("plugin.xml", xxe);

        Problem problem = pkg.onlyProblem("plugin.xml", 2, "DOCTYPE declarations are not allowed");
        assertTrue(!problem.message().contains("TOP-SECRET"));
        assertNull(pkg.load().descriptor());
    }

    @Test
    void notAFolderIsAnException() {
        org.junit.jupiter.api.Assertions.assertThrows(PluginPackageException.class,
                () -> PluginPackage.fromDirectory(dir.resolve("absent")));
    }

    @Test
    void problemPrintsLikeACompilerMessage() {
        assertEquals("queries_root/a.named_queries.xml:12: no ORDER BY",
                new Problem("queries_root/a.named_queries.xml", 12, "no ORDER BY").toString());
    }
}
