package org.utbackpack.host.runtime;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What kind of value a PowerQuery argument takes, read from the database's own description of the column the
 * argument names ({@code <arg column="TABLE.COLUMN">}), as the SIS takes it from its data dictionary: a whole
 * number for an integer column (an Integer field, a DCID, a NUMBER(…, 0) on Oracle), a date for a Date field,
 * text for the rest and for a column the database does not have. Read once per column and kept.
 */
final class ColumnKinds {

    enum Kind { WHOLE_NUMBER, DATE, TEXT }

    private final DataSource dataSource;
    private final Map<String, Kind> known = new ConcurrentHashMap<>();

    ColumnKinds(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The kind of {@code TABLE.COLUMN}; TEXT when the argument names no column the database has. */
    Kind of(String tableDotColumn) {
        if (tableDotColumn == null || tableDotColumn.indexOf('.') < 1) {
            return Kind.TEXT;
        }
        return known.computeIfAbsent(tableDotColumn.toUpperCase(Locale.ROOT), this::read);
    }

    private Kind read(String tableDotColumn) {
        int dot = tableDotColumn.indexOf('.');
        String table = tableDotColumn.substring(0, dot);
        String column = tableDotColumn.substring(dot + 1);
        try (Connection c = dataSource.getConnection()) {
            DatabaseMetaData meta = c.getMetaData();
            // H2 and Oracle keep unquoted names in upper case, PostgreSQL in lower case
            for (String[] name : new String[][] {{table, column},
                    {table.toLowerCase(Locale.ROOT), column.toLowerCase(Locale.ROOT)}}) {
                try (ResultSet rs = meta.getColumns(null, null, name[0], name[1])) {
                    if (rs.next()) {
                        return kind(rs.getInt("DATA_TYPE"), rs.getInt("DECIMAL_DIGITS"), rs.wasNull());
                    }
                }
            }
            return Kind.TEXT;
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read the type of " + tableDotColumn + ": " + e.getMessage(), e);
        }
    }

    static Kind kind(int sqlType, int decimalDigits, boolean digitsUnknown) {
        return switch (sqlType) {
            case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT -> Kind.WHOLE_NUMBER;
            case Types.NUMERIC, Types.DECIMAL -> !digitsUnknown && decimalDigits == 0 ? Kind.WHOLE_NUMBER : Kind.TEXT;
            case Types.DATE, Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE -> Kind.DATE;
            default -> Kind.TEXT;
        };
    }
}
