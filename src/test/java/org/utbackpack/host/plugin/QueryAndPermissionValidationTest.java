package org.utbackpack.host.plugin;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

class QueryAndPermissionValidationTest {

    private static final String QUERIES = "queries_root/test.named_queries.xml";
    private static final String PERMISSIONS = "permissions_root/test.permission_mappings.xml";
    private static final String NAME = "org.example.test.requests.by_student";

    @TempDir
    Path dir;

    /** A query file whose {@code <query>} tag is on line 3 and {@code <sql>} on line 6. */
    private static String query(String name, String args, String sql) {
        return "<?xml version=\"1.0\"?>\n<queries>\n"
                + "  <query name=\"" + name + "\" coreTable=\"STUDENTS\">\n"
                + "    <args>" + args + "</args>\n"
                + "    <columns><column column=\"STUDENTS.DCID\">dcid</column></columns>\n"
                + "    <sql><![CDATA[" + sql + "]]></sql>\n"
                + "  </query>\n</queries>\n";
    }

    private static final String DCID_ARG = "<arg name=\"dcid\" column=\"STUDENTS.DCID\"/>";

    /** The valid sample package with its query file replaced and the permission file removed. */
    private TestPackage withQuery(String xml) {
        return TestPackage.valid(dir).write(QUERIES, xml).delete(PERMISSIONS);
    }

