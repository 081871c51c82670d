package org.utbackpack.host.runtime;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.utbackpack.host.plugin.NamedQuery;
import org.utbackpack.host.plugin.QueryColumn;

import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A query reading what its plugin was not granted installs (as in the SIS) and is refused when it runs, as
 * the SIS answers 403: the runner says which query and why, not a server error with the database's words.
 */
class NotGrantedTest {

    private static NamedQuery query(String sql) {
        return new NamedQuery("queries_root/x.named_queries.xml", "com.example.lms.roster.terms", null, List.of(),
                List.of(new QueryColumn("TERMS.YEARID", "yearid", 5)), sql, 3, 7);
    }

    @Test
    void aTableOrFieldTheAccountCannotReadIsNotGranted() throws Exception {
        JdbcDataSource db = new JdbcDataSource();
        db.setURL("jdbc:h2:mem:ng" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1");
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE STUDENTS (DCID INT PRIMARY KEY, ID INT)");
        }
        PowerQueryRunner runner = new PowerQueryRunner(db);

        PowerQueryRunner.NotGranted table = assertThrows(PowerQueryRunner.NotGranted.class,
                () -> runner.rows(query("SELECT YEARID FROM TERMS ORDER BY 1"), Map.of(), 1, 10));
        PowerQueryRunner.NotGranted field = assertThrows(PowerQueryRunner.NotGranted.class,
                () -> runner.count(query("SELECT s.GENDER FROM STUDENTS s ORDER BY 1"), Map.of()));

        assertTrue(table.getMessage().startsWith("PowerQuery com.example.lms.roster.terms reads a table or field its"
                + " plugin may not read"), table.getMessage());
        assertTrue(field.getMessage().contains("access_request does not list it"), field.getMessage());
        assertEquals(0, runner.count(query("SELECT s.ID FROM STUDENTS s WHERE 1=1 ORDER BY 1"), Map.of()));
    }
}
