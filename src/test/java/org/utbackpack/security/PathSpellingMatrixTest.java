package org.utbackpack.security;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.utbackpack.host.Host;
import org.utbackpack.plugin.db.Jdbc;
import org.utbackpack.testing.Browser;
import org.utbackpack.testing.Databases;
import org.utbackpack.testing.TestHost;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every protected route (staff pages, plugin pages, PowerQueries, broker routes, administrators' pages,
 * guardian pages) as each demo role, a guardian of another student and nobody signed in, sent as the SIS
 * writes it and in every other spelling that decodes to it. The canonical spelling gets the answer the
 * role's access allows; every other spelling is refused with 400 before any filter runs, so no spelling
 * reaches data the canonical one would refuse, or skips the disclosure log.
 */
class PathSpellingMatrixTest {

    private static final String[] ROLES = {"anonymous", "backpack.admin", "backpack.viewer", "no.access", "parent.one",
            "parent.two"};

    /** One route: what to send, and the status each role gets for the canonical spelling, in ROLES order. */
    private record Route(String method, String path, String query, String form, String json, int... expected) {
    }

    /** Spellings of the same address that differ once decoded; each takes the path (no query string). */
    static final Map<String, UnaryOperator<String>> SPELLINGS = spellings();

    private static Map<String, UnaryOperator<String>> spellings() {
        Map<String, UnaryOperator<String>> s = new LinkedHashMap<>();
        s.put("percent-encoded letter", p -> replaceInLast(p, "[a-z]", c -> "%" + Integer.toHexString(c.charAt(0))));
        s.put("encoded dot", p -> p.substring(p.lastIndexOf('/')).contains(".") ? replaceInLast(p, "\\.", c -> "%2E")
                : beforeLast(p, "%2E/"));
        s.put("leading ./", p -> beforeLast(p, "./"));
        s.put("../", p -> beforeLast(p, "x/../"));
        s.put("//", p -> beforeLast(p, "/"));
        s.put("encoded /", p -> p.substring(0, p.lastIndexOf('/')) + "%2F" + p.substring(p.lastIndexOf('/') + 1));
        s.put("; parameter", p -> p + ";jsessionid=x");
        s.put("other case", p -> "/" + p.substring(1, 2).toUpperCase(java.util.Locale.ROOT) + p.substring(2));
        // a different-case page or PowerQuery name (a broker action's name is not an address the SIS knows)
        s.put("other case in the name", p -> p.startsWith("/ws/utbackpack/") ? "/W" + p.substring(2)
                : replaceInLast(p, "[a-z]", String::toUpperCase));
        return s;
    }

    private static String beforeLast(String path, String insert) {
        int slash = path.lastIndexOf('/');
        return path.substring(0, slash + 1) + insert + path.substring(slash + 1);
    }

    private static String replaceInLast(String path, String regex, UnaryOperator<String> by) {
        int slash = path.lastIndexOf('/');
        String last = path.substring(slash + 1);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(regex).matcher(last);
        if (!m.find()) {
            throw new IllegalArgumentException(path);
        }
        return path.substring(0, slash + 1) + last.substring(0, m.start()) + by.apply(m.group())
                + last.substring(m.end());
    }

