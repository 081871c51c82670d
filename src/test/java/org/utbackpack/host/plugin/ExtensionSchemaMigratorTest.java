package org.utbackpack.host.plugin;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.utbackpack.testing.Databases;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The migrator against real H2 (Oracle mode) and PostgreSQL databases. */
class ExtensionSchemaMigratorTest {

    private final ExtensionSchemaMigrator migrator = new ExtensionSchemaMigrator();
    private final List<HikariDataSource> opened = new ArrayList<>();

    @AfterEach
    void close() {
        opened.forEach(HikariDataSource::close);
    }

    private HikariDataSource database(Databases.Kind kind) {
        HikariDataSource ds = Databases.newDataSource(kind);
        opened.add(ds);
        return ds;
    }

    private static List<ExtensionTable> realTables() {
        PluginPackage pkg = PluginPackage.fromDirectory(RealPackageTest.projectRoot());
        assertEquals(List.of(), pkg.problems());
        return pkg.extensionTables();
    }

    @ParameterizedTest
    @MethodSource("org.utbackpack.testing.Databases#kinds")
    void createsOurRealTables(Databases.Kind kind) throws SQLException {
        HikariDataSource ds = database(kind);
        List<ExtensionTable> tables = realTables();

        migrator.migrate(ds, tables);

        try (Connection c = ds.getConnection()) {
            ExistingSchema schema = ExistingSchema.read(c, tables.stream().map(ExtensionTable::tableName).toList());
            for (ExtensionTable table : tables) {
                assertTrue(schema.hasTable(table.tableName()), table.tableName());
                for (String column : table.automaticColumns()) {
                    assertTrue(schema.column(table.tableName(), column) != null, table.tableName() + "." + column);
                }
                for (ExtensionField field : table.fields()) {
                    ExistingSchema.Column column = schema.column(table.tableName(), field.name());
                    assertTrue(column.holds(field.type()), table.tableName() + "." + field.name() + " is " + column);
                    if (field.length() != null) {
                        assertEquals(field.length(), column.size(), table.tableName() + "." + field.name());
                    }
                }
            }
            String requests = "S_UT_STU_BACKPACKREQUEST_C";
            assertTrue(schema.hasIndex(requests, SchemaPlanner.indexName(requests, "STUDENTSDCID")));
            assertTrue(schema.hasIndex(requests, SchemaPlanner.indexName(requests, "GUARDIANID")));
            assertTrue(schema.hasIndex(requests, "UT_BPREQ_STATE_IX"));
            assertTrue(schema.hasIndex("U_UT_BP_AUDIT", "UT_BPAUDIT_STU_IX"));
        }
    }

    @ParameterizedTest
    @MethodSource("org.utbackpack.testing.Databases#kinds")
    void rowsGetGeneratedIdsAndReadBackWithUnquotedNames(Databases.Kind kind) throws SQLException {
        HikariDataSource ds = database(kind);
        migrator.migrate(ds, realTables());

        try (Connection c = ds.getConnection()) {
            long first = insertRequest(c, 1001, "Retrieve");
            long second = insertRequest(c, 1001, "Update");
            assertNotEquals(first, second);
            try (PreparedStatement select = c.prepareStatement(
                    "SELECT ID, STUDENTSDCID, GUARDIANID, REQUESTDATE, STATUS, RESPONSETYPE FROM S_UT_STU_BACKPACKREQUEST_C WHERE ID = ?")) {
                select.setLong(1, first);
                try (ResultSet rs = select.executeQuery()) {
                    assertTrue(rs.next());
                    assertEquals(first, rs.getLong("ID"));
                    assertEquals(1001, rs.getLong("STUDENTSDCID"));
                    assertEquals(77, rs.getLong("GUARDIANID"));
                    assertEquals(Timestamp.valueOf("2025-01-02 03:04:05"), rs.getTimestamp("REQUESTDATE"));
                    assertEquals("Retrieve", rs.getString("STATUS"));
                    assertNull(rs.getString("RESPONSETYPE"));
                }
            }
            try (Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO U_UT_BP_STAFFACCESS (USERSDCID, VIEWACCESS, REQUESTACCESS) VALUES (5, TRUE, FALSE)");
                s.executeUpdate("INSERT INTO U_UT_BP_AUDIT (EVENTAT, ACTION, STUDENTSDCID) VALUES (CURRENT_TIMESTAMP, 'VIEW', 1001)");
                s.executeUpdate("INSERT INTO U_UT_BP_FILE (STUDENTSDCID, DOCUMENT) VALUES (1001, '" + "x".repeat(5000) + "')");
                try (ResultSet rs = s.executeQuery("SELECT VIEWACCESS, REQUESTACCESS FROM U_UT_BP_STAFFACCESS WHERE USERSDCID = 5")) {
                    assertTrue(rs.next());
                    assertTrue(rs.getBoolean(1));
                    assertFalse(rs.getBoolean(2));
                }
                try (ResultSet rs = s.executeQuery("SELECT ID, ACTION FROM U_UT_BP_AUDIT")) {
                    assertTrue(rs.next());
                    assertTrue(rs.getLong("ID") > 0);
                }
                try (ResultSet rs = s.executeQuery("SELECT DOCUMENT FROM U_UT_BP_FILE WHERE STUDENTSDCID = 1001")) {
                    assertTrue(rs.next());
                    assertEquals(5000, rs.getString(1).length());
                }
                // A one-to-one row is keyed by the parent: a second row for the same user is refused.
                assertThrows(SQLException.class,
                        () -> s.executeUpdate("INSERT INTO U_UT_BP_STAFFACCESS (USERSDCID, VIEWACCESS) VALUES (5, FALSE)"));
            }
        }
    }

