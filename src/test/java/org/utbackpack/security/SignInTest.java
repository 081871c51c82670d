package org.utbackpack.security;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.utbackpack.host.Host;
import org.utbackpack.plugin.db.Jdbc;
import org.utbackpack.testing.Browser;
import org.utbackpack.testing.Databases;
import org.utbackpack.testing.OtherAddressBrowser;
import org.utbackpack.testing.SharedHosts;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sign-in as an attacker would probe it: guessing from elsewhere must not lock the real user out, one
 * address is slowed whatever usernames it tries, staff and guardian sign-in are counted apart, unknown
 * usernames answer exactly as known ones do, and the CSRF token changes at sign-in and never travels in
 * the address.
 */
class SignInTest {

    @RegisterExtension
    static final SharedHosts HOSTS = new SharedHosts();

    @ParameterizedTest
    @MethodSource("org.utbackpack.testing.Databases#kinds")
    void aStrangersWrongPasswordsFromAnotherAddressDoNotStopTheRealUser(Databases.Kind kind) throws Exception {
        Host host = HOSTS.host(kind);
        OtherAddressBrowser stranger = new OtherAddressBrowser(host.baseUrl(), "127.0.0.2");
        stranger.get("/admin/pw.html");
        int slowed = 0;
        for (int i = 0; i < 10; i++) {
            OtherAddressBrowser.Answer answer = stranger.post("/admin/pw.html",
                    Map.of("username", "backpack.viewer", "password", "guess-" + i));
            slowed += answer.status() == 429 ? 1 : 0;
        }
        assertTrue(slowed > 0, "the stranger is slowed down");

        Browser owner = new Browser(host.baseUrl());
        Browser.Page start = owner.signIn("/admin/pw.html", "backpack.viewer", "demo-password");
        assertTrue(start.uri().getPath().endsWith("/admin/home.html"), start.text());
    }

    @ParameterizedTest
    @MethodSource("org.utbackpack.testing.Databases#kinds")
    void oneAddressTryingManyUsernamesIsSlowedAndStaffSignInIsCountedApartFromGuardians(Databases.Kind kind)
            throws Exception {
        Host host = HOSTS.host(kind);
        OtherAddressBrowser sprayer = new OtherAddressBrowser(host.baseUrl(), "127.0.0.3");
        sprayer.get("/public/home.html");
        OtherAddressBrowser.Answer last = null;
        for (int i = 0; i < 30 && (last == null || last.status() != 429); i++) {
            last = sprayer.post("/public/home.html", Map.of("username", "parent." + i, "password", "guess"));
        }
        assertEquals(429, last.status(), "twenty failures from one address, whatever the usernames, slow it");
        assertTrue(last.body().contains("Too many failed sign-ins from your network"), last.body());

        OtherAddressBrowser colleague = new OtherAddressBrowser(host.baseUrl(), "127.0.0.3");
        colleague.get("/admin/pw.html");
        OtherAddressBrowser.Answer staff = colleague.post("/admin/pw.html",
                Map.of("username", "backpack.admin", "password", "demo-password"));
        assertEquals(302, staff.status(), "guardian failures do not slow staff sign-in from the same address");
    }

    @ParameterizedTest
    @MethodSource("org.utbackpack.testing.Databases#kinds")
    void unknownAndKnownUsernamesGetTheSameAnswer(Databases.Kind kind) throws Exception {
        Host host = HOSTS.host(kind);
        Browser b = new Browser(host.baseUrl(), false);
        b.get("/admin/pw.html");
        Browser.Page known = b.post("/admin/pw.html", Map.of("username", "backpack.admin", "password", "nope"));
        Browser.Page unknown = b.post("/admin/pw.html", Map.of("username", "no.such.person", "password", "nope"));
        assertEquals(known.status(), unknown.status());
        assertEquals(known.html().selectFirst(".form-error").text(), unknown.html().selectFirst(".form-error").text());
    }

    @ParameterizedTest
    @MethodSource("org.utbackpack.testing.Databases#kinds")
    void theCsrfTokenChangesAtSignInAndIsNeverTakenFromTheAddress(Databases.Kind kind) throws Exception {
        Host host = HOSTS.host(kind);
        long avery = new Jdbc(host.dataSource()).queryFirst("SELECT DCID FROM STUDENTS WHERE LAST_NAME = 'Jensen'",
                rs -> rs.getLong(1)).orElseThrow();
        Browser b = new Browser(host.baseUrl(), false);
        b.get("/admin/pw.html");
        String before = b.csrf();
        assertNotNull(before);
        b.signIn("/admin/pw.html", "backpack.admin", "demo-password");
        String after = b.csrf();
        assertNotEquals(before, after, "a new token at sign-in");

        Browser.Page old = b.postRaw("/ws/utbackpack/requests", Map.of("_csrf", before, "frn", "001" + avery));
        assertEquals(403, old.status(), "the token from before sign-in is refused");
        Browser.Page inAddress = b.postRaw("/ws/utbackpack/requests?_csrf=" + after, Map.of("frn", "001" + avery));
        assertEquals(403, inAddress.status(), "a token in the query string is refused");
        Browser.Page inBody = b.postRaw("/ws/utbackpack/requests", Map.of("_csrf", after, "frn", "001" + avery));
        assertEquals(303, inBody.status(), "the token in the form body is accepted");
    }
}
