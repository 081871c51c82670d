package org.utbackpack.security;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.utbackpack.host.Host;
import org.utbackpack.plugin.db.Jdbc;
import org.utbackpack.testing.Browser;
import org.utbackpack.testing.Databases;
import org.utbackpack.testing.Steps;
import org.utbackpack.testing.TestHost;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What an attacker would try: markup in data, SQL in arguments, forged forms, stolen sessions, guessing. */
class HardeningTest {

    private static Host host;

    @BeforeAll
    static void start() throws Exception {
        host = TestHost.start(Databases.Kind.H2);
    }

    @AfterAll
    static void stop() throws Exception {
        host.close();
    }

    @Test
    void everyPageCarriesTheSecurityHeaders() {
        Browser b = new Browser(host.baseUrl(), false);
        for (String path : List.of("/admin/pw.html", "/public/home.html", "/admin/home.html", "/no/such/page.html")) {
            Browser.Page page = b.get(path);
            String csp = page.header("Content-Security-Policy");
            assertNotNull(csp, path);
            assertTrue(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"), csp);
            assertTrue(csp.contains("frame-ancestors 'none'"), csp);
            assertEquals("nosniff", page.header("X-Content-Type-Options"), path);
            assertEquals("same-origin", page.header("Referrer-Policy"), path);
        }
    }

    @Test
    void signInGivesANewHttpOnlySameSiteSessionCookie() {
        Browser b = new Browser(host.baseUrl(), false);
        Browser.Page form = b.get("/admin/pw.html");
        String before = form.header("Set-Cookie");
        assertNotNull(before, "the form's token is bound to a cookie");
        assertTrue(before.contains("HttpOnly") && before.contains("SameSite=Lax"), before);
        assertFalse(before.startsWith("JSESSIONID="), "no session before sign-in: " + before);
        Browser.Page signedIn = b.post("/admin/pw.html", Map.of("username", "backpack.admin", "password", "demo-password"));
        String after = signedIn.header("Set-Cookie");
        assertNotNull(after, "the session starts at sign-in");
        assertTrue(after.startsWith("JSESSIONID=") && after.contains("HttpOnly") && after.contains("SameSite=Lax"), after);
        assertNotEquals(id(before), id(after));
    }

    @Test
    void repeatedWrongPasswordsLockTheUsernameForAWhile() {
        Browser b = new Browser(host.baseUrl());
        for (int i = 0; i < 5; i++) {
            assertTrue(b.signIn("/admin/pw.html", "backpack.viewer", "wrong-" + i).text().contains("Invalid Username or Password"));
        }
        Browser.Page locked = b.signIn("/admin/pw.html", "backpack.viewer", "demo-password");
        assertTrue(locked.text().contains("Too many failed sign-ins"), locked.text());
        assertTrue(locked.uri().getPath().endsWith("/admin/pw.html"));
    }

    @Test
    void markupInNamesIsShownAsTextNeverRun() throws Exception {
        new Jdbc(host.dataSource()).update("INSERT INTO STUDENTS (ID, STUDENT_NUMBER, FIRST_NAME, LAST_NAME, GRADE_LEVEL,"
                + " SCHOOLID) VALUES (9001, '99001', '<script>alert(1)</script>', 'Zed\"><img src=x onerror=alert(2)>', 9, 200)");
        Browser b = Steps.staff(host, "backpack.admin");
        Browser.Page results = b.get("/admin/home.html?q=Zed");
        assertFalse(results.body().contains("<script>alert(1)"), "search results escape names");
        assertFalse(results.body().contains("<img src=x"), "attributes cannot be broken out of");
        assertTrue(results.text().contains("<script>alert(1)</script>"), "the name is shown as text");
        String href = results.html().selectFirst("a:containsOwn(Zed)").attr("href");
        Browser.Page tab = b.get(href.replace("/admin/students/home.html", "/admin/students/state/USA_UT/backpack.html"));
        assertEquals(200, tab.status());
        assertFalse(tab.body().contains("<script>alert(1)"));
        Browser.Page search = b.get("/admin/home.html?q=%3Cb%3Ebold%3C%2Fb%3E");
        assertFalse(search.body().contains("<b>bold</b>"), "the search text is escaped too");
    }

    @Test
    void sqlInPowerQueryArgumentsIsRefusedAsBadInput() throws Exception {
        Browser b = Steps.staff(host, "backpack.admin");
        b.get("/admin/home.html");
        Browser.Page injected = b.postJson("/ws/schema/query/com.utbackpack.backpack.student.latest_file",
                "{\"studentsdcid\": \"1 OR 1=1\"}");
        assertEquals(400, injected.status(), injected.body());
        Browser.Page quoted = b.postJson("/ws/schema/query/com.utbackpack.backpack.schools.list",
                "{\"x\": \"'; DROP TABLE STUDENTS; --\"}");
        assertEquals(400, quoted.status(), "unknown arguments are refused, never pasted into SQL");
        long students = new Jdbc(host.dataSource()).queryFirst("SELECT COUNT(*) FROM STUDENTS", rs -> rs.getLong(1)).orElseThrow();
        assertTrue(students >= 4, "STUDENTS is still there: " + students);
        Browser.Page order = b.postJson("/ws/schema/query/com.utbackpack.backpack.schools.list?order=1;DROP", "{}");
        assertEquals(400, order.status());
    }

    @Test
    void formsWithoutTheSessionsTokenAreRefused() {
        Browser b = Steps.staff(host, "backpack.admin");
        assertEquals(403, b.postRaw("/ws/utbackpack/decisions", Map.of("decide", "approve-1")).status());
        assertEquals(403, b.postRaw("/ws/utbackpack/decisions", Map.of("decide", "approve-1", "_csrf", "forged")).status());
        Browser other = new Browser(host.baseUrl());
        other.signIn("/admin/pw.html", "backpack.viewer", "demo-password");
        assertEquals(403, b.postRaw("/ws/utbackpack/decisions", Map.of("decide", "approve-1", "_csrf", other.csrf())).status(),
                "another session's token is no good");
        Browser.Page json = b.postJsonWithoutToken("/ws/schema/query/com.utbackpack.backpack.schools.list", "{}");
        assertEquals(403, json.status());
    }

    @Test
    void errorPagesSayASentenceAndNeverShowAStackTrace() throws Exception {
        Browser b = Steps.staff(host, "backpack.admin");
        Browser.Page missing = b.get("/admin/students/state/USA_UT/backpack.html?frn=001999999");
        assertEquals(404, missing.status());
        assertTrue(missing.text().contains("There is no such student"), missing.text());
        Browser.Page broken = b.postJson("/ws/schema/query/com.utbackpack.backpack.student.latest_file", "{not json");
        assertEquals(400, broken.status());
        for (Browser.Page page : List.of(missing, broken)) {
            assertFalse(page.body().contains("Exception"), page.body());
            assertFalse(page.body().contains("at org."), page.body());
        }
    }

    @Test
    void theUtrexSecretIsInNoPageAndNoWebRootFile() throws Exception {
        Browser b = Steps.staff(host, "backpack.admin");
        String secret = secretOf(host);
        for (String path : List.of("/admin/home.html", "/admin/specialfunctions/home.html",
                "/scripts/utbackpack/backpack.js")) {
            assertFalse(b.get(path).body().contains(secret), path);
        }
        try (var files = java.nio.file.Files.walk(TestHost.projectRoot().resolve("web_root"))) {
            for (java.nio.file.Path f : files.filter(java.nio.file.Files::isRegularFile).toList()) {
                String text = java.nio.file.Files.readString(f);
                assertFalse(text.toLowerCase().contains("clientsecret=") || text.contains(secret), f.toString());
            }
        }
    }

    private static String secretOf(Host host) {
        return host.pluginSettings().get("utbackpack.utrex.clientSecret");
    }

    private static String id(String cookie) {
        return cookie.split(";")[0];
    }

}