    @ParameterizedTest
    @MethodSource("org.utbackpack.testing.Databases#kinds")
    void everySpellingOfEveryRouteGetsTheCanonicalAnswerOrA400(Databases.Kind kind) throws Exception {
        try (Host host = TestHost.start(kind)) {
            Jdbc db = new Jdbc(host.dataSource());
            long avery = db.queryFirst("SELECT DCID FROM STUDENTS WHERE LAST_NAME = 'Jensen'", rs -> rs.getLong(1)).orElseThrow();
            long dana = db.queryFirst("SELECT DCID FROM STUDENTS WHERE LAST_NAME = 'Nguyen'", rs -> rs.getLong(1)).orElseThrow();
            // a staff page's frn is 005 + the school staff row's DCID
            long viewer = db.queryFirst("SELECT s.DCID FROM SCHOOLSTAFF s JOIN USERS u ON u.DCID = s.USERS_DCID"
                    + " WHERE u.LOGINID = 'backpack.viewer'", rs -> rs.getLong(1)).orElseThrow();
            // parent.two becomes a guardian with parent access to another student (Dana) than parent.one's
            db.update("UPDATE GUARDIANSTUDENT SET PARENTACCESS = ? WHERE GUARDIANID = (SELECT GUARDIANID FROM GUARDIAN"
                    + " WHERE ACCOUNTID = 'parent.two')", true);
            String q = "/ws/schema/query/com.utbackpack.backpack.";
            String averyArgs = "{\"studentsdcid\": " + avery + "}";
            String danaArgs = "{\"studentsdcid\": " + dana + "}";

            List<Route> routes = new ArrayList<>(List.of(
                    //                                                                     anon admin viewer none p.one p.two
                    new Route("GET", "/admin/home.html", "", null, null, 302, 200, 200, 200, 302, 302),
                    new Route("GET", "/admin/students/state/USA_UT/backpack.html", "?frn=001" + avery, null, null,
                            302, 200, 200, 403, 302, 302),
                    new Route("GET", "/admin/students/state/USA_UT/backpack.html", "?frn=001" + avery
                            + "&element=courseGrades", null, null, 302, 200, 200, 403, 302, 302),
                    new Route("GET", "/admin/students/state/USA_UT/home.html", "?frn=001" + avery, null, null,
                            302, 200, 200, 200, 302, 302),
                    new Route("GET", "/admin/specialfunctions/state/USA_UT/guardian_backpack_requests.html", "", null,
                            null, 302, 200, 403, 403, 302, 302),
                    // every staff member sees the checkboxes; changing them takes a permission
                    new Route("GET", "/admin/faculty/state/USA_UT/backpack_access.html", "?frn=005" + viewer, null,
                            null, 302, 200, 200, 200, 302, 302),
                    new Route("GET", "/admin/specialfunctions/home.html", "", null, null, 302, 200, 200, 200, 302, 302),
                    new Route("GET", "/admin/faculty/home.html", "?frn=005" + viewer, null, null,
                            302, 200, 200, 200, 302, 302),
                    new Route("GET", "/admin/school.html", "", null, null, 302, 200, 200, 200, 302, 302),
                    new Route("GET", "/admin/tech/audit.html", "", null, null, 302, 200, 403, 403, 302, 302),
                    new Route("GET", "/admin/tech/plugins.html", "", null, null, 302, 200, 403, 403, 302, 302),
                    new Route("GET", "/guardian/home.html", "", null, null, 302, 302, 302, 302, 200, 200),
                    new Route("GET", "/guardian/backpack.html", "", null, null, 302, 302, 302, 302, 200, 200),
                    new Route("GET", "/ws/utbackpack/status", "?frn=001" + avery, null, null, 401, 200, 200, 403, 403, 403),
                    new Route("GET", "/ws/utbackpack/guardian/status", "", null, null, 401, 403, 403, 403, 200, 200),
                    new Route("POST", "/ws/utbackpack/decisions", "", "decide=approve-999999", null,
                            403, 303, 403, 403, 403, 403),
                    new Route("POST", "/ws/utbackpack/staffaccess", "", "frn=005" + viewer + "&viewAccess=on", null,
                            403, 303, 403, 403, 403, 403),
                    new Route("POST", q + "student.latest_file", "", null, danaArgs, 403, 200, 200, 403, 403, 200),
                    new Route("POST", "/ws/utbackpack/requests", "", "frn=001" + avery, null, 403, 303, 403, 403, 403, 403),
                    new Route("POST", "/ws/utbackpack/requests/999999/retry", "", "", null, 403, 404, 403, 403, 403, 403),
                    new Route("POST", "/ws/utbackpack/requests/999999/cancel", "", "", null, 403, 404, 403, 403, 403, 403),
                    new Route("POST", "/ws/utbackpack/guardian/requests", "", "", null, 403, 403, 403, 403, 303, 303),
                    // a retrieval that does not exist: the answer does not depend on what the requests above stored
                    new Route("GET", "/ws/utbackpack/export", "?frn=001" + avery + "&format=csv&element=courseGrades"
                            + "&file=999999", null, null, 401, 404, 403, 403, 403, 403),
                    new Route("POST", "/ws/utbackpack/utrex/test", "", "", null, 403, 303, 403, 403, 403, 403),
                    new Route("GET", "/admin/utbackpack/utrex_settings.html", "", null, null, 302, 200, 403, 403, 302, 302),
                    new Route("GET", "/ws/utbackpack/nothing", "", null, null, 401, 404, 404, 404, 404, 404)));
            // every PowerQuery of the plugin, with arguments about Avery (parent.one's student, not parent.two's)
            String dates = "\"fromdate\": \"2000-01-01\", \"todate\": \"2999-01-01\"";
            long parentOne = db.queryFirst("SELECT GUARDIANID FROM GUARDIAN WHERE ACCOUNTID = 'parent.one'",
                    rs -> rs.getLong(1)).orElseThrow();
            //                                                           anon admin viewer none p.one p.two
            int[] guardianMayRead = {403, 200, 200, 403, 200, 403};
            int[] staffOnly = {403, 200, 200, 403, 403, 403};
            int[] requestAccess = {403, 200, 403, 403, 403, 403};
            for (String name : List.of("latest_file", "retrievals", "retrieval", "changes", "element_counts",
                    "demographic_fields", "school_years", "enrollments", "course_grades", "course_history",
                    "section_attendance", "teachers", "assessments", "proficiency_trend", "attendance_trend")) {
                routes.add(new Route("POST", q + "student." + name, "", null, averyArgs, guardianMayRead));
            }
            routes.add(new Route("POST", q + "student.element_years", "", null,
                    "{\"studentsdcid\": " + avery + ", \"element\": \"courseGrades\"}", guardianMayRead));
            routes.add(new Route("POST", q + "student.guardian_latest_request", "", null, "{\"studentsdcid\": " + avery
                    + ", \"guardianid\": " + parentOne + "}", 403, 403, 403, 403, 200, 403)); // the portal's only
            routes.add(new Route("POST", q + "student.latest_request", "", null, averyArgs, staffOnly));
            routes.add(new Route("POST", q + "student.guardian_requests", "", null, averyArgs, staffOnly));
            routes.add(new Route("POST", q + "student.tab_requests", "", null, averyArgs, staffOnly));
            routes.add(new Route("POST", q + "student.file_summary", "", null, averyArgs, staffOnly));
            routes.add(new Route("POST", q + "student.audit_log", "", null, averyArgs, requestAccess));
            for (String list : List.of("pending", "decided")) {
                routes.add(new Route("POST", q + "requests." + list, "", null, "{" + dates + "}", requestAccess));
                routes.add(new Route("POST", q + "requests." + list + "_count", "", null, "{" + dates
                        + ", \"upto\": 0}", requestAccess));
                routes.add(new Route("POST", q + "requests.school_" + list, "", null, "{" + dates
                        + ", \"schoolid\": 1}", requestAccess));
                routes.add(new Route("POST", q + "requests.school_" + list + "_count", "", null, "{" + dates
                        + ", \"schoolid\": 1, \"upto\": 0}", requestAccess));
            }
            routes.add(new Route("POST", q + "requests.one", "", null, "{\"requestid\": 999999}", requestAccess));
            routes.add(new Route("POST", q + "schools.list", "", null, "{}", requestAccess));
            routes.add(new Route("POST", q + "staff.access", "", null, "{\"schoolstaffdcid\": " + viewer + "}",
                    403, 200, 200, 403, 403, 403));
            assertTrue(host.pluginServletMappings().contains("/ws/utbackpack/requests/*")
                    && !host.pluginServletMappings().contains("/ws/schema/query/*"), "the plugin's mappings, apart from"
                    + " the host's: " + host.pluginServletMappings());
            assertEquals(List.of(), missingFromTheMatrix(host, routes),
                    "every address the plugin serves is in the matrix");

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
            HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                    .connectTimeout(Duration.ofSeconds(10)).build();
            List<String> wrong = new ArrayList<>();
            for (Route route : routes) {
                for (int i = 0; i < ROLES.length; i++) {
                    Browser b = browsers.get(ROLES[i]);
                    int canonical = send(http, host.baseUrl(), b, route, route.path());
                    if (canonical != route.expected()[i]) {
                        wrong.add(ROLES[i] + " " + route.method() + " " + route.path() + route.query() + " -> " + canonical
                                + " (expected " + route.expected()[i] + ")");
                    }
                    for (Map.Entry<String, UnaryOperator<String>> spelling : SPELLINGS.entrySet()) {
                        String path = spelling.getValue().apply(route.path());
                        int status;
                        try {
                            status = send(http, host.baseUrl(), b, route, path);
                        } catch (java.io.IOException e) {
                            wrong.add(ROLES[i] + " " + route.method() + " " + path + " (" + spelling.getKey() + ") -> no"
                                    + " answer: " + e.getMessage());
                            continue;
                        }
                        if (status != 400) {
                            wrong.add(ROLES[i] + " " + route.method() + " " + path + " (" + spelling.getKey() + ") -> "
                                    + status + " (expected 400)");
                        }
                    }
                }
            }
            assertEquals(List.of(), wrong);
        }
    }

