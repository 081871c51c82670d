package org.utbackpack.host.plugin;

import java.util.List;

/**
 * Writes planned schema steps as a Liquibase XML changelog. Every name is an identifier already
 * checked to be letters, digits and underscore, so nothing needs XML escaping; each changeSet also
 * carries a precondition, so a database that already has the object just marks the step as run.
 */
final class ChangelogXml {

    /** One logical path for all extension changeSets, whatever resource name the XML is served under. */
    static final String LOGICAL_PATH = "plugin-extension-tables";
    static final String AUTHOR = "ut-backpack-host";
    /** The changelog property that names a Date field's column type for the database at hand. */
    static final String DATE_PROPERTY = "utbackpack.dateType";

    private final StringBuilder xml = new StringBuilder();

    private ChangelogXml() {
    }

    static String write(List<SchemaChange> changes) {
        ChangelogXml writer = new ChangelogXml();
        writer.line("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
        writer.line("<databaseChangeLog xmlns=\"http://www.liquibase.org/xml/ns/dbchangelog\"");
        writer.line("    xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"");
        writer.line("    xsi:schemaLocation=\"http://www.liquibase.org/xml/ns/dbchangelog"
                + " http://www.liquibase.org/xml/ns/dbchangelog/dbchangelog-latest.xsd\"");
        writer.line("    logicalFilePath=\"" + LOGICAL_PATH + "\">");
        // A Date field is an Oracle DATE on the SIS: to the second, no time zone. The first definition whose
        // dbms matches wins, so Oracle gets DATE and every other database a TIMESTAMP without fractions.
        writer.line("  <property name=\"" + DATE_PROPERTY + "\" value=\"DATE\" dbms=\"oracle\"/>");
        writer.line("  <property name=\"" + DATE_PROPERTY + "\" value=\"TIMESTAMP(0)\"/>");
        for (SchemaChange change : changes) {
            writer.changeSet(change);
        }
        writer.line("</databaseChangeLog>");
        return writer.xml.toString();
    }

    private void changeSet(SchemaChange change) {
        line("  <changeSet id=\"" + change.changeSetId() + "\" author=\"" + AUTHOR + "\">");
        // The step's content may differ between package versions (a create made before a field was added);
        // the id alone says whether it ran.
        line("    <validCheckSum>ANY</validCheckSum>");
        if (change instanceof SchemaChange.CreateTable create) {
            createTable(create.definition());
        } else if (change instanceof SchemaChange.AddColumn add) {
            addColumn(add);
        } else if (change instanceof SchemaChange.WidenColumn widen) {
            widenColumn(widen);
        } else if (change instanceof SchemaChange.DateToSeconds seconds) {
            dateToSeconds(seconds);
        } else if (change instanceof SchemaChange.CreateIndex index) {
            createIndex(index);
        }
        line("  </changeSet>");
    }

    private void createTable(ExtensionTable table) {
        String name = table.tableName();
        precondition("<not><tableExists tableName=\"" + name + "\"/></not>");
        line("    <createTable tableName=\"" + name + "\">");
        if (table.hasGeneratedId()) {
            line("      <column name=\"ID\" type=\"BIGINT\" autoIncrement=\"true\">");
            line("        <constraints primaryKey=\"true\" primaryKeyName=\"" + SchemaPlanner.primaryKeyName(name)
                    + "\" nullable=\"false\"/>");
            line("      </column>");
        }
        String parentKey = table.parentKeyColumn();
        if (parentKey != null) {
            String key = table.hasGeneratedId() ? "" : " primaryKey=\"true\" primaryKeyName=\""
                    + SchemaPlanner.primaryKeyName(name) + "\"";
            line("      <column name=\"" + parentKey + "\" type=\"BIGINT\">");
            line("        <constraints nullable=\"false\"" + key + "/>");
            line("      </column>");
        }
        line("      <column name=\"WHOCREATED\" type=\"VARCHAR(100)\"/>");
        line("      <column name=\"WHENCREATED\" type=\"TIMESTAMP\"/>");
        line("      <column name=\"WHOMODIFIED\" type=\"VARCHAR(100)\"/>");
        line("      <column name=\"WHENMODIFIED\" type=\"TIMESTAMP\"/>");
        for (ExtensionField field : table.fields()) {
            line("      <column name=\"" + field.name() + "\" type=\"" + sqlType(field) + "\"/>");
        }
        line("    </createTable>");
    }

    private void addColumn(SchemaChange.AddColumn add) {
        precondition("<not><columnExists tableName=\"" + add.table() + "\" columnName=\"" + add.field().name() + "\"/></not>");
        line("    <addColumn tableName=\"" + add.table() + "\">");
        line("      <column name=\"" + add.field().name() + "\" type=\"" + sqlType(add.field()) + "\"/>");
        line("    </addColumn>");
    }

    private void widenColumn(SchemaChange.WidenColumn widen) {
        precondition("<columnExists tableName=\"" + widen.table() + "\" columnName=\"" + widen.field().name() + "\"/>");
        line("    <modifyDataType tableName=\"" + widen.table() + "\" columnName=\"" + widen.field().name()
                + "\" newDataType=\"" + sqlType(widen.field()) + "\"/>");
    }

    private void dateToSeconds(SchemaChange.DateToSeconds seconds) {
        precondition("<columnExists tableName=\"" + seconds.table() + "\" columnName=\"" + seconds.field().name() + "\"/>");
        line("    <modifyDataType tableName=\"" + seconds.table() + "\" columnName=\"" + seconds.field().name()
                + "\" newDataType=\"" + sqlType(seconds.field()) + "\"/>");
    }

    private void createIndex(SchemaChange.CreateIndex index) {
        precondition("<not><indexExists tableName=\"" + index.table() + "\" indexName=\"" + index.name() + "\"/></not>");
        line("    <createIndex tableName=\"" + index.table() + "\" indexName=\"" + index.name() + "\">");
        for (String column : index.columns()) {
            line("      <column name=\"" + column + "\"/>");
        }
        line("    </createIndex>");
    }

    private void precondition(String condition) {
        line("    <preConditions onFail=\"MARK_RAN\">" + condition + "</preConditions>");
    }

    /**
     * Liquibase's portable type names; Liquibase renders each for the database at hand. A Date field's type is
     * the changelog property {@link #DATE_PROPERTY}, which the changelog defines per database.
     */
    static String sqlType(ExtensionField field) {
        return switch (field.type()) {
            case "String" -> "VARCHAR(" + field.length() + ")";
            case "Integer" -> "BIGINT";
            case "Double" -> "DOUBLE";   // DOUBLE PRECISION on H2, PostgreSQL and Oracle
            case "Boolean" -> "BOOLEAN";  // NUMBER(1) on Oracle before 23
            case "Date" -> "${" + DATE_PROPERTY + "}"; // to the second, no zone: DATE on Oracle, TIMESTAMP(0) elsewhere
            case "Clob" -> "CLOB";        // TEXT on PostgreSQL
            default -> throw new PluginPackageException("Unknown extension field type " + field.type());
        };
    }

    private void line(String text) {
        xml.append(text).append('\n');
    }
}
