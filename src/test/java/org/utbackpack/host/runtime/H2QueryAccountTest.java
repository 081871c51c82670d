package org.utbackpack.host.runtime;

import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The H2 query account across a plugin update: its own tables are granted as themselves, the core tables
 * read through views of their declared columns, and what an update no longer declares is no longer readable.
 */
class H2QueryAccountTest {

    @Test
    void anUpdateTakesBackWhatThePluginNoLongerDeclares() throws Exception {
        String url = "jdbc:h2:mem:qa" + UUID.randomUUID().toString().replace("-", "") + ";MODE=Oracle";
        try (Connection owner = DriverManager.getConnection(url, "sa", ""); Statement s = owner.createStatement()) {
            s.execute("CREATE TABLE STUDENTS (DCID INT PRIMARY KEY, LAST_NAME VARCHAR(40), SSN VARCHAR(11))");
            s.execute("INSERT INTO STUDENTS VALUES (1, 'Jensen', '123-45-6789')");
            s.execute("CREATE TABLE U_OLD (ID INT)");
            s.execute("CREATE TABLE U_NEW (ID INT)");

            Map<String, List<String>> first = new LinkedHashMap<>();
            first.put("STUDENTS", List.of("DCID", "LAST_NAME"));
            first.put("U_OLD", null);
            QueryReaders.setUpH2(owner, "PUBLIC", "PQ_X", "PQ_X_VIEWS", "pw-1", first);
            try (Connection reader = reader(url, "pw-1")) {
                assertEquals(0, count(reader, "SELECT COUNT(*) FROM U_OLD"));
                assertEquals(1, count(reader, "SELECT COUNT(*) FROM STUDENTS WHERE LAST_NAME = 'Jensen'"));
                refused(reader, "SELECT COUNT(*) FROM U_NEW");
                refused(reader, "SELECT COUNT(SSN) FROM STUDENTS");
                refused(reader, "SELECT COUNT(SSN) FROM PUBLIC.STUDENTS");
            }

            Map<String, List<String>> updated = new LinkedHashMap<>();
            updated.put("STUDENTS", List.of("DCID"));
            updated.put("U_NEW", null);
            QueryReaders.setUpH2(owner, "PUBLIC", "PQ_X", "PQ_X_VIEWS", "pw-2", updated);
            try (Connection reader = reader(url, "pw-2")) {
                assertEquals(0, count(reader, "SELECT COUNT(*) FROM U_NEW"));
                refused(reader, "SELECT COUNT(*) FROM U_OLD");
                refused(reader, "SELECT COUNT(LAST_NAME) FROM STUDENTS");
            }
        }
    }

    /** A connection as the account's pool opens one. */
    private static Connection reader(String url, String password) throws SQLException {
        Connection c = DriverManager.getConnection(url, "PQ_X", password);
        c.setSchema("PQ_X_VIEWS");
        try (Statement s = c.createStatement()) {
            s.execute(QueryReaders.h2SearchPath("PQ_X_VIEWS", "PUBLIC"));
        }
        return c;
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); var rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Refused in a way the runner answers as "not granted" (403 naming the query). */
    private static void refused(Connection c, String sql) {
        String state = assertThrows(SQLException.class, () -> count(c, sql), sql).getSQLState();
        assertTrue(PowerQueryRunner.NOT_READABLE.contains(state), sql + ": " + state);
    }
}