    /**
     * The plugin's addresses no route of the matrix sends to, read from the running host so a new one cannot be
     * missed: its pages and PowerQueries (as the host routes them), every servlet mapping its code added (under
     * {@code /ws/} or anywhere else), and every address named in the plugin's {@code Routes}, each action on a
     * request ({@code /requests/{id}/{verb}}, {@code Routes.REQUEST_VERBS}) included.
     */
    static List<String> missingFromTheMatrix(Host host, List<Route> routes) throws IllegalAccessException {
        return missing(host.plugins().get(0).routesByLowerCase().values(), host.pluginServletMappings(),
                routes.stream().map(Route::path).toList());
    }

    /**
     * A mapping {@code /x/*} needs a route below {@code /x/}, {@code *.x} a route ending so, any other one that
     * address; an address in {@code Routes} a route at it or below it; a request verb a route
     * {@code /ws/utbackpack/requests/{id}/{verb}}.
     */
    static List<String> missing(java.util.Collection<String> pagesAndQueries, List<String> pluginMappings,
                                List<String> sent) throws IllegalAccessException {
        List<String> missing = new ArrayList<>();
        for (String address : pagesAndQueries) {
            if ((address.endsWith(".html") || address.startsWith("/ws/")) && !sent.contains(address)) {
                missing.add("page or PowerQuery " + address);
            }
        }
        for (String mapping : pluginMappings) {
            boolean covered;
            if (mapping.endsWith("/*")) {
                covered = sent.stream().anyMatch(p -> p.startsWith(mapping.substring(0, mapping.length() - 1)));
            } else if (mapping.startsWith("*.")) {
                covered = sent.stream().anyMatch(p -> p.endsWith(mapping.substring(1)));
            } else {
                covered = sent.contains(mapping);
            }
            if (!covered) {
                missing.add("servlet mapping " + mapping);
            }
        }
        for (java.lang.reflect.Field f : org.utbackpack.plugin.web.Routes.class.getDeclaredFields()) {
            if (f.getType() == String.class && java.lang.reflect.Modifier.isStatic(f.getModifiers())) {
                f.setAccessible(true);
                String address = (String) f.get(null);
                if (sent.stream().noneMatch(p -> p.equals(address) || p.startsWith(address.endsWith("/") ? address
                        : address + "/") || p.startsWith(address) && address.endsWith("."))) {
                    missing.add("Routes." + f.getName() + " " + address);
                }
            }
        }
        for (String verb : org.utbackpack.plugin.web.Routes.REQUEST_VERBS) {
            String action = java.util.regex.Pattern.quote(org.utbackpack.plugin.web.Routes.MAKE_REQUEST) + "/\\d+/"
                    + java.util.regex.Pattern.quote(verb);
            if (sent.stream().noneMatch(p -> p.matches(action))) {
                missing.add("request action " + org.utbackpack.plugin.web.Routes.MAKE_REQUEST + "/{id}/" + verb);
            }
        }
        return missing;
    }

