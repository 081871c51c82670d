package org.utbackpack.host.plugin;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What the database already holds for a set of extension tables, read through JDBC metadata so the
 * migrator can decide, before changing anything, what to add, what to widen and what to refuse.
 * Names are upper-cased whatever case the database stores them in (PostgreSQL folds to lower case).
 */
final class ExistingSchema {

    /**
     * A column as the database reports it; {@code family} is our field type it corresponds to, {@code fraction}
     * the digits of a second a date-time column keeps (0 for an Oracle DATE or a TIMESTAMP(0)).
     */
    record Column(String name, String typeName, int size, String family, int fraction) {

        /** Whether a declared field of {@code type} can live in this column without a type change. */
        boolean holds(String type) {
            // Oracle stores BIGINT, BOOLEAN and some DOUBLEs as NUMBER; accept any numeric field there.
            return family.equals(type) || family.equals("Number") && Set.of("Integer", "Double", "Boolean").contains(type);
        }

        String describe() {
            return family.equals("String") ? typeName + "(" + size + ")" : typeName;
        }
    }

    private final Map<String, Map<String, Column>> columns;
    private final Map<String, Set<String>> indexes;

    private ExistingSchema(Map<String, Map<String, Column>> columns, Map<String, Set<String>> indexes) {
        this.columns = columns;
        this.indexes = indexes;
    }

    static ExistingSchema read(Connection connection, Collection<String> tableNames) throws SQLException {
        DatabaseMetaData meta = connection.getMetaData();
        String schema = connection.getSchema();
        Map<String, Map<String, Column>> columns = new HashMap<>();
        Map<String, Set<String>> indexes = new HashMap<>();
        for (String table : tableNames) {
            Map<String, Column> tableColumns = readColumns(meta, schema, table);
            if (!tableColumns.isEmpty()) {
                columns.put(table, tableColumns);
                indexes.put(table, readIndexes(meta, schema, table));
            }
        }
        return new ExistingSchema(columns, indexes);
    }

    boolean hasTable(String table) {
        return columns.containsKey(table);
    }

    /** The column, or null when the table or column does not exist. */
    Column column(String table, String column) {
        return columns.getOrDefault(table, Map.of()).get(column);
    }

    boolean hasIndex(String table, String index) {
        return indexes.getOrDefault(table, Set.of()).contains(index);
    }

    private static Map<String, Column> readColumns(DatabaseMetaData meta, String schema, String table) throws SQLException {
        Map<String, Column> result = new HashMap<>();
        String pattern = escapePattern(meta, stored(meta, table));
        try (ResultSet rs = meta.getColumns(null, schema, pattern, "%")) {
            while (rs.next()) {
                // The pattern escape is driver-specific; the exact comparison keeps look-alikes out.
                if (!table.equalsIgnoreCase(rs.getString("TABLE_NAME"))) {
                    continue;
                }
                String name = Names.upper(rs.getString("COLUMN_NAME"));
                String typeName = rs.getString("TYPE_NAME");
                int jdbcType = rs.getInt("DATA_TYPE");
                String family = family(jdbcType, typeName);
                int fraction = family.equals("Date") ? rs.getInt("DECIMAL_DIGITS") : 0;
                result.put(name, new Column(name, typeName, rs.getInt("COLUMN_SIZE"), family, fraction));
            }
        }
        return result;
    }

    private static Set<String> readIndexes(DatabaseMetaData meta, String schema, String table) throws SQLException {
        Set<String> result = new HashSet<>();
        try (ResultSet rs = meta.getIndexInfo(null, schema, stored(meta, table), false, true)) {
            while (rs.next()) {
                String name = rs.getString("INDEX_NAME");
                if (name != null) {
                    result.add(Names.upper(name));
                }
            }
        }
        return result;
    }

    /** The field type a database column corresponds to, or "Number" for Oracle's ambiguous NUMBER. */
    static String family(int jdbcType, String typeName) {
        String name = typeName == null ? "" : typeName.toLowerCase(Locale.ROOT);
        if (name.equals("text") || name.contains("clob") || name.contains("large object")) {
            return "Clob";
        }
        return switch (jdbcType) {
            case Types.CLOB, Types.NCLOB, Types.LONGVARCHAR, Types.LONGNVARCHAR -> "Clob";
            case Types.VARCHAR, Types.NVARCHAR, Types.CHAR, Types.NCHAR -> "String";
            case Types.BIGINT, Types.INTEGER, Types.SMALLINT, Types.TINYINT -> "Integer";
            case Types.DOUBLE, Types.FLOAT, Types.REAL -> "Double";
            case Types.BOOLEAN, Types.BIT -> "Boolean";
            case Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE, Types.DATE -> "Date";
            case Types.NUMERIC, Types.DECIMAL -> "Number";
            default -> typeName;
        };
    }

    private static String stored(DatabaseMetaData meta, String name) throws SQLException {
        if (meta.storesLowerCaseIdentifiers()) {
            return name.toLowerCase(Locale.ROOT);
        }
        return meta.storesUpperCaseIdentifiers() ? name.toUpperCase(Locale.ROOT) : name;
    }

    /** '_' is a wildcard in metadata patterns, and extension table names are full of them. */
    private static String escapePattern(DatabaseMetaData meta, String name) throws SQLException {
        String escape = meta.getSearchStringEscape();
        if (escape == null || escape.isEmpty()) {
            return name;
        }
        return name.replace(escape, escape + escape).replace("_", escape + "_").replace("%", escape + "%");
    }
}
