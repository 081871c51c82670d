package org.utbackpack.e2e;

import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.utbackpack.host.Host;
import org.utbackpack.host.demo.DemoData;
import org.utbackpack.host.utrex.UtrexSimulator;
import org.utbackpack.testing.Browser;
import org.utbackpack.testing.Databases;
import org.utbackpack.testing.Steps;
import org.utbackpack.testing.TestHost;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The UTREx Settings page: SIS administrators reach it from System in the left navigation, see every
 * setting and where it came from with the secret hidden, and press Test connection; nobody else can open
 * it or test.
 */
class UtrexSettingsPageTest {

    private static final String CLIENT = "settings-client";
    private static final String SECRET = "s3cr3t-" + UUID.randomUUID();
    private static final String PAGE = "/admin/utbackpack/utrex_settings.html";
    private static UtrexSimulator simulator;

    @BeforeAll
    static void start() {
        simulator = UtrexSimulator.start(UtrexSimulator.Settings.defaults(CLIENT, SECRET, DemoData.LEA_NUMBER));
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    @Test
    void anAdministratorSeesTheSettingsWithTheSecretHiddenAndTestsTheConnection() throws Exception {
        try (Host host = TestHost.start(Databases.Kind.H2, settings(SECRET))) {
            Browser admin = new Browser(host.baseUrl());
            Document start = admin.signIn("/admin/pw.html", "backpack.admin", "demo-password").html();
            Element link = start.selectFirst("nav.leftnav a:containsOwn(State Connection)");
            assertNotNull(link, "System > State Connection in the left navigation");
            assertEquals("System", link.parent().parent().previousElementSibling().text());

            Browser.Page page = admin.get(link.attr("href"));
            assertEquals(200, page.status());
            assertFalse(page.body().contains(SECRET), "the secret is never on the page");
            Map<String, String> shown = rows(page.html());
            assertEquals("State Connection", page.html().selectFirst("h1").text());
            assertEquals("UTREx", shown.get("State source"), "UTREx unless utbackpack.source says otherwise");
            assertEquals(simulator.baseUrl().toString(), shown.get("UTREx address"));
            assertEquals(DemoData.LEA_NUMBER, shown.get("LEA number"));
            assertEquals(CLIENT, shown.get("Client ID"));
            assertEquals("Set (hidden)", shown.get("Client secret"));
            assertEquals("50 MB", shown.get("Largest Backpack document accepted"));
            assertEquals("60000 ms", shown.get("Longest time for one UTREx call"));
            assertEquals("1800 s", shown.get("Longest time for a whole request"));
            assertEquals("4", shown.get("Forwarding worker threads (database work; with USIMS, one state call each)"));
            assertEquals("64", shown.get("Requests forwarded at once (calls to UTREx out at once)"));
            assertTrue(page.text().contains("Plugin configuration (utbackpack.utrex.baseUrl)"), page.text());
            assertTrue(page.text().contains("Default"), "timeouts nobody set");

            Browser.Page tested = admin.post("/ws/utbackpack/utrex/test", Map.of());
            assertEquals(200, tested.status());
            assertTrue(tested.uri().getPath().endsWith(PAGE));
            assertEquals("Connected: UTREx at " + simulator.baseUrl() + " accepted this district's client ID and secret.",
                    tested.html().selectFirst("#utrex-test-result").text());
            assertNull(admin.get(PAGE).html().selectFirst("#utrex-test-result"), "shown once, not on every visit");
        }
    }

    @Test
    void aFailedTestSaysWhatIsWrongInASentence() throws Exception {
        try (Host host = TestHost.start(Databases.Kind.H2, settings("an-old-secret"))) {
            Browser admin = Steps.staff(host, "backpack.admin");
            admin.get(PAGE);
            Browser.Page tested = admin.post("/ws/utbackpack/utrex/test", Map.of());
            Element result = tested.html().selectFirst("#utrex-test-result[role=alert]");
            assertNotNull(result, tested.body());
            assertEquals("The connection test failed. UTREx refused this district's credentials (client id " + CLIENT
                    + "); an SIS administrator should check the UTREx client id and secret.", result.text());
            assertFalse(tested.body().contains("an-old-secret"));
        }
    }

    @Test
    void staffWhoAreNotAdministratorsCannotOpenOrTest() throws Exception {
        try (Host host = TestHost.start(Databases.Kind.H2, settings(SECRET))) {
            Browser viewer = new Browser(host.baseUrl());
            Document start = viewer.signIn("/admin/pw.html", "backpack.viewer", "demo-password").html();
            assertNull(start.selectFirst("a:containsOwn(State Connection)"));

            Browser.Page refused = viewer.get(PAGE);
            assertEquals(403, refused.status());
            assertTrue(refused.text().contains("The state connection settings are for SIS administrators only."), refused.text());
            assertEquals(403, viewer.post("/ws/utbackpack/utrex/test", Map.of()).status());
        }
    }

    private static Map<String, String> settings(String secret) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("utbackpack.utrex.baseUrl", simulator.baseUrl().toString());
        s.put("utbackpack.utrex.leaNumber", DemoData.LEA_NUMBER);
        s.put("utbackpack.utrex.clientId", CLIENT);
        s.put("utbackpack.utrex.clientSecret", secret);
        return s;
    }

    private static Map<String, String> rows(Document page) {
        Map<String, String> rows = new LinkedHashMap<>();
        for (Element row : page.select("#utrex-settings tbody tr")) {
            rows.put(row.selectFirst("th").text(), row.select("td").get(0).text());
        }
        return rows;
    }
}