    @Test
    void theCoverageCheckSeesAPluginServletOutsideWsAndEachRequestAction() throws Exception {
        List<String> missing = missing(List.of(), List.of("/admin/utbackpack/records.csv", "*.bpx",
                org.utbackpack.plugin.web.Routes.MAKE_REQUEST + "/*"), List.of("/ws/utbackpack/requests/1/retry"));
        assertTrue(missing.contains("servlet mapping /admin/utbackpack/records.csv"), missing.toString());
        assertTrue(missing.contains("servlet mapping *.bpx"), missing.toString());
        assertTrue(missing.contains("request action /ws/utbackpack/requests/{id}/cancel"), missing.toString());
        assertFalse(missing.contains("request action /ws/utbackpack/requests/{id}/retry"), missing.toString());
    }

    /** Sends the route with this exact path spelling (no client-side normalizing), as the role's browser. */
    private static int send(HttpClient http, URI base, Browser browser, Route route, String path) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path + route.query()))
                .timeout(Duration.ofSeconds(30));
        String cookies = browser.cookieHeader();
        if (!cookies.isEmpty()) {
            request.header("Cookie", cookies);
        }
        if (route.method().equals("GET")) {
            request.GET();
        } else if (route.json() != null) {
            request.header("Content-Type", "application/json");
            if (browser.csrf() != null) {
                request.header("X-CSRF-Token", browser.csrf());
            }
            request.POST(HttpRequest.BodyPublishers.ofString(route.json()));
        } else {
            request.header("Content-Type", "application/x-www-form-urlencoded");
            String token = browser.csrf() == null ? "" : "_csrf=" + browser.csrf() + "&";
            request.POST(HttpRequest.BodyPublishers.ofString(token + route.form()));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
