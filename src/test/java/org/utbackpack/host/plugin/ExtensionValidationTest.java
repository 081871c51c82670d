package org.utbackpack.host.plugin;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class ExtensionValidationTest {

    private static final String FILE = "user_schema_root/U_TEST.xml";

    @TempDir
    Path dir;

    /** An extension file whose {@code <extendedTable>} start tag is on line 4 and first field on line 5. */
    private static String extension(String tableAttributes, String body) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<psExtension xmlns=\"http://www.powerschool.com\">\n"
                + "  <extensionname>U_TEST</extensionname>\n"
                + "  <extendedTable " + tableAttributes + ">\n"
                + body
                + "  </extendedTable>\n"
                + "</psExtension>\n";
    }

    private static final String CHILD = "coreTable=\"STUDENTS\" dbTableName=\"U_TEST_REQ\" childName=\"U_TEST_REQ\"";

    private TestPackage withExtension(String xml) {
        // The sample query and permission refer to U_TEST_REQ only in SQL, which is not checked against tables.
        return TestPackage.valid(dir).write(FILE, xml);
    }

    @Test
    void readsKindsFieldsAndIndexes() {
        String xml = "<?xml version=\"1.0\"?>\n<psExtension xmlns=\"http://www.powerschool.com\">\n"
                + "<extensionname>U_TEST</extensionname>\n"
                + "<extendedTable " + CHILD + ">\n"
                + "  <index name=\"u_test_req_state_ix\"><column name=\"state\"/><column name=\"studentsdcid\"/></index>\n"
                + "  <field name=\"state\" type=\"string\" length=\"20\" description=\"Where it is\"/>\n"
                + "  <field name=\"GUARDIANID\" type=\"Integer\" isIndexed=\"true\"/>\n"
                + "</extendedTable>\n"
                + "<extendedTable coreTable=\"users\" dbTableName=\"U_TEST_USER\"><field name=\"OK\" type=\"Boolean\"/></extendedTable>\n"
                + "<extendedTable type=\"standalone\" dbTableName=\"U_TEST_LOG\"><field name=\"AT\" type=\"Date\"/></extendedTable>\n"
                + "<extendedTable coreTable=\"U_TEST_LOG\" dbTableName=\"U_TEST_LOGLINE\" childName=\"U_TEST_LOGLINE\">"
                + "<field name=\"LINE\" type=\"Clob\"/><field name=\"SCORE\" type=\"Double\"/></extendedTable>\n"
                + "</psExtension>\n";
        PluginPackage pkg = withExtension(xml).load();

        assertEquals(List.of(), pkg.problems());
        List<ExtensionTable> tables = pkg.extensionTables();
        assertEquals(4, tables.size());
        ExtensionTable child = tables.get(0);
        assertEquals(new ExtensionTable(FILE, "U_TEST", ExtensionTable.Kind.CHILD, "STUDENTS", "U_TEST_REQ",
                List.of(new ExtensionField("STATE", "String", 20, false, "Where it is"),
                        new ExtensionField("GUARDIANID", "Integer", null, true, null)),
                List.of(new ExtensionIndex("U_TEST_REQ_STATE_IX", List.of("STATE", "STUDENTSDCID")))), child);
        assertEquals(List.of("ID", "STUDENTSDCID", "WHOCREATED", "WHENCREATED", "WHOMODIFIED", "WHENMODIFIED"),
                child.automaticColumns());
        ExtensionTable oneToOne = tables.get(1);
        assertEquals(ExtensionTable.Kind.ONE_TO_ONE, oneToOne.kind());
        assertEquals("USERS", oneToOne.coreTable());
        assertEquals("USERSDCID", oneToOne.parentKeyColumn());
        ExtensionTable standalone = tables.get(2);
        assertEquals(ExtensionTable.Kind.STANDALONE, standalone.kind());
        assertNull(standalone.coreTable());
        assertNull(standalone.parentKeyColumn());
        ExtensionTable childOfCustom = tables.get(3);
        assertEquals("U_TEST_LOG", childOfCustom.coreTable());
        assertEquals("U_TEST_LOGID", childOfCustom.parentKeyColumn());
    }

    @Test
    void sourceTreeLayoutIsUsedWhenThereIsNoUserSchemaRoot() {
        TestPackage pkg = TestPackage.valid(dir).delete(FILE).delete("user_schema_root").write("database_extensions/U_TEST.xml", TestPackage.EXTENSION_XML);

        PluginPackage loaded = pkg.load();
        assertEquals(List.of(), loaded.problems());
        assertEquals("database_extensions/U_TEST.xml", loaded.extensionTables().get(0).file());
    }

    @Test
    void malformedExtensionReportsFileAndLine() {
        withExtension(extension(CHILD, "    <field name=\"A\" type=\"String\" length=\"10\">\n"))
                .onlyProblem(FILE, 6, "not well-formed XML");
    }

    @Test
    void rootMustBePsExtensionInItsNamespace() {
        withExtension("<?xml version=\"1.0\"?>\n<psExtension>\n<extensionname>X</extensionname>\n</psExtension>\n")
                .onlyProblem(FILE, 2, "http://www.powerschool.com");
    }

    @Test
    void extensionNameIsRequired() {
        withExtension("<?xml version=\"1.0\"?>\n<psExtension xmlns=\"http://www.powerschool.com\">\n"
                + "<extendedTable " + CHILD + "><field name=\"A\" type=\"Integer\"/></extendedTable>\n</psExtension>\n")
                .onlyProblem(FILE, 2, "needs an <extensionname>");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "coreTable=\"STUDENTS\" childName=\"X\"                                        | needs a dbTableName",
            "coreTable=\"STUDENTS\" dbTableName=\"U_TEST_123456789012345678901234\"         | is 31 characters; at most 30",
            "coreTable=\"STUDENTS\" dbTableName=\"U-TEST\"                                  | must use letters, digits and underscore",
            "coreTable=\"STUDENTS\" dbTableName=\"1U_TEST\"                                 | start with a letter",
            "coreTable=\"STUDENT\" dbTableName=\"U_TEST_REQ\" childName=\"U_TEST_REQ\"        | coreTable STUDENT is neither a core table",
            "dbTableName=\"U_TEST_REQ\"                                                    | needs coreTable=",
            "type=\"global\" dbTableName=\"U_TEST_REQ\"                                     | only type=\"standalone\"",
    })
    void tableRules(String attributes, String message) {
        withExtension(extension(attributes, "    <field name=\"A\" type=\"Integer\"/>\n")).onlyProblem(FILE, 4, message.trim());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "<field name=\"A234567890123456789012345678901\" type=\"Integer\"/>   | is 31 characters; at most 30",
            "<field name=\"BAD NAME\" type=\"Integer\"/>                           | must use letters, digits and underscore",
            "<field type=\"Integer\"/>                                             | <field> needs a name",
            "<field name=\"STUDENTSDCID\" type=\"Integer\"/>                       | added by the SIS automatically",
            "<field name=\"id\" type=\"Integer\"/>                                 | added by the SIS automatically",
            "<field name=\"WHENMODIFIED\" type=\"Date\"/>                          | added by the SIS automatically",
            "<field name=\"A\" type=\"Text\"/>                                     | must be one of String, Integer, Double, Boolean, Date, Clob",
            "<field name=\"A\" type=\"String\"/>                                   | needs length=",
            "<field name=\"A\" type=\"String\" length=\"0\"/>                      | length '0' is not valid",
            "<field name=\"A\" type=\"String\" length=\"4001\"/>                   | length '4001' is not valid",
            "<field name=\"A\" type=\"String\" length=\"ten\"/>                    | length 'ten' is not valid",
    })
    void fieldRules(String field, String message) {
        withExtension(extension(CHILD, "    " + field + "\n")).onlyProblem(FILE, 5, message.trim());
    }

    @Test
    void fieldNamesAreUniquePerTable() {
        withExtension(extension(CHILD, "    <field name=\"A\" type=\"Integer\"/>\n    <field name=\"a\" type=\"Date\"/>\n"))
                .onlyProblem(FILE, 6, "U_TEST_REQ.A is declared twice");
    }

    @Test
    void oneToOneTablesGetNoIdButTheParentKey() {
        // ID is an ordinary field name on a one-to-one table: its rows are keyed by the parent's DCID.
        // (the sample query reads U_TEST_REQ, which this package no longer has: only this file matters here)
        assertEquals(List.of(), withExtension(extension("coreTable=\"USERS\" dbTableName=\"U_TEST_USER\"",
                "    <field name=\"ID\" type=\"Integer\"/>\n")).load().problems().stream()
                .filter(p -> p.file().equals(FILE)).toList());
        withExtension(extension("coreTable=\"USERS\" dbTableName=\"U_TEST_USER\"", "    <field name=\"USERSDCID\" type=\"Integer\"/>\n"))
                .onlyProblem(FILE, 5, "added by the SIS automatically");
    }

    @Test
    void indexColumnsMustBeFieldsOrAutomaticColumns() {
        String body = "    <index name=\"U_TEST_IX\">\n      <column name=\"NOPE\"/>\n    </index>\n"
                + "    <field name=\"A\" type=\"Integer\"/>\n";
        withExtension(extension(CHILD, body)).onlyProblem(FILE, 6,
                "index U_TEST_IX names column NOPE, which is neither a field of the table nor an automatic column");
    }

    @Test
    void tableNamesAreUniqueAcrossThePackage() {
        TestPackage pkg = TestPackage.valid(dir).write("user_schema_root/U_TEST2.xml", TestPackage.EXTENSION_XML.replace(
                "<index name=\"U_TEST_REQ_STATE_IX\">", "<index name=\"U_TEST_REQ_OTHER_IX\">"));

        Problem problem = pkg.onlyProblem("user_schema_root/U_TEST2.xml", 4, "U_TEST_REQ is already declared in " + FILE + ":4");
        assertEquals("user_schema_root/U_TEST2.xml", problem.file());
    }

    @Test
    void onlyOneOneToOneExtensionPerCoreTable() {
        String xml = "<?xml version=\"1.0\"?>\n<psExtension xmlns=\"http://www.powerschool.com\">\n"
                + "<extensionname>U_TEST</extensionname>\n"
                + "<extendedTable coreTable=\"USERS\" dbTableName=\"U_TEST_A\"><field name=\"A\" type=\"Integer\"/></extendedTable>\n"
                + "<extendedTable coreTable=\"USERS\" dbTableName=\"U_TEST_B\"><field name=\"B\" type=\"Integer\"/></extendedTable>\n"
                + "</psExtension>\n";
        withExtension(xml).onlyProblem(FILE, 5, "USERS already has a one-to-one extension, U_TEST_A");
    }

    @Test
    void parentChainsMustNotLoop() {
        String xml = "<?xml version=\"1.0\"?>\n<psExtension xmlns=\"http://www.powerschool.com\">\n"
                + "<extensionname>U_TEST</extensionname>\n"
                + "<extendedTable coreTable=\"U_TEST_B\" dbTableName=\"U_TEST_A\" childName=\"A\"><field name=\"A\" type=\"Integer\"/></extendedTable>\n"
                + "<extendedTable coreTable=\"U_TEST_A\" dbTableName=\"U_TEST_B\" childName=\"B\"><field name=\"B\" type=\"Integer\"/></extendedTable>\n"
                + "</psExtension>\n";
        withExtension(xml).hasProblem(FILE, "U_TEST_A: coreTable chain leads back to itself");
    }
}
