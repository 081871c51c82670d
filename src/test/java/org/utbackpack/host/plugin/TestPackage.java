package org.utbackpack.host.plugin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A small, valid plugin package written to a temp folder; tests break one file at a time. */
final class TestPackage {

    static final String PLUGIN_XML = """
            <?xml version="1.0" encoding="UTF-8"?>
            <plugin xmlns="http://plugin.powerschool.pearson.com" name="Test Plugin" version="1.2.3"
                    description="A plugin for tests">
              <publisher name="Tests">
                <contact email="tests@example.org"/>
              </publisher>
              <access_request>
                <field table="students" field="dcid" access="ViewOnly"/>
              </access_request>
            </plugin>
            """;

    static final String EXTENSION_XML = """
            <?xml version="1.0" encoding="UTF-8"?>
            <psExtension xmlns="http://www.powerschool.com">
              <extensionname>U_TEST</extensionname>
              <extendedTable coreTable="STUDENTS" dbTableName="U_TEST_REQ" childName="U_TEST_REQ">
                <index name="U_TEST_REQ_STATE_IX">
                  <column name="STATE"/>
                </index>
                <field name="GUARDIANID" type="Integer" isIndexed="true"/>
                <field name="STATE" type="String" length="20"/>
              </extendedTable>
            </psExtension>
            """;

    static final String QUERIES_XML = """
            <?xml version="1.0" encoding="UTF-8"?>
            <queries>
              <query name="org.example.test.requests.by_student" coreTable="STUDENTS">
                <args>
                  <arg name="dcid" column="STUDENTS.DCID" required="true" type="primitive"/>
                </args>
                <columns>
                  <column column="U_TEST_REQ.ID">id</column>
                  <column column="U_TEST_REQ.STATE">state</column>
                </columns>
                <sql><![CDATA[
                  SELECT r.ID, r.STATE FROM U_TEST_REQ r
                  WHERE r.STUDENTSDCID = :dcid AND r.STATE <> ':notabind'
                  ORDER BY r.ID
                ]]></sql>
              </query>
            </queries>
            """;

    static final String PERMISSIONS_XML = """
            <?xml version="1.0" encoding="UTF-8"?>
            <permission_mappings>
              <permission name="/admin/students/test.html">
                <implies allow="post">/ws/schema/query/org.example.test.requests.by_student</implies>
              </permission>
            </permission_mappings>
            """;

    private final Path root;

    private TestPackage(Path root) {
        this.root = root;
    }

    /** A complete valid package in {@code root}, zip layout (user_schema_root/). */
    static TestPackage valid(Path root) {
        TestPackage pkg = new TestPackage(root);
        pkg.write("plugin.xml", PLUGIN_XML);
        pkg.write("user_schema_root/U_TEST.xml", EXTENSION_XML);
        pkg.write("queries_root/test.named_queries.xml", QUERIES_XML);
        pkg.write("permissions_root/test.permission_mappings.xml", PERMISSIONS_XML);
        pkg.write("web_root/admin/students/more2.TestLink.leftnav.footer.txt", "<li><a href=\"test.html\">Test</a></li>\n");
        pkg.write("web_root/admin/students/more2.TestLink.leftnav.footer.xml",
                "<insertionMetadata><inject location=\"#nav\" how=\"append\"/></insertionMetadata>\n");
        pkg.write("web_root/admin/students/test.html", "<html><body>~[text:psx.test]</body></html>\n");
        pkg.write("MessageKeys/Test.US_en.properties", "psx.test=Test\n");
        pkg.write("lib/test.jar", "not really a jar");
        return pkg;
    }

    Path root() {
        return root;
    }

    TestPackage write(String relative, String content) {
        try {
            Path file = root.resolve(relative);
            Files.createDirectories(file.getParent());
            Files.writeString(file, content, StandardCharsets.UTF_8);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    TestPackage delete(String relative) {
        try {
            Files.delete(root.resolve(relative));
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    PluginPackage load() {
        return PluginPackage.fromDirectory(root);
    }

    /** Loads the package and asserts it reports exactly one problem, in {@code file} at {@code line}. */
    Problem onlyProblem(String file, int line, String messagePart) {
        List<Problem> problems = load().problems();
        assertEquals(1, problems.size(), () -> "expected one problem, got " + problems);
        Problem problem = problems.get(0);
        assertEquals(file, problem.file(), problem::toString);
        assertEquals(line, problem.line(), problem::toString);
        assertTrue(problem.message().contains(messagePart), () -> "'" + messagePart + "' not in: " + problem);
        return problem;
    }

    /**
     * Loads the package and asserts it installs (no errors) and warns exactly once, in {@code file} at
     * {@code line}.
     */
    Problem onlyWarning(String file, int line, String messagePart) {
        PluginPackage pkg = load();
        assertEquals(List.of(), pkg.problems());
        List<Problem> warnings = pkg.warnings();
        assertEquals(1, warnings.size(), () -> "expected one warning, got " + warnings);
        Problem warning = warnings.get(0);
        assertTrue(warning.warning(), warning::toString);
        assertEquals(file, warning.file(), warning::toString);
        assertEquals(line, warning.line(), warning::toString);
        assertTrue(warning.message().contains(messagePart), () -> "'" + messagePart + "' not in: " + warning);
        return warning;
    }

    /** Asserts that among the problems one is in {@code file} and mentions {@code messagePart}. */
    Problem hasProblem(String file, String messagePart) {
        List<Problem> problems = load().problems();
        return problems.stream()
                .filter(p -> p.file().equals(file) && p.message().contains(messagePart))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no problem in " + file + " mentioning '" + messagePart + "': " + problems));
    }
}
