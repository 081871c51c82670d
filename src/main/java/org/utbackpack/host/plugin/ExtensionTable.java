package org.utbackpack.host.plugin;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One {@code <extendedTable>} of a database extension file. Table, core table, field and index names
 * are upper-cased.
 *
 * @param file          path of the extension file inside the package
 * @param extensionName the file's {@code <extensionname>}
 * @param coreTable     the parent table (a core table or another extension table); null for standalone
 */
public record ExtensionTable(String file, String extensionName, Kind kind, String coreTable, String tableName,
                             List<ExtensionField> fields, List<ExtensionIndex> indexes) {

    /** The SIS tables an extension may hang off, besides the package's own extension tables. */
    public static final Set<String> CORE_TABLES = Set.of(
            "STUDENTS", "USERS", "SCHOOLS", "SCHOOLSTAFF", "GUARDIAN", "CC", "SECTIONS", "COURSES", "TEACHERS");

    /** The audit columns the SIS adds to every extension table. */
    public static final List<String> AUDIT_COLUMNS = List.of("WHOCREATED", "WHENCREATED", "WHOMODIFIED", "WHENMODIFIED");

    public enum Kind {
        /** Many rows per parent row: coreTable + dbTableName + childName. */
        CHILD,
        /** At most one row per parent row, keyed by the parent's key: coreTable + dbTableName. */
        ONE_TO_ONE,
        /** Independent: {@code type="standalone"}. */
        STANDALONE
    }

    public ExtensionTable {
        fields = List.copyOf(fields);
        indexes = List.copyOf(indexes);
    }

    /**
     * The column that points at the parent row: {@code <CORE>DCID} for a core table (e.g. STUDENTSDCID),
     * {@code <PARENT>ID} for another extension table; null for a standalone table.
     */
    public String parentKeyColumn() {
        if (kind == Kind.STANDALONE || coreTable == null) {
            return null;
        }
        return CORE_TABLES.contains(coreTable) ? coreTable + "DCID" : coreTable + "ID";
    }

    /** Whether rows get a generated {@code ID} (child and standalone tables; one-to-one rows use the parent key). */
    public boolean hasGeneratedId() {
        return kind != Kind.ONE_TO_ONE;
    }

    /** The columns the SIS adds, which a package must not declare as fields. */
    public List<String> automaticColumns() {
        List<String> columns = new ArrayList<>();
        if (hasGeneratedId()) {
            columns.add("ID");
        }
        if (parentKeyColumn() != null) {
            columns.add(parentKeyColumn());
        }
        columns.addAll(AUDIT_COLUMNS);
        return List.copyOf(columns);
    }
}
