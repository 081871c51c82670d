package org.utbackpack.testing;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The rows of the Student Backpack plugin's tables ({@code S_UT_STU_BACKPACK*} and {@code U_UT_BP_*}: requests,
 * files and their records, the disclosure log, staff access), and of any of the host's own tables a class names,
 * taken once and put back after each test of a class that shares a host. The forwarder's writes are conditional on its lease of a request row, so a request
 * still in flight when its row goes away changes nothing afterwards.
 */
final class PluginTables {

    private static final List<String> PREFIXES = List.of("S_UT_STU_BACKPACK", "U_UT_BP_");

    private PluginTables() {
    }

    /** One table's rows as they were. */
    private record Table(String name, List<String> columns, List<Object[]> rows) {
    }

    /** The plugin's tables as they were when taken. */
    static final class Snapshot {
        private final List<Table> tables;

        private Snapshot(List<Table> tables) {
            this.tables = tables;
        }

        /** Deletes every row the tests added and puts back the rows that were there, in one transaction. */
        void restore(DataSource dataSource) throws SQLException {
            try (Connection c = dataSource.getConnection()) {
                boolean auto = c.getAutoCommit();
                c.setAutoCommit(false);
                try {
                    for (Table t : tables) {
                        try (Statement s = c.createStatement()) {
                            s.executeUpdate("DELETE FROM " + t.name());
                        }
                        if (t.rows().isEmpty()) {
                            continue;
                        }
                        List<String> columns = t.columns().stream().map(PluginTables::quoted).toList();
                        String sql = "INSERT INTO " + t.name() + " (" + String.join(", ", columns) + ") VALUES ("
                                + String.join(", ", columns.stream().map(col -> "?").toList()) + ")";
                        try (PreparedStatement ps = c.prepareStatement(sql)) {
                            for (Object[] row : t.rows()) {
                                for (int i = 0; i < row.length; i++) {
                                    ps.setObject(i + 1, row[i]);
                                }
                                ps.addBatch();
                            }
                            ps.executeBatch();
                        }
                    }
                    c.commit();
                } catch (SQLException | RuntimeException e) {
                    c.rollback();
                    throw e;
                } finally {
                    c.setAutoCommit(auto);
                }
            }
        }
    }

    private static String quoted(String name) {
        return "\"" + name + "\"";
    }

    /** The plugin's tables and the host's tables named in {@code hostTables} (any case), as they are now. */
    static Snapshot snapshot(DataSource dataSource, Set<String> hostTables) throws SQLException {
        List<Table> tables = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            List<String> names = tableNames(c, hostTables);
            if (names.size() < hostTables.size()) {
                throw new IllegalStateException("not every table of " + hostTables + " is in the database: " + names);
            }
            for (String name : names) {
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM " + name)) {
                    ResultSetMetaData meta = rs.getMetaData();
                    List<String> columns = new ArrayList<>();
                    for (int i = 1; i <= meta.getColumnCount(); i++) {
                        columns.add(meta.getColumnName(i));
                    }
                    List<Object[]> rows = new ArrayList<>();
                    while (rs.next()) {
                        Object[] row = new Object[columns.size()];
                        for (int i = 0; i < row.length; i++) {
                            row[i] = rs.getObject(i + 1);
                        }
                        rows.add(row);
                    }
                    tables.add(new Table(name, columns, rows));
                }
            }
        }
        if (tables.size() == hostTables.size()) {
            throw new IllegalStateException("no plugin tables found: did the plugin install?");
        }
        return new Snapshot(tables);
    }

    private static List<String> tableNames(Connection c, Set<String> hostTables) throws SQLException {
        List<String> names = new ArrayList<>();
        DatabaseMetaData meta = c.getMetaData();
        try (ResultSet rs = meta.getTables(null, null, "%", new String[] {"TABLE"})) {
            while (rs.next()) {
                String schema = rs.getString("TABLE_SCHEM");
                String name = rs.getString("TABLE_NAME");
                String upper = name.toUpperCase(Locale.ROOT);
                if (schema != null && schema.equalsIgnoreCase("public")
                        && (PREFIXES.stream().anyMatch(upper::startsWith) || hostTables.contains(upper))) {
                    names.add(quoted(name));
                }
            }
        }
        return names;
    }
}
