package org.utbackpack.security;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.utbackpack.host.Host;
import org.utbackpack.plugin.db.Jdbc;
import org.utbackpack.testing.Browser;
import org.utbackpack.testing.Databases;
import org.utbackpack.testing.TestHost;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every demo role, and nobody signed in, against every Backpack route and method: the server's own
 * answer (redirects not followed), whatever the pages show or hide.
 */
class AccessMatrixTest {

    private static final String[] ROLES = {"anonymous", "backpack.admin", "backpack.viewer", "no.access", "parent.one"};

    /** One route: what to send, and the status each role gets, in ROLES order. */
    private record Route(String method, String path, String form, String json, int... expected) {
    }

    @ParameterizedTest
    @MethodSource("org.utbackpack.testing.Databases#kinds")
    void everyRoleGetsTheAnswerItsAccessAllows(Databases.Kind kind) throws Exception {
        try (Host host = TestHost.start(kind)) {
            Jdbc db = new Jdbc(host.dataSource());
            long avery = db.queryFirst("SELECT DCID FROM STUDENTS WHERE LAST_NAME = 'Jensen'", rs -> rs.getLong(1)).orElseThrow();
            long dana = db.queryFirst("SELECT DCID FROM STUDENTS WHERE LAST_NAME = 'Nguyen'", rs -> rs.getLong(1)).orElseThrow();
            long viewer = db.queryFirst("SELECT MIN(ss.DCID) FROM SCHOOLSTAFF ss JOIN USERS u ON u.DCID = ss.USERS_DCID WHERE u.LOGINID = 'backpack.viewer'", rs -> rs.getLong(1)).orElseThrow(); // 005 + SCHOOLSTAFF.DCID
            String tab = "/admin/students/state/USA_UT/backpack.html?frn=001" + avery;
            String latestFile = "/ws/schema/query/com.utbackpack.backpack.student.latest_file";

            List<Route> routes = List.of(
                    //                                                                 anon admin viewer none parent
                    new Route("GET", "/admin/home.html", null, null, 302, 200, 200, 200, 302),
                    new Route("GET", "/admin/school.html", null, null, 302, 200, 200, 200, 302),
                    new Route("POST", "/admin/school.html", "school=0", null, 403, 303, 303, 303, 401),
                    new Route("GET", tab, null, null, 302, 200, 200, 403, 302),
                    new Route("GET", tab + "&element=courseGrades", null, null, 302, 200, 200, 403, 302),
                    new Route("GET", "/admin/students/state/USA_UT/home.html?frn=001" + avery, null, null, 302, 200, 200, 200, 302),
                    new Route("GET", "/admin/specialfunctions/home.html", null, null, 302, 200, 200, 200, 302),
                    new Route("GET", "/admin/specialfunctions/state/USA_UT/guardian_backpack_requests.html", null, null,
                            302, 200, 403, 403, 302),
                    new Route("GET", "/admin/faculty/state/USA_UT/backpack_access.html?frn=005" + viewer, null, null,
                            302, 200, 200, 200, 302), // read-only without the permission to change it
                    new Route("POST", "/admin/students/state/USA_UT/ssid", "frn=001" + avery + "&ssid=1234561", null,
                            403, 302, 403, 403, 401),
                    new Route("POST", "/admin/students/accessaccounts.html", "frn=001" + avery, null,
                            403, 302, 403, 403, 401),
                    new Route("GET", "/guardian/backpack.html", null, null, 302, 302, 302, 302, 200),
                    new Route("GET", "/ws/utbackpack/status?frn=001" + avery, null, null, 401, 200, 200, 403, 403),
                    new Route("GET", "/ws/utbackpack/guardian/status", null, null, 401, 403, 403, 403, 200),
                    new Route("POST", "/ws/utbackpack/requests", "frn=001" + avery, null, 403, 303, 403, 403, 403),
                    new Route("POST", "/ws/utbackpack/decisions", "decide=approve-999999", null, 403, 303, 403, 403, 403),
                    new Route("POST", "/ws/utbackpack/guardian/requests", "", null, 403, 403, 403, 403, 303),
                    new Route("POST", "/ws/utbackpack/staffaccess", "frn=005" + viewer + "&viewAccess=on", null,
                            403, 303, 403, 403, 403),
                    new Route("POST", latestFile, null, "{\"studentsdcid\": " + avery + "}", 403, 200, 200, 403, 200),
                    new Route("POST", latestFile, null, "{\"studentsdcid\": " + dana + "}", 403, 200, 200, 403, 403),
                    new Route("POST", "/ws/schema/query/com.utbackpack.backpack.requests.pending", null,
                            "{\"fromdate\": \"2000-01-01\", \"todate\": \"2999-01-01\"}", 403, 200, 403, 403, 403),
                    new Route("POST", "/ws/schema/query/com.utbackpack.backpack.student.audit_log", null,
                            "{\"studentsdcid\": " + avery + "}", 403, 200, 403, 403, 403));

            Map<String, Browser> browsers = new LinkedHashMap<>();
            for (String role : ROLES) {
                Browser b = new Browser(host.baseUrl(), false);
                if (role.startsWith("parent")) {
                    b.signIn("/public/home.html", role, "demo-password");
                } else if (!role.equals("anonymous")) {
                    b.signIn("/admin/pw.html", role, "demo-password");
                }
                browsers.put(role, b);
            }
            List<String> wrong = new ArrayList<>();
            for (Route route : routes) {
                for (int i = 0; i < ROLES.length; i++) {
                    Browser b = browsers.get(ROLES[i]);
                    Browser.Page page = switch (route.method()) {
                        case "GET" -> b.get(route.path());
                        default -> route.json() != null ? b.postJson(route.path(), route.json())
                                : b.postForm(route.path(), (b.csrf() == null ? "" : "_csrf=" + b.csrf() + "&") + route.form());
                    };
                    if (page.status() != route.expected()[i]) {
                        wrong.add(ROLES[i] + " " + route.method() + " " + route.path() + " -> " + page.status()
                                + " (expected " + route.expected()[i] + ")");
                    }
                }
            }
            assertEquals(List.of(), wrong);
        }
    }
}
