package org.utbackpack.security;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.utbackpack.host.Host;
import org.utbackpack.host.runtime.PluginRuntime;
import org.utbackpack.host.runtime.PowerQueryRunner;
import org.utbackpack.plugin.db.Jdbc;
import org.utbackpack.testing.Browser;
import org.utbackpack.testing.Databases;
import org.utbackpack.testing.SharedHosts;
import org.utbackpack.testing.Steps;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * PowerQueries as the SIS runs them: on an account that reads only what the plugin declared and cannot
 * write, with every page size capped and a sentence (400) for arguments of the wrong type.
 */
class PowerQueryRunTest {

    @RegisterExtension
    static final SharedHosts HOSTS = new SharedHosts();

    @ParameterizedTest
    @MethodSource("org.utbackpack.testing.Databases#kinds")
    void queriesRunOnAnAccountThatReadsOnlyWhatThePluginDeclaredAndCannotWrite(Databases.Kind kind) throws Exception {
        Host host = HOSTS.host(kind);
        PluginRuntime plugin = host.plugins().get(0);
        DataSource reader = host.powerQueryDataSource(plugin);
        try (Connection c = reader.getConnection()) {
            assertEquals(List.of("Avery"), column(c, "SELECT FIRST_NAME FROM STUDENTS WHERE LAST_NAME = 'Jensen'"),
                    "declared fields of a core table can be read");
            assertFalse(column(c, "SELECT LASTFIRST FROM USERS WHERE LOGINID = 'backpack.admin'").isEmpty());
            column(c, "SELECT COUNT(*) FROM U_UT_BP_AUDIT"); // the plugin's own tables, whole
            for (String refused : List.of(
                    "SELECT PASSWORD_HASH FROM USERS",
                    "SELECT PASSWORD_HASH FROM GUARDIAN",
                    "SELECT ACCOUNTID FROM GUARDIAN",
                    "SELECT * FROM HOST_AUDIT",
                    "SELECT * FROM GUARDIANSTUDENT",
                    "SELECT PASSWORD_HASH FROM " + baseSchema(host) + ".USERS")) {
                assertThrows(SQLException.class, () -> column(c, refused), refused);
            }
        }
        // run as a PowerQuery, a table of the SIS the plugin did not declare is a refusal naming the query
        PowerQueryRunner runner = new PowerQueryRunner(reader);
        for (String sql : List.of("SELECT g.STUDENTSDCID FROM GUARDIANSTUDENT g ORDER BY 1",
                "SELECT u.PASSWORD_HASH FROM USERS u ORDER BY 1")) {
            PowerQueryRunner.NotGranted refused = assertThrows(PowerQueryRunner.NotGranted.class,
                    () -> runner.rows(query(sql), java.util.Map.of(), 1, 10), sql);
            assertTrue(refused.getMessage().startsWith("PowerQuery com.example.refused reads a table or field"),
                    refused.getMessage());
        }
        for (String write : List.of(
                "INSERT INTO U_UT_BP_AUDIT (ID, ACTION) VALUES (999999, 'view')",
                "DELETE FROM U_UT_BP_AUDIT",
                "UPDATE STUDENTS SET FIRST_NAME = 'x'",
                "DROP VIEW U_UT_BP_AUDIT",
                "CREATE TABLE X_STOLEN (A INT)")) {
            try (Connection c = reader.getConnection(); Statement s = c.createStatement()) {
                assertThrows(SQLException.class, () -> s.execute(write), write);
            }
        }
        Jdbc db = new Jdbc(host.dataSource());
        assertEquals(List.of("Avery"), db.query("SELECT FIRST_NAME FROM STUDENTS WHERE LAST_NAME = 'Jensen'",
                rs -> rs.getString(1)), "nothing was changed");
    }

    private static org.utbackpack.host.plugin.NamedQuery query(String sql) {
        return new org.utbackpack.host.plugin.NamedQuery("queries_root/x.named_queries.xml", "com.example.refused",
                null, List.of(), List.of(new org.utbackpack.host.plugin.QueryColumn("STUDENTS.ID", "id", 5)), sql, 3, 7);
    }

    /**
     * H2 does not see through a view: a query over one has the view's rows computed whole on every run, and
     * no index of the table serves its order or limit. The plugin's own tables are read as themselves, so the
     * request queue's first page is read through its index (while requests changed, the view had the page
     * take seconds: docs/PERFORMANCE.md); the core tables' views keep their declared columns.
     */
    @org.junit.jupiter.api.Test
    void onH2ThePluginsOwnTablesAreReadThroughTheirOwnIndexes() throws Exception {
        Host host = HOSTS.host(Databases.Kind.H2);
        DataSource reader = host.powerQueryDataSource(host.plugins().get(0));
        try (Connection c = reader.getConnection()) {
            // the request queue's lists and counts as the named queries have them, each through its own index
            java.util.Map<String, String> indexes = java.util.Map.of(
                    "pending", "UT_BPREQ_QUEUE_IX", "school_pending", "UT_BPREQ_SCHOOLQ_IX",
                    "decided", "UT_BPREQ_DECIDED_IX", "school_decided", "UT_BPREQ_SCHOOLDEC_IX");
            PluginRuntime plugin = host.plugins().get(0);
            for (java.util.Map.Entry<String, String> list : indexes.entrySet()) {
                for (String name : List.of(list.getKey(), list.getKey() + "_count")) {
                    String sql = plugin.query("com.utbackpack.backpack.requests." + name).orElseThrow().sql()
                            .replace(":schoolid", "1").replace(":fromdate", "'2000-01-01'")
                            .replace(":todate", "'2999-01-01'").replace(":upto", "1001");
                    String plan = column(c, "EXPLAIN " + sql + (name.endsWith("_count") ? "" : " FETCH FIRST 50 ROWS ONLY"))
                            .get(0);
                    assertTrue(plan.contains(list.getValue()), name + ": " + plan);
                    assertTrue(plan.contains("index sorted"), name + " reads in the index's order: " + plan);
                }
            }
            String joined = column(c, "EXPLAIN SELECT s.LAST_NAME FROM S_UT_STU_BACKPACKREQUEST_C r"
                    + " JOIN STUDENTS s ON s.DCID = r.STUDENTSDCID WHERE r.ID = 1").get(0);
            assertTrue(joined.contains("_VIEWS\".\"STUDENTS\""), "the core table is still read through its view: " + joined);
        }
    }

