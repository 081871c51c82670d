package org.utbackpack.security;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.utbackpack.host.Host;
import org.utbackpack.testing.Browser;
import org.utbackpack.testing.Databases;
import org.utbackpack.testing.SharedHosts;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A signed-out visitor costs the server no session, whatever they ask for: the sign-in pages, a failed
 * sign-in, error pages, the portal, files, PowerQueries and broker routes. So a flood of signed-out requests
 * cannot fill the server's memory. Their forms are still protected: the token is bound to a cookie of theirs,
 * and the sign-in forms refuse a missing, borrowed or forged token as they always did.
 */
class SignedOutSessionTest {

    @RegisterExtension
    static final SharedHosts HOSTS = new SharedHosts();

    private static final String QUERY = "/ws/schema/query/com.utbackpack.backpack.student.latest_file";

    @ParameterizedTest
    @MethodSource("org.utbackpack.testing.Databases#kinds")
    void noSignedOutRequestMakesASession(Databases.Kind kind) throws Exception {
        Host host = HOSTS.host(kind);
        Browser visitor = new Browser(host.baseUrl(), false);
        Map<String, Supplier<Browser.Page>> requests = new LinkedHashMap<>();
        Map<String, Integer> statuses = new LinkedHashMap<>();
        add(requests, statuses, "staff sign-in page", 200, () -> visitor.get("/admin/pw.html"));
        add(requests, statuses, "parent sign-in page", 200, () -> visitor.get("/public/home.html"));
        add(requests, statuses, "parent sign-in page in Spanish", 200, () -> visitor.get("/public/home.html?lang=es"));
        add(requests, statuses, "failed staff sign-in", 401, () -> visitor.post("/admin/pw.html",
                Map.of("username", "backpack.admin", "password", "wrong")));
        add(requests, statuses, "failed parent sign-in", 401, () -> visitor.post("/public/home.html",
                Map.of("username", "parent.one", "password", "wrong")));
        add(requests, statuses, "sign-in without a token", 403, () -> visitor.postRaw("/admin/pw.html",
                Map.of("username", "backpack.admin", "password", "wrong")));
        add(requests, statuses, "missing page", 404, () -> visitor.get("/no/such/page.html"));
        add(requests, statuses, "missing portal page", 404, () -> visitor.get("/public/no_such_page.html"));
        add(requests, statuses, "encoded address", 400, () -> visitor.get("/admin/students/state/USA_UT/backpack%2Ehtml"));
        add(requests, statuses, "address in other case", 400, () -> visitor.get("/Admin/home.html"));
        add(requests, statuses, "staff page", 302, () -> visitor.get("/admin/home.html"));
        add(requests, statuses, "portal page", 302, () -> visitor.get("/guardian/home.html"));
        add(requests, statuses, "plugin portal page", 302, () -> visitor.get("/guardian/backpack.html"));
        add(requests, statuses, "portal form", 401, () -> visitor.post("/guardian/language", Map.of("lang", "es")));
        add(requests, statuses, "host asset", 200, () -> visitor.get("/host-assets/host.css"));
        add(requests, statuses, "plugin asset", 200, () -> visitor.get("/scripts/utbackpack/backpack.js"));
        add(requests, statuses, "PowerQuery", 401, () -> visitor.postJson(QUERY, "{\"studentsdcid\": 1}"));
        add(requests, statuses, "PowerQuery without a token", 403, () -> visitor.postJsonWithoutToken(QUERY, "{}"));
        add(requests, statuses, "broker route", 401, () -> visitor.post("/ws/utbackpack/requests", Map.of("frn", "0011")));
        add(requests, statuses, "broker route read", 401, () -> visitor.get("/ws/utbackpack/requests"));
        add(requests, statuses, "sign out", 302, () -> visitor.post("/signout", Map.of()));

        int before = host.liveSessions();
        for (Map.Entry<String, Supplier<Browser.Page>> request : requests.entrySet()) {
            Browser.Page page = request.getValue().get();
            String what = request.getKey();
            assertEquals(statuses.get(what), page.status(), what + ": " + page.text());
            assertEquals(List.of(), sessionCookies(page.headers()), what + " sets no session cookie");
            assertEquals(before, host.liveSessions(), what + " makes no session on the server");
        }
        HttpResponse<String> put = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(host.baseUrl() + "/admin/pw.html")).PUT(HttpRequest.BodyPublishers.ofString("x")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(405, put.statusCode());
        assertEquals(List.of(), sessionCookies(put.headers()));
        for (int i = 0; i < 50; i++) { // a flood of new visitors, each without cookies
            new Browser(host.baseUrl(), false).get(i % 2 == 0 ? "/admin/pw.html" : "/public/home.html");
        }
        assertEquals(before, host.liveSessions(), "fifty new visitors, no session");
    }