    @Test
    void readsTheQueryAndItsMapping() {
        PluginPackage pkg = TestPackage.valid(dir).load();

        assertEquals(List.of(), pkg.problems());
        NamedQuery query = pkg.namedQueries().get(0);
        assertEquals(QUERIES, query.file());
        assertEquals(NAME, query.name());
        assertEquals("STUDENTS", query.coreTable());
        assertEquals(List.of(new QueryArg("dcid", "STUDENTS.DCID", true, "primitive", null)), query.args());
        assertEquals(List.of(new QueryColumn("U_TEST_REQ.ID", "id", 8), new QueryColumn("U_TEST_REQ.STATE", "state", 9)), query.columns());
        assertEquals(true, query.sql().startsWith("SELECT r.ID"));
        PermissionMapping mapping = pkg.permissionMappings().get(0);
        assertEquals(new PermissionMapping(PERMISSIONS, "/admin/students/test.html",
                List.of(new Implied("/ws/schema/query/" + NAME, Set.of("post")))), mapping);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "org.example.test.by_student                  | needs at least 5 dot-separated parts",
            "org.example.test.requests.by-student         | part 'by-student' must be letters, digits and underscore",
            "org.example.test.requests.by student         | part 'by student' must be letters, digits and underscore",
            "com.powerschool.test.requests.by_student     | must not start with com.powerschool",
    })
    void queryNamesTheSisRefuses(String name, String message) {
        withQuery(query(name.trim(), DCID_ARG, "SELECT DCID FROM STUDENTS WHERE DCID = :dcid ORDER BY DCID"))
                .onlyProblem(QUERIES, 3, message.trim());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "org.example.Test.requests.by_student         | part 'Test' is not lower-case snake_case",
            "com.example.sync.requests.01other            | part '01other' is not lower-case snake_case",
    })
    void queryNamesOffStyleAreWarnings(String name, String message) {
        withQuery(query(name.trim(), DCID_ARG, "SELECT DCID FROM STUDENTS WHERE DCID = :dcid ORDER BY DCID"))
                .onlyWarning(QUERIES, 3, message.trim());
    }

    @Test
    void queryNamesAreAtMost200Characters() {
        String name = "org.example.test.requests." + "x".repeat(175);
        withQuery(query(name, DCID_ARG, "SELECT DCID FROM STUDENTS WHERE DCID = :dcid ORDER BY DCID"))
                .onlyProblem(QUERIES, 3, "query name is 201 characters; at most 200");
    }

    @Test
    void queryNamesAreUniqueAcrossFiles() {
        TestPackage pkg = TestPackage.valid(dir).write("queries_root/other.named_queries.xml", TestPackage.QUERIES_XML);

        pkg.onlyProblem(QUERIES, 3, "'" + NAME + "' is already declared at queries_root/other.named_queries.xml:3");
    }

    @Test
    void columnsAreRequired() {
        String xml = "<?xml version=\"1.0\"?>\n<queries>\n  <query name=\"" + NAME + "\">\n"
                + "    <sql>SELECT 1 FROM DUAL ORDER BY 1</sql>\n  </query>\n</queries>\n";
        withQuery(xml).onlyProblem(QUERIES, 3, "<columns> with at least one <column");
    }

    @Test
    void columnsNameTableAndColumn() {
        withQuery(query(NAME, DCID_ARG, "SELECT DCID FROM STUDENTS WHERE DCID = :dcid ORDER BY DCID")
                .replace("column=\"STUDENTS.DCID\">dcid", "column=\"DCID\">dcid"))
                .onlyProblem(QUERIES, 5, "needs column=\"TABLE.COLUMN\", found 'DCID'");
    }

    @Test
    void sqlIsRequired() {
        withQuery(query(NAME, "", "  ")).onlyProblem(QUERIES, 6, "<sql> is missing or empty");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "SELECT DCID FROM STUDENTS WHERE DCID = :dcid AND DCID = :id ORDER BY DCID | :id, which is not declared",
            "SELECT DCID FROM STUDENTS WHERE DCID = ~(curstudid) OR DCID = :dcid ORDER BY 1 | must not contain page tags",
            "SELECT DCID FROM STUDENTS WHERE DCID = ~[x:userid] OR DCID = :dcid ORDER BY 1  | must not contain page tags",
    })
    void sqlRules(String sql, String message) {
        withQuery(query(NAME, DCID_ARG, sql.trim())).onlyProblem(QUERIES, 6, message.trim());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "SELECT DCID FROM STUDENTS ORDER BY DCID                                   | arg 'dcid' is declared but the SQL never uses :dcid",
            "SELECT DCID FROM STUDENTS WHERE DCID = :dcid                              | no ORDER BY",
            "SELECT DCID, 'order by' AS X FROM STUDENTS WHERE DCID = :dcid             | no ORDER BY",
    })
    void sqlConventionsAreWarnings(String sql, String message) {
        withQuery(query(NAME, DCID_ARG, sql.trim().replace(", 'order by' AS X", "")
                + (sql.contains("'order by'") ? " AND 'order by' <> 'x'" : ""))).onlyWarning(QUERIES, 6, message.trim());
    }

    @Test
    void castsStringsAndCommentsAreNotBinds() {
        String sql = "SELECT DCID::text, ':fake' FROM STUDENTS -- :comment\n WHERE DCID = :dcid /* :block */ ORDER BY DCID";
        assertEquals(List.of(), withQuery(query(NAME, DCID_ARG, sql)).load().problems());
    }

    @Test
    void argTypeIsPrimitiveOrArray() {
        withQuery(query(NAME, "<arg name=\"dcid\" type=\"list\"/>", "SELECT 1 FROM STUDENTS WHERE DCID = :dcid ORDER BY 1"))
                .onlyProblem(QUERIES, 4, "use primitive or array");
    }

    @Test
    void queryFileRootAndName() {
        withQuery("<?xml version=\"1.0\"?>\n<query/>\n").onlyProblem(QUERIES, 2, "root element must be <queries>");
        TestPackage pkg = TestPackage.valid(dir).write("queries_root/extra.xml", TestPackage.QUERIES_XML.replace("by_student", "other"));
        pkg.onlyWarning("queries_root/extra.xml", 0, "must be named <unique>.named_queries.xml");
    }

    @Test
    void malformedQueryFileReportsTheLine() {
        withQuery("<?xml version=\"1.0\"?>\n<queries>\n  <query name=\"" + NAME + "\">\n</queries>\n")
                .onlyProblem(QUERIES, 4, "not well-formed XML");
    }

    /** A permission file whose {@code <permission>} is on line 3 and {@code <implies>} on line 4. */
    private TestPackage withPermission(String page, String allow, String resource) {
        return TestPackage.valid(dir).write(PERMISSIONS, "<?xml version=\"1.0\"?>\n<permission_mappings>\n"
                + "  <permission name=\"" + page + "\">\n"
                + "    <implies allow=\"" + allow + "\">" + resource + "</implies>\n"
                + "  </permission>\n</permission_mappings>\n");
    }

    @Test
    void permissionsAllowSeveralMethods() {
        PluginPackage pkg = withPermission("/guardian/test.html", "GET, post", "/ws/utbackpack/status").load();

        assertEquals(List.of(), pkg.problems());
        assertEquals(Set.of("get", "post"), pkg.permissionMappings().get(0).implies().get(0).allow());
    }

    @Test
    void permissionRules() {
        withPermission("admin/test.html", "post", "/ws/x").onlyProblem(PERMISSIONS, 3, "starting with '/'");
        withPermission("/admin/test.html", "patch", "/ws/x").onlyProblem(PERMISSIONS, 4, "allow 'patch' must be get, post, put or delete");
        withPermission("/admin/test.html", "post", "ws/x").onlyProblem(PERMISSIONS, 4, "resource path starting with '/'");
        withPermission("/admin/test.html", "post", "/ws/schema/query/org.example.test.requests.unknown")
                .onlyProblem(PERMISSIONS, 4, "names query 'org.example.test.requests.unknown', which this package does not define");
    }

    @Test
    void permissionFileRoot() {
        TestPackage.valid(dir).write(PERMISSIONS, "<?xml version=\"1.0\"?>\n<permissions/>\n")
                .onlyProblem(PERMISSIONS, 2, "root element must be <permission_mappings>");
    }
}