    private static long insertRequest(Connection c, long studentDcid, String status) throws SQLException {
        String sql = "INSERT INTO S_UT_STU_BACKPACKREQUEST_C (STUDENTSDCID, GUARDIANID, REQUESTDATE, STATUS) VALUES (?, ?, ?, ?)";
        try (PreparedStatement insert = c.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
            insert.setLong(1, studentDcid);
            insert.setLong(2, 77);
            insert.setTimestamp(3, Timestamp.valueOf("2025-01-02 03:04:05"));
            insert.setString(4, status);
            insert.executeUpdate();
            try (ResultSet keys = insert.getGeneratedKeys()) {
                assertTrue(keys.next());
                return keys.getLong(1);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("org.utbackpack.testing.Databases#kinds")
    void runningTwiceChangesNothing(Databases.Kind kind) throws SQLException {
        HikariDataSource ds = database(kind);
        List<ExtensionTable> tables = realTables();
        migrator.migrate(ds, tables);
        List<String> applied = changeSetIds(ds);

        migrator.migrate(ds, tables);

        assertEquals(applied, changeSetIds(ds));
        assertTrue(applied.contains("S_UT_STU_BACKPACKREQUEST_C:create"), applied::toString);
        assertTrue(applied.contains("S_UT_STU_BACKPACKREQUEST_C:index:UT_BPREQ_STATE_IX"), applied::toString);
    }

    @ParameterizedTest
    @MethodSource("org.utbackpack.testing.Databases#kinds")
    void upgradeAddsFieldsWidensStringsAndKeepsRows(Databases.Kind kind) throws SQLException {
        HikariDataSource ds = database(kind);
        migrator.migrate(ds, List.of(table(
                new ExtensionField("NOTE", "String", 20, false, null),
                new ExtensionField("SCORE", "Integer", null, false, null))));
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO U_T_NOTES (STUDENTSDCID, NOTE, SCORE) VALUES (1, 'first', 10)");
            s.executeUpdate("INSERT INTO U_T_NOTES (STUDENTSDCID, NOTE, SCORE) VALUES (2, 'second', 20)");
        }

        migrator.migrate(ds, List.of(table(
                new ExtensionField("NOTE", "String", 200, false, null),
                new ExtensionField("SCORE", "Integer", null, true, null),
                new ExtensionField("SEENAT", "Date", null, false, null))));

        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT NOTE, SCORE, SEENAT FROM U_T_NOTES ORDER BY STUDENTSDCID")) {
                assertTrue(rs.next());
                assertEquals("first", rs.getString(1));
                assertEquals(10, rs.getLong(2));
                assertNull(rs.getTimestamp(3));
                assertTrue(rs.next());
                assertEquals("second", rs.getString(1));
                assertFalse(rs.next());
            }
            s.executeUpdate("INSERT INTO U_T_NOTES (STUDENTSDCID, NOTE, SEENAT) VALUES (3, '" + "n".repeat(200) + "', CURRENT_TIMESTAMP)");
            assertTrue(ExistingSchema.read(c, List.of("U_T_NOTES")).hasIndex("U_T_NOTES", SchemaPlanner.indexName("U_T_NOTES", "SCORE")));
        }
        List<String> applied = changeSetIds(ds);
        assertTrue(applied.containsAll(List.of("U_T_NOTES:create", "U_T_NOTES:field:SEENAT", "U_T_NOTES:length:NOTE:200",
                "U_T_NOTES:index:" + SchemaPlanner.indexName("U_T_NOTES", "SCORE"))), applied::toString);
    }

