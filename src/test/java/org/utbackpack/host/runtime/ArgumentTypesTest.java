package org.utbackpack.host.runtime;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.utbackpack.host.plugin.NamedQuery;
import org.utbackpack.host.plugin.QueryArg;
import org.utbackpack.host.plugin.QueryColumn;
import org.utbackpack.testing.Databases;

import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a PowerQuery argument takes comes from the type of the column it names, as the database declares it,
 * not from how the column is spelled: an Integer field called anything is a whole number, a Date field a date,
 * a String field text, on H2 and PostgreSQL alike.
 */
class ArgumentTypesTest {

    private static final NamedQuery QUERY = new NamedQuery("test.xml", "com.example.t.rows", "STUDENTS",
            List.of(new QueryArg("years", "T_ARGS.YEARSTAUGHT", false, "primitive", "0"),
                    new QueryArg("since", "T_ARGS.OPENED", false, "primitive", "1900-01-01"),
                    new QueryArg("code", "T_ARGS.CODE", false, "primitive", "all")),
            List.of(new QueryColumn("T_ARGS.CODE", "code", 1)),
            "SELECT t.CODE FROM T_ARGS t WHERE t.YEARSTAUGHT >= :years AND t.OPENED >= :since"
                    + " AND (:code = 'all' OR t.CODE = :code) ORDER BY t.CODE", 1, 1);

    @ParameterizedTest
    @MethodSource("org.utbackpack.testing.Databases#kinds")
    void eachArgumentTakesWhatItsColumnHolds(Databases.Kind kind) throws Exception {
        try (HikariDataSource ds = Databases.newDataSource(kind)) {
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE T_ARGS (CODE VARCHAR(10), YEARSTAUGHT INTEGER, OPENED TIMESTAMP(0))");
                s.execute("INSERT INTO T_ARGS VALUES ('007', 12, TIMESTAMP '2020-08-15 00:00:00')");
                s.execute("INSERT INTO T_ARGS VALUES ('42', 3, TIMESTAMP '2024-08-15 00:00:00')");
            }
            PowerQueryRunner runner = new PowerQueryRunner(ds);

            // a whole number given as text, a date as text, and text that looks like a number stays text
            assertEquals(List.of(Map.of("code", "007")), runner.rows(QUERY,
                    Map.of("years", "10", "since", "2019-01-01", "code", "007"), 1, 0));
            assertEquals(2, runner.rows(QUERY, Map.of("since", "2020-01-01"), 1, 0).size());

            String notANumber = assertThrows(PowerQueryRunner.BadArguments.class,
                    () -> runner.rows(QUERY, Map.of("years", "ten"), 1, 0)).getMessage();
            assertTrue(notANumber.contains("'years' must be a whole number"), notANumber);
            assertThrows(PowerQueryRunner.BadArguments.class, () -> runner.rows(QUERY, Map.of("years", 1.5), 1, 0));
            assertThrows(PowerQueryRunner.BadArguments.class, () -> runner.rows(QUERY, Map.of("years", true), 1, 0));
            String notADate = assertThrows(PowerQueryRunner.BadArguments.class,
                    () -> runner.rows(QUERY, Map.of("since", "last summer"), 1, 0)).getMessage();
            assertTrue(notADate.contains("'since' must be a date"), notADate);
        }
    }
}
