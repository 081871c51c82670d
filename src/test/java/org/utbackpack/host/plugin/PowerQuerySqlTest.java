package org.utbackpack.host.plugin;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A PowerQuery is exactly one SELECT that reads only what plugin.xml's access_request lists
 * (here STUDENTS.DCID) and the plugin's own extension tables (here U_TEST_REQ: ID, STUDENTSDCID,
 * GUARDIANID, STATE). Everything else is refused at install, naming the file and the line.
 */
class PowerQuerySqlTest {

    private static final String QUERIES = "queries_root/test.named_queries.xml";
    private static final String NAME = "org.example.test.requests.by_student";

    @TempDir
    Path dir;

    /** The query's SQL starts on line 7: the first line is "SELECT r.ID", the offending text on line 8. */
    private TestPackage withSql(String secondLine) {
        return TestPackage.valid(dir).write(QUERIES, "<?xml version=\"1.0\"?>\n<queries>\n"
                + "  <query name=\"" + NAME + "\" coreTable=\"STUDENTS\">\n"
                + "    <args><arg name=\"dcid\" column=\"STUDENTS.DCID\"/></args>\n"
                + "    <columns><column column=\"U_TEST_REQ.ID\">id</column></columns>\n"
                + "    <sql><![CDATA[\n"
                + "      SELECT r.ID\n"
                + "      " + secondLine + "\n"
                + "    ]]></sql>\n"
                + "  </query>\n</queries>\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "FROM U_TEST_REQ r WHERE r.STUDENTSDCID = :dcid ORDER BY r.ID",
            "FROM U_TEST_REQ r JOIN STUDENTS s ON s.DCID = r.STUDENTSDCID WHERE s.DCID = :dcid ORDER BY r.ID",
            "FROM U_TEST_REQ r WHERE r.STUDENTSDCID IN (SELECT DCID FROM STUDENTS WHERE DCID = :dcid) ORDER BY r.ID",
            "FROM (SELECT x.ID, x.STATE FROM U_TEST_REQ x WHERE x.STUDENTSDCID = :dcid) r ORDER BY r.ID",
            "FROM U_TEST_REQ r WHERE r.STUDENTSDCID = :dcid AND COALESCE(r.STATE, 'x') <> 'y' ORDER BY UPPER(r.STATE)",
            "FROM U_TEST_REQ r WHERE r.STUDENTSDCID = :dcid AND r.STATE = 'FILE_READ(x)' ORDER BY r.ID",
            "FROM U_TEST_REQ r WHERE r.STUDENTSDCID = :dcid UNION ALL SELECT MAX(q.ID) AS ID FROM U_TEST_REQ q ORDER BY 1",
            "FROM U_TEST_REQ r WHERE EXISTS (SELECT 1 FROM U_TEST_REQ q WHERE q.ID = r.ID AND q.STUDENTSDCID = :dcid) ORDER BY 1",
            "FROM U_TEST_REQ r WHERE r.STUDENTSDCID = :dcid ORDER BY r.ID FETCH FIRST 10 ROWS ONLY",
            // Oracle's outer join marker is not a function call
            "FROM U_TEST_REQ r, STUDENTS s WHERE r.STUDENTSDCID = s.DCID(+) AND r.STUDENTSDCID = :dcid ORDER BY r.ID",
            // PowerSchool's student selection tag: 1=1 when no selection is asked for
            "FROM U_TEST_REQ r WHERE r.STUDENTSDCID IN (SELECT DCID FROM STUDENTS WHERE <@restricted_table table=\"students\" selector=\"selectedstudents\"/>) AND r.STUDENTSDCID = :dcid ORDER BY r.ID",
            // a name the parser reserves (SEL, its short SELECT) and Oracle does not
            "FROM (SELECT DCID FROM STUDENTS WHERE DCID = :dcid) sel JOIN U_TEST_REQ r ON r.STUDENTSDCID = sel.DCID ORDER BY r.ID",
            // Oracle's interval conversions
            "FROM U_TEST_REQ r WHERE r.STUDENTSDCID = :dcid AND r.SEENAT > CURRENT_TIMESTAMP - NUMTODSINTERVAL(30, 'DAY') ORDER BY r.ID",
    })
    void readsWhatItMay(String sql) {
        PluginPackage pkg = withSql(sql).write("user_schema_root/U_TEST.xml", TestPackage.EXTENSION_XML.replace(
                "<field name=\"STATE\"", "<field name=\"SEENAT\" type=\"Date\"/>\n    <field name=\"STATE\"")).load();

        assertEquals(List.of(), pkg.problems());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            // writes, in any disguise
            "FROM U_TEST_REQ r; DELETE FROM U_TEST_REQ                            | 2 statements",
            "FROM U_TEST_REQ r FOR UPDATE                                          | FOR UPDATE",
            "INTO U_COPY FROM U_TEST_REQ r                                         | SELECT ... INTO",
            // other tables and fields
            ", u.PASSWORD_HASH FROM U_TEST_REQ r JOIN USERS u ON u.DCID = r.ID    | reads USERS.PASSWORD_HASH, which the SIS never grants",
            "FROM U_TEST_REQ r WHERE r.ID IN (SELECT ID FROM HOST_PLUGIN)          | reads the table HOST_PLUGIN",
            "FROM U_TEST_REQ r WHERE r.ID IN (SELECT PASSWORD_HASH FROM STUDENTS)  | reads STUDENTS.PASSWORD_HASH",
            "FROM U_TEST_REQ r, INFORMATION_SCHEMA.USERS u                         | INFORMATION_SCHEMA.USERS",
            "FROM U_TEST_REQ r WHERE r.NOPE = 1                                    | U_TEST_REQ.NOPE, which the plugin's extension table does not have",
            ", S_SEQ.NEXTVAL FROM U_TEST_REQ r                                     | S_SEQ is not a table of the query",
            ", (SELECT PASSWORD_HASH FROM DUAL) FROM U_TEST_REQ r                  | reads PASSWORD_HASH, which is not a field",
            ", (SELECT PASSWORD_HASH FROM DUAL) FROM STUDENTS r                    | reads PASSWORD_HASH, which is not a field",
            ", \"FILE_READ\"('/etc/passwd') FROM U_TEST_REQ r                       | calls FILE_READ()",
            ", FILE_READ /* hidden */ ('/etc/passwd') FROM U_TEST_REQ r             | calls FILE_READ()",
            "FROM U_TEST_REQ r WHERE r.ID IN (SELECT 1 FROM \"HOST_PLUGIN\")         | reads the table HOST_PLUGIN",
            // functions that read files or call out
            ", FILE_READ('/etc/passwd') FROM U_TEST_REQ r                           | calls FILE_READ()",
            "FROM CSVREAD('/etc/passwd') r                                          | CSVREAD()",
            ", LINK_SCHEMA('x', '', 'jdbc:h2:mem:', 'u', 'p', 'PUBLIC') FROM U_TEST_REQ r | calls LINK_SCHEMA()",
            ", pg_read_file('/etc/passwd') FROM U_TEST_REQ r                        | calls PG_READ_FILE()",
            ", lo_import('/etc/passwd') FROM U_TEST_REQ r                           | calls LO_IMPORT()",
            ", dblink('host=x', 'select 1') FROM U_TEST_REQ r                       | calls DBLINK()",
            ", UTL_HTTP.REQUEST('http://x') FROM U_TEST_REQ r                       | calls UTL_HTTP.REQUEST()",
            ", UTL_FILE.FOPEN('d', 'f', 'r') FROM U_TEST_REQ r                      | calls UTL_FILE.FOPEN()",
            ", DBMS_LOB.GETLENGTH(r.STATE) FROM U_TEST_REQ r                        | calls DBMS_LOB.GETLENGTH()",
            ", MY_FUNCTION(r.ID) FROM U_TEST_REQ r                                  | calls MY_FUNCTION()",
    })
    void refusesWithFileAndLine(String sql, String message) {
        Problem problem = withSql(sql.trim()).hasProblem(QUERIES, message.trim());

        assertEquals(8, problem.line(), problem::toString);
    }

    /**
     * What access_request does not list, the SIS installs and refuses only when the query is called (a 403
     * over OAuth); PowerSchool's own PS_CUSTOMFIELDS functions likewise. A warning, not an error.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            ", s.FIRST_NAME FROM U_TEST_REQ r JOIN STUDENTS s ON s.DCID = r.ID WHERE r.ID = :dcid ORDER BY 1 | reads STUDENTS.FIRST_NAME, which plugin.xml's access_request does not list",
            ", t.YEARID FROM U_TEST_REQ r JOIN TERMS t ON t.ID = r.ID WHERE r.ID = :dcid ORDER BY 1           | reads the table TERMS, which is neither",
            ", YEARID FROM U_TEST_REQ r, TERMS WHERE r.ID = :dcid ORDER BY 1                              | reads YEARID, which is not a field",
            ", s.* FROM U_TEST_REQ r JOIN STUDENTS s ON s.DCID = r.ID WHERE r.ID = :dcid ORDER BY 1           | selects every column of STUDENTS",
            ", PS_CUSTOMFIELDS.GETSTUDENTSCF(r.ID, 'x') AS x FROM U_TEST_REQ r WHERE r.ID = :dcid ORDER BY 1  | calls PS_CUSTOMFIELDS.GETSTUDENTSCF(), a function of PowerSchool's own database",
    })
    void whatTheSisRefusesOnlyWhenCalledIsWarned(String sql, String message) {
        PluginPackage pkg = withSql(sql.trim()).load();

        assertEquals(List.of(), pkg.problems());
        assertTrue(pkg.warnings().stream().anyMatch(w -> w.file().equals(QUERIES) && w.line() == 8
                && w.message().contains(message.trim())), () -> "'" + message.trim() + "' not warned at line 8: " + pkg.warnings());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "FROM U_TEST_REQ r WHERE r.STUDENTSDCID = :dcid AND r.STATE <> '' ORDER BY r.ID    | compares with ''",
            "FROM U_TEST_REQ r WHERE r.STUDENTSDCID = :dcid AND r.SEENAT >= :dcid ORDER BY r.ID | compares the Date field SEENAT with a bind",
    })
    void answersThatDifferBetweenDatabasesAreWarned(String sql, String message) {
        TestPackage pkg = withSql(sql.trim()).write("user_schema_root/U_TEST.xml", TestPackage.EXTENSION_XML.replace(
                "<field name=\"STATE\"", "<field name=\"SEENAT\" type=\"Date\"/>\n    <field name=\"STATE\""));

        pkg.onlyWarning(QUERIES, 8, message.trim());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "DELETE FROM U_TEST_REQ",
            "UPDATE U_TEST_REQ SET STATE = 'x'",
            "INSERT INTO U_TEST_REQ (ID) VALUES (1)",
            "DROP TABLE U_TEST_REQ",
            "WITH gone AS (DELETE FROM U_TEST_REQ RETURNING ID) SELECT ID FROM gone",
    })
    void refusesAnythingButOneSelect(String statement) {
        PluginPackage pkg = TestPackage.valid(dir).write(QUERIES, "<?xml version=\"1.0\"?>\n<queries>\n"
                + "  <query name=\"" + NAME + "\">\n"
                + "    <columns><column column=\"U_TEST_REQ.ID\">id</column></columns>\n"
                + "    <sql><![CDATA[" + statement + "]]></sql>\n"
                + "  </query>\n</queries>\n").load();

        assertEquals(1, pkg.problems().stream().filter(p -> p.file().equals(QUERIES) && p.line() == 5).count(),
                pkg.problems()::toString);
    }
}