    @ParameterizedTest
    @MethodSource("org.utbackpack.testing.Databases#kinds")
    void aDateFieldKeepsSecondsAndNoFractionAsAnOracleDateDoes(Databases.Kind kind) throws SQLException {
        HikariDataSource ds = database(kind);
        migrator.migrate(ds, List.of(table(new ExtensionField("NOTE", "String", 20, false, null))));
        migrator.migrate(ds, List.of(table(new ExtensionField("NOTE", "String", 20, false, null),
                new ExtensionField("SEENAT", "Date", null, false, null))));
        migrator.migrate(ds, List.of(new ExtensionTable("x.xml", "X", ExtensionTable.Kind.STANDALONE, null,
                "U_T_LOG", List.of(new ExtensionField("LOGGEDAT", "Date", null, false, null)), List.of())));

        Timestamp withMillis = Timestamp.valueOf("2026-03-04 05:06:07.123");
        try (Connection c = ds.getConnection()) {
            try (PreparedStatement p = c.prepareStatement("INSERT INTO U_T_NOTES (STUDENTSDCID, SEENAT) VALUES (1, ?)")) {
                p.setTimestamp(1, withMillis);
                p.executeUpdate();
            }
            try (PreparedStatement p = c.prepareStatement("INSERT INTO U_T_LOG (LOGGEDAT) VALUES (?)")) {
                p.setTimestamp(1, withMillis);
                p.executeUpdate();
            }
            for (String sql : List.of("SELECT SEENAT FROM U_T_NOTES", "SELECT LOGGEDAT FROM U_T_LOG")) {
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                    assertTrue(rs.next());
                    Timestamp stored = rs.getTimestamp(1);
                    assertEquals(0, stored.getNanos(), sql + " keeps no fraction of a second: " + stored);
                    assertEquals(Timestamp.valueOf("2026-03-04 05:06:07").getTime(), stored.getTime(), 1000, sql);
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("org.utbackpack.testing.Databases#kinds")
    void narrowingOrRetypingIsRefusedBeforeAnythingChanges(Databases.Kind kind) throws SQLException {
        HikariDataSource ds = database(kind);
        migrator.migrate(ds, List.of(table(
                new ExtensionField("NOTE", "String", 40, false, null),
                new ExtensionField("SCORE", "Integer", null, false, null))));
        List<String> before = changeSetIds(ds);

        PluginPackageException refused = assertThrows(PluginPackageException.class, () -> migrator.migrate(ds, List.of(table(
                new ExtensionField("EXTRA", "String", 10, true, null),
                new ExtensionField("NOTE", "String", 20, false, null),
                new ExtensionField("SCORE", "String", 10, false, null)))));

        assertTrue(refused.getMessage().contains("U_T_NOTES.NOTE"), refused.getMessage());
        assertTrue(refused.getMessage().contains("can only grow"), refused.getMessage());
        assertTrue(refused.getMessage().contains("U_T_NOTES.SCORE"), refused.getMessage());
        assertTrue(refused.getMessage().contains("type cannot change"), refused.getMessage());
        assertEquals(before, changeSetIds(ds));
        try (Connection c = ds.getConnection()) {
            ExistingSchema schema = ExistingSchema.read(c, List.of("U_T_NOTES"));
            assertNull(schema.column("U_T_NOTES", "EXTRA"), "the new field of a refused upgrade is not added");
            assertEquals(40, schema.column("U_T_NOTES", "NOTE").size());
        }
    }

    @ParameterizedTest
    @MethodSource("org.utbackpack.testing.Databases#kinds")
    void childOfAnExtensionTableIsCreatedAfterItsParent(Databases.Kind kind) throws SQLException {
        HikariDataSource ds = database(kind);
        ExtensionTable parent = new ExtensionTable("x.xml", "X", ExtensionTable.Kind.STANDALONE, null, "U_T_BATCH",
                List.of(new ExtensionField("NAME", "String", 50, false, null)), List.of());
        ExtensionTable child = new ExtensionTable("x.xml", "X", ExtensionTable.Kind.CHILD, "U_T_BATCH", "U_T_BATCHLINE",
                List.of(new ExtensionField("LINE", "Clob", null, false, null),
                        new ExtensionField("AMOUNT", "Double", null, false, null),
                        new ExtensionField("OK", "Boolean", null, false, null)),
                List.of(new ExtensionIndex("U_T_BATCHLINE_IX", List.of("U_T_BATCHID", "OK"))));

        migrator.migrate(ds, List.of(child, parent));

        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO U_T_BATCH (NAME) VALUES ('b')");
            s.executeUpdate("INSERT INTO U_T_BATCHLINE (U_T_BATCHID, LINE, AMOUNT, OK) VALUES (1, 'text', 2.5, TRUE)");
            try (ResultSet rs = s.executeQuery("SELECT AMOUNT FROM U_T_BATCHLINE WHERE OK = TRUE")) {
                assertTrue(rs.next());
                assertEquals(2.5, rs.getDouble(1));
            }
            assertTrue(ExistingSchema.read(c, List.of("U_T_BATCHLINE")).hasIndex("U_T_BATCHLINE", "U_T_BATCHLINE_IX"));
        }
    }

    @ParameterizedTest
    @MethodSource("org.utbackpack.testing.Databases#kinds")
    void anExistingTableWithoutLiquibaseHistoryIsAdopted(Databases.Kind kind) throws SQLException {
        HikariDataSource ds = database(kind);
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("CREATE TABLE U_T_NOTES (ID BIGINT PRIMARY KEY, STUDENTSDCID BIGINT NOT NULL, WHOCREATED VARCHAR(100),"
                    + " WHENCREATED TIMESTAMP, WHOMODIFIED VARCHAR(100), WHENMODIFIED TIMESTAMP, NOTE VARCHAR(20))");
            s.executeUpdate("INSERT INTO U_T_NOTES (ID, STUDENTSDCID, NOTE) VALUES (1, 1, 'kept')");
        }

        migrator.migrate(ds, List.of(table(new ExtensionField("NOTE", "String", 20, false, null),
                new ExtensionField("SCORE", "Integer", null, false, null))));

        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT NOTE, SCORE FROM U_T_NOTES")) {
            assertTrue(rs.next());
            assertEquals("kept", rs.getString(1));
        }
        assertFalse(changeSetIds(ds).contains("U_T_NOTES:create"));
        assertTrue(changeSetIds(ds).contains("U_T_NOTES:field:SCORE"));
    }

