package org.utbackpack.host.plugin;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChangelogXmlTest {

    private static final ExtensionTable NOTES = new ExtensionTable("f.xml", "X", ExtensionTable.Kind.CHILD, "STUDENTS", "U_T_NOTES",
            List.of(new ExtensionField("NOTE", "String", 200, true, null)), List.of());

    @Test
    void changeSetsHaveDeterministicIdsAndPreconditions() {
        ExtensionField note = NOTES.fields().get(0);
        String xml = ChangelogXml.write(List.of(
                new SchemaChange.CreateTable(NOTES),
                new SchemaChange.AddColumn("U_T_NOTES", note),
                new SchemaChange.WidenColumn("U_T_NOTES", note),
                new SchemaChange.CreateIndex("U_T_NOTES", "U_T_NOTES_NOTE_IX", List.of("NOTE"))));

        assertTrue(xml.contains("logicalFilePath=\"plugin-extension-tables\""), xml);
        assertTrue(xml.contains("<changeSet id=\"U_T_NOTES:create\""), xml);
        assertTrue(xml.contains("<not><tableExists tableName=\"U_T_NOTES\"/></not>"), xml);
        assertTrue(xml.contains("<changeSet id=\"U_T_NOTES:field:NOTE\""), xml);
        assertTrue(xml.contains("<not><columnExists tableName=\"U_T_NOTES\" columnName=\"NOTE\"/></not>"), xml);
        assertTrue(xml.contains("<changeSet id=\"U_T_NOTES:length:NOTE:200\""), xml);
        assertTrue(xml.contains("newDataType=\"VARCHAR(200)\""), xml);
        assertTrue(xml.contains("<changeSet id=\"U_T_NOTES:index:U_T_NOTES_NOTE_IX\""), xml);
        assertTrue(xml.contains("<not><indexExists tableName=\"U_T_NOTES\" indexName=\"U_T_NOTES_NOTE_IX\"/></not>"), xml);
        assertEquals(4, xml.split("onFail=\"MARK_RAN\"", -1).length - 1, xml);
    }

    @Test
    void createTableHasTheAutomaticColumns() {
        String xml = ChangelogXml.write(List.of(new SchemaChange.CreateTable(NOTES)));

        assertTrue(xml.contains("<column name=\"ID\" type=\"BIGINT\" autoIncrement=\"true\">"), xml);
        assertTrue(xml.contains("<column name=\"STUDENTSDCID\" type=\"BIGINT\">"), xml);
        for (String audit : ExtensionTable.AUDIT_COLUMNS) {
            assertTrue(xml.contains("<column name=\"" + audit + "\""), audit);
        }
    }

    @Test
    void typesMapToLiquibasePortableNames() {
        assertEquals("VARCHAR(30)", ChangelogXml.sqlType(new ExtensionField("A", "String", 30, false, null)));
        assertEquals("BIGINT", ChangelogXml.sqlType(new ExtensionField("A", "Integer", null, false, null)));
        assertEquals("DOUBLE", ChangelogXml.sqlType(new ExtensionField("A", "Double", null, false, null)));
        assertEquals("BOOLEAN", ChangelogXml.sqlType(new ExtensionField("A", "Boolean", null, false, null)));
        assertEquals("${utbackpack.dateType}", ChangelogXml.sqlType(new ExtensionField("A", "Date", null, false, null)));
        assertEquals("CLOB", ChangelogXml.sqlType(new ExtensionField("A", "Clob", null, false, null)));
        assertThrows(PluginPackageException.class, () -> ChangelogXml.sqlType(new ExtensionField("A", "Blob", null, false, null)));
    }

    @Test
    void aDateFieldIsToTheSecondWithoutZoneAsAnOracleDate() {
        String xml = ChangelogXml.write(List.of());
        assertTrue(xml.contains("<property name=\"utbackpack.dateType\" value=\"DATE\" dbms=\"oracle\"/>"), xml);
        assertTrue(xml.contains("<property name=\"utbackpack.dateType\" value=\"TIMESTAMP(0)\"/>"), xml);
        assertTrue(xml.indexOf("dbms=\"oracle\"") < xml.indexOf("value=\"TIMESTAMP(0)\""),
                "the Oracle definition comes first, so it wins there");
    }

    @Test
    void longGeneratedNamesAreShortenedStably() {
        String name = SchemaPlanner.indexName("S_UT_STU_BACKPACKREQUEST_C", "STUDENTSDCID");

        assertTrue(name.length() <= 30, name);
        assertTrue(name.startsWith("S_UT_STU_BACKPACKREQU"), name);
        assertEquals(name, SchemaPlanner.indexName("S_UT_STU_BACKPACKREQUEST_C", "STUDENTSDCID"));
        assertTrue(!name.equals(SchemaPlanner.indexName("S_UT_STU_BACKPACKREQUEST_C", "STUDENTSDCIX")));
        assertEquals("U_T_NOTES_NOTE_IX", SchemaPlanner.indexName("U_T_NOTES", "NOTE"));
        assertEquals("PK_U_T_NOTES", SchemaPlanner.primaryKeyName("U_T_NOTES"));
    }

    @Test
    void migratorRefusesUnsafeDefinitions() {
        ExtensionTable bad = new ExtensionTable("f.xml", "X", ExtensionTable.Kind.STANDALONE, null, "U_T; DROP TABLE X",
                List.of(), List.of());
        ExtensionTable noLength = new ExtensionTable("f.xml", "X", ExtensionTable.Kind.STANDALONE, null, "U_T",
                List.of(new ExtensionField("A", "String", null, false, null)), List.of());

        assertThrows(PluginPackageException.class, () -> new ExtensionSchemaMigrator().migrate(null, List.of(bad)));
        assertThrows(PluginPackageException.class, () -> new ExtensionSchemaMigrator().migrate(null, List.of(noLength)));
    }
}
