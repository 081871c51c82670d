package org.utbackpack.security;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.utbackpack.host.Host;
import org.utbackpack.testing.Browser;
import org.utbackpack.testing.Databases;
import org.utbackpack.testing.OtherAddressBrowser;
import org.utbackpack.testing.TestHost;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the host shows of itself over HTTP: the methods it takes, its headers and its error pages. */
class HttpSurfaceTest {

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
    void traceAndOtherUnusedMethodsAreRefusedWithTheHostsPage() {
        for (String method : List.of("TRACE", "PUT", "DELETE", "OPTIONS", "PATCH")) {
            String response = raw(method + " /admin/pw.html HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
            assertTrue(response.startsWith("HTTP/1.1 405"), method + ": " + firstLine(response));
            assertHostErrorPage(response);
        }
    }

    @Test
    void noResponseNamesTheServerOrItsVersion() {
        Browser b = new Browser(host.baseUrl(), false);
        for (String path : List.of("/admin/pw.html", "/no/such/page.html", "/admin/home.html", "/host-assets/host.css")) {
            Browser.Page page = b.get(path);
            assertNull(page.header("Server"), path);
            assertNull(page.header("X-Powered-By"), path);
        }
        String malformed = raw("GET /% HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        assertFalse(malformed.toLowerCase(Locale.ROOT).contains("jetty"), malformed);
        assertFalse(malformed.toLowerCase(Locale.ROOT).contains("\nserver:"), malformed);
    }

    @Test
    void malformedAddressesGetTheHostsErrorPageWithItsPolicy() {
        for (String path : List.of("/%", "/admin/%zz.html", "/admin/%C0%AF.html", "/admin/%FF%FE.html",
                "/admin/students/state/USA_UT/backpack%2Ehtml", "/ws/schema/query/..%2Fpw.html")) {
            String response = raw("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
            assertTrue(response.startsWith("HTTP/1.1 400"), path + ": " + firstLine(response));
            assertHostErrorPage(response);
        }
    }

    @Test
    void anOversizedFormGetsAPageThatStatesTheLimit() throws Exception {
        Browser b = new Browser(host.baseUrl(), false);
        b.get("/admin/pw.html");
        String big = "_csrf=" + b.csrf() + "&username=x&password=" + "a".repeat(300 * 1024);
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(host.baseUrl() + "/admin/pw.html"))
                .header("Cookie", b.cookieHeader()).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(big)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(413, response.statusCode(), response.body());
        assertTrue(response.body().contains("at most 200 KB"), response.body());
        assertNotNull(response.headers().firstValue("Content-Security-Policy").orElse(null), response.headers() + response.body());
    }

    @Test
    void powerQueryArgumentsOverTheLimitAreRefusedWithTheLimitNeverReadInPart() {
        Browser staff = org.utbackpack.testing.Steps.staff(host, "backpack.admin");
        String query = "/ws/schema/query/com.utbackpack.backpack.student.latest_file";
        // arguments that read as a whole object in their first 64 KB, with more after them
        Browser.Page padded = staff.postJson(query, "{\"studentsdcid\": 1}" + " ".repeat(70 * 1024) + "{\"x\": 1}");
        assertEquals(413, padded.status(), padded.body());
        assertTrue(padded.body().contains("at most 64 KB"), padded.body());
        Browser.Page cut = staff.postJson(query, "{\"studentsdcid\": 1, \"x\": \"" + "a".repeat(300 * 1024) + "\"}");
        assertEquals(413, cut.status(), cut.body());
        assertEquals(200, staff.postJson(query, "{\"studentsdcid\": 1}" + " ".repeat(60 * 1024)).status(),
                "up to the limit is read whole");
    }

    @Test
    void aClientStillSendingARefusedPowerQueryBodyReadsTheRefusal() {
        // the host answers 413 after 64 KB; a client still writing three megabytes must get that answer,
        // not a connection closed under it ("received no bytes")
        Browser staff = org.utbackpack.testing.Steps.staff(host, "backpack.admin");
        String query = "/ws/schema/query/com.utbackpack.backpack.student.latest_file";
        String body = "{\"studentsdcid\": 1, \"x\": \"" + "a".repeat(3 * 1024 * 1024) + "\"}";
        for (int i = 0; i < 8; i++) {
            Browser.Page refused = staff.postJson(query, body);
            assertEquals(413, refused.status(), "attempt " + i + ": " + refused.body());
        }
        assertEquals(200, staff.postJson(query, "{\"studentsdcid\": 1}").status(), "the session still works");
    }

    @Test
    void everyRefusalOfALargeBodyIsReadByTheClientStillSendingIt() {
        // refusals that come before the body is read: signed out, no CSRF token, no such service, a body
        // the broker cannot read; each must reach a client still writing its three megabytes
        String big = "a".repeat(3 * 1024 * 1024);
        Browser signedOut = new Browser(host.baseUrl(), false);
        Browser staff = org.utbackpack.testing.Steps.staff(host, "backpack.admin");
        for (int i = 0; i < 4; i++) { // a broken connection depends on timing: try each a few times
            assertEquals(403, signedOut.postJsonWithoutToken("/ws/utbackpack/requests", "{\"x\": \"" + big + "\"}").status());
            assertEquals(403, staff.postJsonWithoutToken("/ws/schema/query/com.utbackpack.backpack.student.latest_file",
                    "{\"x\": \"" + big + "\"}").status());
            assertEquals(405, staff.postJson("/ws/no-such-service", "{\"x\": \"" + big + "\"}").status());
            int broker = staff.postJson("/ws/utbackpack/requests", "{\"x\": \"" + big + "\"}").status();
            assertTrue(broker >= 400 && broker < 500, "the broker refuses a body it cannot read: " + broker);
        }
        assertEquals(200, staff.get("/admin/home.html").status(), "the session still works");
    }

    @Test
    void behindATrustedHttpsProxyCookiesAreSecureAndHstsIsSent() throws Exception {
        Path data = Files.createTempDirectory("utbackpack-https");
        Path root = TestHost.projectRoot();
        Host.Settings settings = new Host.Settings("127.0.0.1", 0, data, Databases.newUrl(Databases.Kind.H2), true,
                Host.PluginSource.sourceTree(root, root.resolve("target/classes")), Map.of())
                .withHttps(new Host.Https(false, "127.0.0.1"));
        try (Host proxied = Host.start(settings)) {
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> viaProxy = http.send(HttpRequest.newBuilder(URI.create(proxied.baseUrl() + "/admin/pw.html"))
                    .header("X-Forwarded-Proto", "https").build(), HttpResponse.BodyHandlers.ofString());
            assertTrue(viaProxy.headers().firstValue("Strict-Transport-Security").orElse("").contains("max-age="));
            assertTrue(viaProxy.headers().firstValue("Set-Cookie").orElse("").contains("Secure"),
                    viaProxy.headers().toString());
            assertTrue(viaProxy.headers().firstValue("Set-Cookie").orElse("").startsWith("__Host-sis_form="),
                    "over HTTPS the sign-in form's cookie is this host's only: " + viaProxy.headers());
            String formCookie = viaProxy.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
            String token = org.jsoup.Jsoup.parse(viaProxy.body()).selectFirst("input[name=_csrf]").val();
            HttpResponse<String> signIn = http.send(HttpRequest.newBuilder(URI.create(proxied.baseUrl() + "/admin/pw.html"))
                    .header("X-Forwarded-Proto", "https").header("Cookie", formCookie)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("username=backpack.admin&password=demo-password&_csrf="
                            + token)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(302, signIn.statusCode(), "signing in over HTTPS with the form's cookie");
            assertTrue(signIn.headers().firstValue("Set-Cookie").orElse("").contains("Secure"), signIn.headers().toString());
            HttpResponse<String> plain = http.send(HttpRequest.newBuilder(URI.create(proxied.baseUrl() + "/admin/pw.html"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertTrue(plain.headers().firstValue("Strict-Transport-Security").isEmpty(), "plain HTTP gets no HSTS");
            assertFalse(plain.headers().firstValue("Set-Cookie").orElse("").contains("Secure"));
        }
        HttpResponse<String> untrusted = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(host.baseUrl() + "/admin/pw.html")).header("X-Forwarded-Proto", "https").build(),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(untrusted.headers().firstValue("Strict-Transport-Security").isEmpty(),
                "the header counts only from the configured proxy");
    }

    @Test
    void behindTheTrustedProxyEachClientIsThrottledByTheAddressTheProxyNames() throws Exception {
        Path data = Files.createTempDirectory("utbackpack-proxy");
        Path root = TestHost.projectRoot();
        Host.Settings settings = new Host.Settings("127.0.0.1", 0, data, Databases.newUrl(Databases.Kind.H2), true,
                Host.PluginSource.sourceTree(root, root.resolve("target/classes")), Map.of())
                .withHttps(new Host.Https(false, "127.0.0.1"));
        try (Host proxied = Host.start(settings)) {
            // every request comes from the proxy; a guesser behind it is slowed ...
            OtherAddressBrowser guesser = new OtherAddressBrowser(proxied.baseUrl(), "127.0.0.1")
                    .header("X-Forwarded-For: 203.0.113.5");
            guesser.get("/admin/pw.html");
            OtherAddressBrowser.Answer last = null;
            for (int i = 0; i < 30 && (last == null || last.status() != 429); i++) {
                last = guesser.post("/admin/pw.html", Map.of("username", "no.such." + i, "password", "guess"));
            }
            assertEquals(429, last.status(), "the guesser is slowed");
            // ... and the district's other staff, behind the same proxy, are not (the proxy appends the client it saw)
            OtherAddressBrowser colleague = new OtherAddressBrowser(proxied.baseUrl(), "127.0.0.1")
                    .header("X-Forwarded-For: 203.0.113.5, 198.51.100.7");
            colleague.get("/admin/pw.html");
            assertEquals(302, colleague.post("/admin/pw.html", Map.of("username", "backpack.admin",
                    "password", "demo-password")).status(), "another client behind the proxy signs in");
            // a client that is not the proxy cannot name another address for each guess
            OtherAddressBrowser direct = new OtherAddressBrowser(proxied.baseUrl(), "127.0.0.4");
            direct.get("/admin/pw.html");
            last = null;
            for (int i = 0; i < 30 && (last == null || last.status() != 429); i++) {
                last = direct.header("X-Forwarded-For: 192.0.2." + (i + 1))
                        .post("/admin/pw.html", Map.of("username", "no.such." + i, "password", "guess"));
            }
            assertEquals(429, last.status(), "the header counts only from the proxy");
        }
    }

    private static void assertHostErrorPage(String response) {
        String lower = response.toLowerCase(Locale.ROOT);
        assertTrue(lower.contains("\ncontent-security-policy: default-src 'self'"), response);
        assertTrue(response.contains("Wasatch Valley SIS") && response.contains("class=\"error-message\""), response);
        assertFalse(lower.contains("jetty") || response.contains("at org."), response);
    }

    private static String firstLine(String response) {
        int end = response.indexOf('\r');
        return end < 0 ? response : response.substring(0, end);
    }

    /** Sends bytes exactly as written, which no HTTP client library would. */
    private static String raw(String request) {
        URI base = host.baseUrl();
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream response = new ByteArrayOutputStream();
            in.transferTo(response);
            return response.toString(StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