    @ParameterizedTest
    @MethodSource("org.utbackpack.testing.Databases#kinds")
    void aDateFieldAnEarlierHostMadeWithFractionsOfASecondIsMadeToKeepWholeSeconds(Databases.Kind kind)
            throws SQLException {
        HikariDataSource ds = database(kind);
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("CREATE TABLE U_T_NOTES (ID BIGINT PRIMARY KEY, STUDENTSDCID BIGINT NOT NULL, WHOCREATED VARCHAR(100),"
                    + " WHENCREATED TIMESTAMP, WHOMODIFIED VARCHAR(100), WHENMODIFIED TIMESTAMP, SEENAT TIMESTAMP(6))");
            s.executeUpdate("INSERT INTO U_T_NOTES (ID, STUDENTSDCID, SEENAT) VALUES (1, 1, TIMESTAMP '2026-03-04 05:06:07.123')");
        }
        ExtensionTable notes = table(new ExtensionField("SEENAT", "Date", null, false, null));

        migrator.migrate(ds, List.of(notes));
        migrator.migrate(ds, List.of(notes));

        try (Connection c = ds.getConnection()) {
            assertEquals(0, ExistingSchema.read(c, List.of("U_T_NOTES")).column("U_T_NOTES", "SEENAT").fraction());
            try (PreparedStatement p = c.prepareStatement("INSERT INTO U_T_NOTES (ID, STUDENTSDCID, SEENAT) VALUES (2, 1, ?)")) {
                p.setTimestamp(1, Timestamp.valueOf("2026-03-04 05:06:08.456"));
                p.executeUpdate();
            }
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT SEENAT FROM U_T_NOTES ORDER BY ID")) {
                for (String second : List.of("2026-03-04 05:06:07", "2026-03-04 05:06:08")) {
                    assertTrue(rs.next());
                    assertEquals(0, rs.getTimestamp(1).getNanos(), rs.getTimestamp(1).toString());
                    assertEquals(Timestamp.valueOf(second).getTime(), rs.getTimestamp(1).getTime(), 1000);
                }
            }
        }
        assertTrue(changeSetIds(ds).contains("U_T_NOTES:seconds:SEENAT"));
    }

    @ParameterizedTest
    @MethodSource("org.utbackpack.testing.Databases#kinds")
    void aTableDroppedBehindLiquibasesBackIsReported(Databases.Kind kind) throws SQLException {
        HikariDataSource ds = database(kind);
        ExtensionTable notes = table(new ExtensionField("NOTE", "String", 20, false, null));
        migrator.migrate(ds, List.of(notes));
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("DROP TABLE U_T_NOTES");
        }

        PluginPackageException e = assertThrows(PluginPackageException.class, () -> migrator.migrate(ds, List.of(notes)));

        assertTrue(e.getMessage().contains("still missing: [U_T_NOTES]"), e.getMessage());
    }

    /** A child of STUDENTS named U_T_NOTES with the given fields. */
    private static ExtensionTable table(ExtensionField... fields) {
        return new ExtensionTable("user_schema_root/U_T.xml", "U_T", ExtensionTable.Kind.CHILD, "STUDENTS", "U_T_NOTES",
                List.of(fields), List.of());
    }

    private static List<String> changeSetIds(HikariDataSource ds) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT ID FROM DATABASECHANGELOG ORDER BY ORDEREXECUTED")) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        return ids;
    }
}