    @org.junit.jupiter.api.Test
    void thePluginRegistersItsServicesUnderTheNamesTheHostReads() {
        // the plugin cannot import the host, so the two names are written twice: this keeps them equal
        assertEquals(PluginRuntime.ACCESS_SERVICE, org.utbackpack.plugin.sis.Sis.ACCESS_SERVICE);
        assertEquals(PluginRuntime.DISCLOSURE_SERVICE, org.utbackpack.plugin.sis.Sis.DISCLOSURE_SERVICE);
    }

    @ParameterizedTest
    @MethodSource("org.utbackpack.testing.Databases#kinds")
    void everyPageSizeIsCappedAndWrongArgumentsAreA400WithASentence(Databases.Kind kind) throws Exception {
        Host host = HOSTS.host(kind);
        Jdbc db = new Jdbc(host.dataSource());
        long avery = db.queryFirst("SELECT DCID FROM STUDENTS WHERE LAST_NAME = 'Jensen'", rs -> rs.getLong(1)).orElseThrow();
        Browser staff = Steps.staff(host, "backpack.admin");
        String schools = "/ws/schema/query/com.utbackpack.backpack.schools.list";
        for (String size : List.of("0", "-1", "-2147483648", "1000000", "2147483647")) {
            Browser.Page page = staff.postJson(schools + "?pagesize=" + size, "{}");
            assertEquals(200, page.status(), size + ": " + page.body());
        }
        assertEquals(PowerQueryRunner.MAX_PAGE_SIZE, PowerQueryRunner.cappedPageSize(0));
        assertEquals(PowerQueryRunner.MAX_PAGE_SIZE, PowerQueryRunner.cappedPageSize(-5));
        assertEquals(PowerQueryRunner.MAX_PAGE_SIZE, PowerQueryRunner.cappedPageSize(Integer.MAX_VALUE));
        assertEquals(PowerQueryRunner.DEFAULT_PAGE_SIZE, PowerQueryRunner.cappedPageSize(null));
        assertEquals(7, PowerQueryRunner.cappedPageSize(7));

        String grades = "/ws/schema/query/com.utbackpack.backpack.student.course_grades";
        String pending = "/ws/schema/query/com.utbackpack.backpack.requests.pending";
        String schoolPending = "/ws/schema/query/com.utbackpack.backpack.requests.school_pending";
        for (String[] bad : List.of(
                new String[] {grades + "?pagesize=ten", "{\"studentsdcid\": " + avery + "}"},
                new String[] {grades + "?page=0", "{\"studentsdcid\": " + avery + "}"},
                new String[] {grades + "?page=x", "{\"studentsdcid\": " + avery + "}"},
                new String[] {grades, "{\"studentsdcid\": true}"},
                new String[] {grades, "{\"studentsdcid\": 1.5}"},
                new String[] {grades, "{\"studentsdcid\": \"Jensen\"}"},
                new String[] {grades, "{\"studentsdcid\": " + avery + ", \"fileid\": \"latest\"}"},
                new String[] {pending, "{\"fromdate\": 20000101, \"todate\": \"2999-01-01\"}"},
                new String[] {pending, "{\"fromdate\": \"yesterday\", \"todate\": \"2999-01-01\"}"},
                new String[] {pending, "{\"schoolid\": 0, \"fromdate\": \"2000-01-01\", \"todate\": \"2999-01-01\"}"},
                new String[] {schoolPending, "{\"schoolid\": false, \"fromdate\": \"2000-01-01\", \"todate\": \"2999-01-01\"}"})) {
            Browser.Page page = staff.postJson(bad[0], bad[1]);
            assertEquals(400, page.status(), bad[0] + " " + bad[1] + ": " + page.body());
            String message = page.body();
            assertTrue(message.contains("\"message\"") && message.matches("(?s).*[a-z]+ [a-z]+.*"), message);
            assertFalse(message.contains("Exception") || message.contains("SQL"), message);
        }
    }

    private static String baseSchema(Host host) throws SQLException {
        try (Connection c = host.dataSource().getConnection()) {
            return c.getSchema();
        }
    }

    private static List<String> column(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            List<String> values = new java.util.ArrayList<>();
            while (rs.next()) {
                values.add(rs.getString(1));
            }
            return values;
        }
    }
}
