package org.utbackpack.security;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.utbackpack.host.Host;
import org.utbackpack.plugin.db.Jdbc;
import org.utbackpack.testing.Browser;
import org.utbackpack.testing.Databases;
import org.utbackpack.testing.SharedHosts;
import org.utbackpack.testing.Steps;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The broker's routes, one servlet per feature, sent what a careless or hostile caller sends: the wrong method,
 * no CSRF token or an old one, ids that are not numbers, are negative or too large, and another student's
 * retrieval. Each gets a refusal with a sentence (never a 500 or a stack trace), changes nothing and logs nothing.
 */
class BrokerRouteEdgesTest {

    @RegisterExtension
    static final SharedHosts HOSTS = new SharedHosts();

    private static final String HUGE = "99999999999999999999";
    private static final String BIG = "999999999999999999";

    @ParameterizedTest
    @MethodSource("org.utbackpack.testing.Databases#kinds")
    void wrongMethodsTokensAndIdsAreRefusedWithASentenceAndChangeNothing(Databases.Kind kind) throws Exception {
        Host host = HOSTS.host(kind);
        Jdbc db = new Jdbc(host.dataSource());
        long avery = dcid(db, "Jensen");
        long viewer = db.queryFirst("SELECT s.DCID FROM SCHOOLSTAFF s JOIN USERS u ON u.DCID = s.USERS_DCID"
                + " WHERE u.LOGINID = 'backpack.viewer'", rs -> rs.getLong(1)).orElseThrow();
        Browser admin = Steps.staff(host, "backpack.admin");
        long requestsBefore = count(db, "S_UT_STU_BACKPACKREQUEST_C");
        long logBefore = count(db, "U_UT_BP_AUDIT");
        List<String> wrong = new ArrayList<>();

        List<String> posts = List.of("/ws/utbackpack/requests", "/ws/utbackpack/requests/1/retry",
                "/ws/utbackpack/requests/1/cancel", "/ws/utbackpack/guardian/requests", "/ws/utbackpack/decisions",
                "/ws/utbackpack/staffaccess", "/ws/utbackpack/utrex/test");
        List<String> gets = List.of("/ws/utbackpack/status?frn=001" + avery, "/ws/utbackpack/guardian/status",
                "/ws/utbackpack/export?frn=001" + avery + "&format=edfi");
        HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10)).build();
        for (String path : posts) {
            expect(wrong, "GET " + path, admin.get(path), 404, 405);
            for (String method : List.of("PUT", "DELETE", "PATCH", "OPTIONS", "TRACE")) {
                expect(wrong, method + " " + path, send(http, host.baseUrl(), admin, method, path), 405);
            }
            // no token, and a token of another session
            expect(wrong, "POST " + path + " without a token", admin.postRaw(path, Map.of("frn", "001" + avery,
                    "decide", "approve-1")), 403);
            expect(wrong, "POST " + path + " with another session's token", admin.postRaw(path,
                    Map.of("_csrf", Steps.staff(host, "backpack.admin").csrf(), "frn", "001" + avery)), 403);
        }
        for (String path : gets) {
            expect(wrong, "POST " + path, admin.post(path, Map.of()), 404, 405);
        }
        // ids and numbers of every wrong kind
        String[][] posted = {
                {"/ws/utbackpack/requests/" + HUGE + "/retry", "", "404"},
                {"/ws/utbackpack/requests/-1/retry", "", "404"},
                {"/ws/utbackpack/requests/abc/cancel", "", "404"},
                {"/ws/utbackpack/requests/" + BIG + "/cancel", "", "404"},
                {"/ws/utbackpack/requests/" + BIG + "/retry", "", "404"},
                {"/ws/utbackpack/requests", "frn=001abc", "400"},
                {"/ws/utbackpack/requests", "frn=001" + HUGE, "400"},
                {"/ws/utbackpack/requests", "frn=001-1", "400"},
                {"/ws/utbackpack/requests", "frn=005" + viewer, "400"},
                {"/ws/utbackpack/requests", "frn=001" + BIG, "404"},
                {"/ws/utbackpack/requests", "", "400"},
                {"/ws/utbackpack/decisions", "action=approve&id=" + HUGE, "400"},
                {"/ws/utbackpack/decisions", "action=approve&id=-1", "400"},
                {"/ws/utbackpack/decisions", "action=approve&id=1e3", "400"},
                {"/ws/utbackpack/decisions", "action=approve&id=1%20OR%201%3D1", "400"},
                {"/ws/utbackpack/decisions", "decide=approve-" + HUGE, "400"},
                {"/ws/utbackpack/decisions", "action=drop&id=1", "400"},
                {"/ws/utbackpack/decisions", "action=reject&confirmed=yes&id=1&reason=" + "x".repeat(5000), "400"},
                {"/ws/utbackpack/staffaccess", "frn=005abc&viewAccess=on", "400"},
                {"/ws/utbackpack/staffaccess", "frn=005" + HUGE + "&viewAccess=on", "400"},
                {"/ws/utbackpack/staffaccess", "frn=001" + avery + "&viewAccess=on", "400"},
                {"/ws/utbackpack/staffaccess", "frn=005" + BIG + "&viewAccess=on", "404"},
                {"/ws/utbackpack/utrex/other", "", "404"},
        };
        for (String[] p : posted) {
            String body = p[1].isEmpty() ? "_csrf=" + admin.csrf() : p[1] + "&_csrf=" + admin.csrf();
            expect(wrong, "POST " + p[0] + " " + abbreviated(p[1]), admin.postForm(p[0], body), Integer.parseInt(p[2]));
        }
        String export = "/ws/utbackpack/export?frn=001" + avery + "&format=";
        String[][] got = {
                {export + "edfi&file=-1", "400"},
                {export + "edfi&file=1.5", "400"},
                {export + "edfi&file=" + HUGE, "400"},
                {export + "edfi&file=" + BIG, "404"},
                {export + "pdf", "400"},
                {export + "csv&element=..%2F..%2Fetc%2Fpasswd", "400"},
                {export + "csv", "400"},
                {"/ws/utbackpack/export?frn=001abc&format=edfi", "400"},
                {"/ws/utbackpack/export?frn=001" + HUGE + "&format=edfi", "400"},
                {"/ws/utbackpack/status?frn=001abc", "400"},
                {"/ws/utbackpack/status?frn=001" + HUGE, "400"},
                {"/ws/utbackpack/status", "400"},
        };
        for (String[] g : got) {
            expect(wrong, "GET " + g[0], admin.get(g[0]), Integer.parseInt(g[1]));
        }
        assertEquals(List.of(), wrong);
        assertEquals(requestsBefore, count(db, "S_UT_STU_BACKPACKREQUEST_C"), "no request was made");
        assertEquals(logBefore, count(db, "U_UT_BP_AUDIT"), "nothing was logged, as nothing was done or shown");
    }

    @ParameterizedTest
    @MethodSource("org.utbackpack.testing.Databases#kinds")
    void anotherStudentsRetrievalIsNotExportedOrLogged(Databases.Kind kind) throws Exception {
        Host host = HOSTS.host(kind);
        Jdbc db = new Jdbc(host.dataSource());
        long avery = dcid(db, "Jensen");
        long dana = dcid(db, "Nguyen");
        Browser admin = Steps.staff(host, "backpack.admin");
        admin.post("/ws/utbackpack/requests", Map.of("frn", "001" + avery));
        Instant deadline = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(deadline)
                && !admin.get("/ws/utbackpack/status?frn=001" + avery).body().contains("RECEIVED")) {
            Thread.sleep(200);
        }
        long averysFile = db.queryFirst("SELECT MAX(ID) FROM U_UT_BP_FILE WHERE STUDENTSDCID = ?", rs -> rs.getLong(1),
                avery).orElseThrow();
        assertEquals(200, admin.get("/ws/utbackpack/export?frn=001" + avery + "&format=edfi&file=" + averysFile)
                .status(), "Avery's own retrieval exports");
        long logBefore = count(db, "U_UT_BP_AUDIT");
        for (String format : List.of("edfi", "csv&element=courseGrades")) {
            Browser.Page page = admin.get("/ws/utbackpack/export?frn=001" + dana + "&format=" + format + "&file="
                    + averysFile);
            assertEquals(404, page.status(), format + ": " + page.body());
            assertTrue(page.text().contains("This student has no such Backpack retrieval."), page.text());
        }
        assertEquals(logBefore, count(db, "U_UT_BP_AUDIT"), "nothing exported, nothing logged");
    }

    @ParameterizedTest
    @MethodSource("org.utbackpack.testing.Databases#kinds")
    void aGuardianActsOnlyForTheirOwnStudentWhateverTheyName(Databases.Kind kind) throws Exception {
        Host host = HOSTS.host(kind);
        Jdbc db = new Jdbc(host.dataSource());
        long avery = dcid(db, "Jensen");
        long dana = dcid(db, "Nguyen");
        // parent.two: parent access to Dana only
        db.update("UPDATE GUARDIANSTUDENT SET PARENTACCESS = ? WHERE GUARDIANID = (SELECT GUARDIANID FROM GUARDIAN"
                + " WHERE ACCOUNTID = 'parent.two')", true);
        Browser other = Steps.guardian(host, "parent.two");
        other.post("/guardian/select", Map.of("studentsdcid", Long.toString(avery)));
        long averysBefore = db.queryFirst("SELECT COUNT(*) FROM S_UT_STU_BACKPACKREQUEST_C WHERE STUDENTSDCID = ?",
                rs -> rs.getLong(1), avery).orElseThrow();
        other.post("/ws/utbackpack/guardian/requests", Map.of("studentsdcid", Long.toString(avery),
                "frn", "001" + avery));
        assertEquals(averysBefore, (long) db.queryFirst("SELECT COUNT(*) FROM S_UT_STU_BACKPACKREQUEST_C"
                + " WHERE STUDENTSDCID = ?", rs -> rs.getLong(1), avery).orElseThrow(), "no request for Avery");
        assertEquals(1L, (long) db.queryFirst("SELECT COUNT(*) FROM S_UT_STU_BACKPACKREQUEST_C WHERE STUDENTSDCID = ?"
                + " AND GUARDIANID IS NOT NULL", rs -> rs.getLong(1), dana).orElseThrow(), "the request is Dana's");
        for (String path : List.of("/ws/utbackpack/requests", "/ws/utbackpack/requests/1/retry",
                "/ws/utbackpack/requests/1/cancel", "/ws/utbackpack/decisions")) {
            Browser.Page page = other.post(path, Map.of("frn", "001" + avery, "decide", "approve-1"));
            assertEquals(403, page.status(), path + ": " + page.text());
        }
    }

    private static void expect(List<String> wrong, String what, Browser.Page page, int... statuses) {
        boolean expected = java.util.Arrays.stream(statuses).anyMatch(s -> s == page.status());
        String body = page.body();
        boolean leaks = body.contains("Exception") || body.contains("at org.") || body.contains("SQL");
        if (!expected || leaks) {
            wrong.add(what + " -> " + page.status() + " " + abbreviated(page.text()));
        }
    }

    private static Browser.Page send(HttpClient http, URI base, Browser browser, String method, String path)
            throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve(path))
                .header("Cookie", browser.cookieHeader()).header("X-CSRF-Token", browser.csrf())
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        return new Browser.Page(r.statusCode(), r.uri(), r.body(), r.headers());
    }

    private static String abbreviated(String text) {
        return text.length() > 160 ? text.substring(0, 160) + "..." : text;
    }

    private static long dcid(Jdbc db, String lastName) {
        return db.queryFirst("SELECT DCID FROM STUDENTS WHERE LAST_NAME = ?", rs -> rs.getLong(1), lastName)
                .orElseThrow();
    }

    private static long count(Jdbc db, String table) {
        return db.queryFirst("SELECT COUNT(*) FROM " + table, rs -> rs.getLong(1)).orElseThrow();
    }
}