    @ParameterizedTest
    @MethodSource("org.utbackpack.testing.Databases#kinds")
    void signingInWithTheFormStartsTheOnlySession(Databases.Kind kind) throws Exception {
        Host host = HOSTS.host(kind);
        int before = host.liveSessions();

        Browser staff = new Browser(host.baseUrl(), false);
        Browser.Page form = staff.get("/admin/pw.html");
        String formCookie = form.header("Set-Cookie");
        assertNotNull(formCookie, "the sign-in form's token is bound to a cookie");
        assertTrue(formCookie.startsWith("sis_form=") && formCookie.contains("HttpOnly")
                && formCookie.contains("SameSite=Lax"), formCookie);
        Browser.Page signedIn = staff.post("/admin/pw.html", Map.of("username", "backpack.admin", "password", "demo-password"));
        assertEquals(302, signedIn.status(), signedIn.text());
        assertTrue(signedIn.header("Location").endsWith("/admin/home.html"), signedIn.header("Location"));
        List<String> session = sessionCookies(signedIn.headers());
        assertEquals(1, session.size(), "the session starts at sign-in");
        assertTrue(session.get(0).contains("HttpOnly") && session.get(0).contains("SameSite=Lax"), session.get(0));
        assertEquals(before + 1, host.liveSessions());
        Browser.Page start = staff.get("/admin/home.html");
        assertEquals(200, start.status());
        assertNotEquals(staff.csrf(), form.html().selectFirst("input[name=_csrf]").val(), "a new token at sign-in");

        Browser english = new Browser(host.baseUrl());
        english.get("/public/home.html?lang=en");
        Browser.Page home = english.post("/public/home.html", Map.of("username", "parent.one", "password", "demo-password"));
        assertTrue(home.uri().getPath().endsWith("/guardian/home.html"), home.uri() + " " + home.text());
        assertEquals("en", home.html().selectFirst("html").attr("lang"));
        assertEquals(before + 2, host.liveSessions());

        Browser spanish = new Browser(host.baseUrl());
        Browser.Page español = spanish.get("/public/home.html?lang=es");
        assertEquals("es", español.html().selectFirst("html").attr("lang"));
        Browser.Page casa = spanish.post("/public/home.html", Map.of("username", "parent.one", "password", "demo-password"));
        assertTrue(casa.uri().getPath().endsWith("/guardian/home.html"), casa.uri() + " " + casa.text());
        assertEquals("es", casa.html().selectFirst("html").attr("lang"), "the language chosen signed out is kept");
        assertEquals(before + 3, host.liveSessions());

        for (Browser b : List.of(staff, english, spanish)) {
            b.post("/signout", Map.of());
        }
        assertEquals(before, host.liveSessions(), "signing out ends each session");
    }

    @ParameterizedTest
    @MethodSource("org.utbackpack.testing.Databases#kinds")
    void aSignInWithoutItsOwnCookiesTokenIsRefused(Databases.Kind kind) throws Exception {
        Host host = HOSTS.host(kind);
        int before = host.liveSessions();
        Map<String, String> credentials = Map.of("username", "backpack.admin", "password", "demo-password");
        Browser mine = new Browser(host.baseUrl(), false);
        mine.get("/admin/pw.html");
        String myToken = mine.csrf();
        Browser other = new Browser(host.baseUrl(), false);
        other.get("/admin/pw.html");
        String myCookie = mine.cookieHeader().replaceFirst("^sis_form=", "");

        assertFormExpired(mine.postRaw("/admin/pw.html", credentials), "no token");
        assertFormExpired(other.post("/admin/pw.html", with(credentials, myToken)), "a token of another cookie");
        assertFormExpired(mine.post("/admin/pw.html", with(credentials, "A".repeat(43))), "a forged token");
        assertFormExpired(mine.post("/admin/pw.html", with(credentials, myCookie)), "the cookie's value itself");
        HttpResponse<String> noCookie = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(host.baseUrl() + "/admin/pw.html"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=backpack.admin&password=demo-password&_csrf=" + myToken))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(403, noCookie.statusCode(), "a token without its cookie");
        Browser parent = new Browser(host.baseUrl(), false);
        parent.get("/public/home.html?lang=es");
        Browser.Page spanish = parent.postRaw("/public/home.html", Map.of("username", "parent.one", "password", "demo-password"));
        assertEquals(403, spanish.status());
        assertTrue(spanish.text().contains("Este formulario caducó"), spanish.text());
        assertEquals(before, host.liveSessions(), "no refused sign-in makes a session");

        Browser.Page signedIn = mine.post("/admin/pw.html", credentials);
        assertEquals(302, signedIn.status(), "the right token still signs in");
        assertEquals(before + 1, host.liveSessions());
        mine.get("/admin/home.html");
        mine.post("/signout", Map.of());
    }

    private static void assertFormExpired(Browser.Page page, String what) {
        assertEquals(403, page.status(), what);
        assertTrue(page.text().contains("This form has expired"), what + ": " + page.text());
    }

    private static Map<String, String> with(Map<String, String> fields, String token) {
        Map<String, String> all = new LinkedHashMap<>(fields);
        all.put("_csrf", token);
        return all;
    }

    private static void add(Map<String, Supplier<Browser.Page>> requests, Map<String, Integer> statuses, String what,
                            int status, Supplier<Browser.Page> request) {
        requests.put(what, request);
        statuses.put(what, status);
    }

    private static List<String> sessionCookies(java.net.http.HttpHeaders headers) {
        return headers.allValues("Set-Cookie").stream().filter(c -> c.startsWith("JSESSIONID=")).toList();
    }
}
