package org.utbackpack.e2e;

import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.utbackpack.host.Host;
import org.utbackpack.host.demo.DemoData;
import org.utbackpack.testing.Browser;
import org.utbackpack.testing.Databases;
import org.utbackpack.testing.SharedHosts;
import org.utbackpack.testing.Steps;
import org.utbackpack.testing.TestPaths;

import java.io.Reader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.text.MessageFormat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Parent Portal in Spanish: the guardian's choice first, then the browser's Accept-Language. */
class SpanishPortalTest {

    @RegisterExtension
    static final SharedHosts HOSTS = new SharedHosts();

    @Test
    void aGuardianWhoChoosesSpanishSeesNoEnglishInTheBackpackPages() throws Exception {
        Host host = HOSTS.host(Databases.Kind.H2);
        Browser parent = Steps.guardian(host, "parent.one");
        parent.get("/guardian/backpack.html");
        Document chosen = parent.post("/guardian/language", Map.of("lang", "es", "back", "/guardian/backpack.html")).html();
        assertEquals("es", chosen.selectFirst("html").attr("lang"));
        assertTrue(chosen.selectFirst("h1").text().startsWith("Mochila del Estudiante"), chosen.selectFirst("h1").text());
        parent.post("/ws/utbackpack/guardian/requests", Map.of());

        Browser staff = Steps.staff(host, "backpack.admin");
        String approve = staff.get("/admin/specialfunctions/state/USA_UT/guardian_backpack_requests.html").html()
                .selectFirst("button:containsOwn(Approve)").val();
        staff.post("/ws/utbackpack/decisions", Map.of("decide", approve));
        assertEquals("RECEIVED", Steps.waitForGuardian(parent, Duration.ofSeconds(60)));

        List<String> english = englishOnlyTexts();
        List<String> found = new ArrayList<>();
        for (String page : List.of("/guardian/backpack.html", "/guardian/backpack.html?element=demographics",
                "/guardian/backpack.html?element=courseHistory", "/guardian/backpack.html?element=teachers",
                "/guardian/home.html")) {
            // the page's own words: everything but data cells and values (student names, schools, marks) and
            // the switch back to English, which is named in its own language
            List<String> chrome = parent.get(page).html().select("body *").stream()
                    .filter(e -> e.closest("td, dd, .student-switch, .who, [lang=en]") == null)
                    .map(e -> e.ownText().trim()).filter(t -> !t.isEmpty()).toList();
            for (String phrase : english) {
                boolean oneWord = !phrase.contains(" ");
                if (chrome.stream().anyMatch(t -> oneWord ? t.equals(phrase) : t.contains(phrase))) {
                    found.add(page + ": \"" + phrase + "\"");
                }
            }
        }
        assertEquals(List.of(), found, "English left on Spanish pages");
        assertTrue(parent.get("/guardian/backpack.html").text().contains("Actualizar la Mochila"));
    }

    @Test
    void spanishChosenOnTheSignInPageIsKeptAcrossSignOutAndShowsSpanishDatesAndValues() throws Exception {
        Host host = HOSTS.host(Databases.Kind.H2);
        Browser staff = Steps.staff(host, "backpack.admin");
        String avery = Steps.frnOf(staff, "Jensen", "Jensen, Avery");
        Steps.backpackTab(staff, avery);
        staff.post("/ws/utbackpack/requests", Map.of("frn", avery));
        assertEquals("RECEIVED", Steps.waitForEnd(staff, avery, Duration.ofSeconds(60)));

        Browser parent = new Browser(host.baseUrl());
        Document signIn = parent.get("/public/home.html").html();
        Document spanish = parent.get(signIn.selectFirst("a:containsOwn(Español)").attr("href")).html();
        assertEquals("es", spanish.selectFirst("html").attr("lang"));
        assertEquals("Inicio de sesión para padres", spanish.selectFirst("h1").text());
        assertEquals(List.of("Nombre de usuario", "Contraseña"), spanish.select("form.signin-form label").eachText());
        assertEquals("Nombre de usuario o contraseña no válidos.", parent.post("/public/home.html",
                Map.of("username", "parent.one", "password", "wrong")).html().selectFirst(".form-error").text());

        parent.signIn("/public/home.html", "parent.one", "demo-password");
        Document home = parent.get("/guardian/home.html").html();
        assertEquals("es", home.selectFirst("html").attr("lang"), "the sign-in page's choice carries into the portal");
        assertTrue(home.selectFirst("title").text().startsWith("Portal para padres"));
        Document backpack = parent.get("/guardian/backpack.html").html();
        String received = backpack.selectFirst("p.bp-help").text();
        assertTrue(received.matches(".*\\b\\d{1,2}/\\d{1,2}/20\\d\\d \\d{1,2}:\\d\\d\\b.*") && !received.matches(".*\\d [AP]M\\b.*"),
                "day/month/year and a 24-hour clock: " + received);
        Document demographics = parent.get("/guardian/backpack.html?element=demographics").html();
        List<String> values = demographics.select("dl.bp-facts dd").eachText();
        assertTrue(values.contains("Femenino"), values.toString());
        assertTrue(values.contains("No") || values.contains("Sí"), values.toString());
        assertFalse(values.contains("false") || values.contains("true") || values.contains("Female"), values.toString());
        java.time.LocalDate born = DemoData.born(4, 12, 11);
        assertTrue(values.contains(born.getDayOfMonth() + "/" + born.getMonthValue() + "/" + born.getYear()),
                "day first: " + values);

        parent.post("/signout", Map.of());
        Document after = parent.get("/public/home.html").html();
        assertEquals("es", after.selectFirst("html").attr("lang"), "the choice outlives the session");
        assertTrue(after.selectFirst("a:containsOwn(English)") != null, "and can be undone there");
    }

    @Test
    void withoutAChoiceThePortalFollowsTheBrowsersLanguage() throws Exception {
        Host host = HOSTS.host(Databases.Kind.H2);
        Browser parent = Steps.guardian(host, "parent.one");
        String cookie = parent.cookieHeader();
        HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(host.baseUrl() + "/guardian/backpack.html")).header("Cookie", cookie)
                .header("Accept-Language", "es-MX,es;q=0.9,en;q=0.5").build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(page.body().contains("<html lang=\"es\">"), "Spanish from Accept-Language");
        assertTrue(page.body().contains("Obtener el archivo de la Mochila"));
        HttpResponse<String> english = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(host.baseUrl() + "/guardian/backpack.html")).header("Cookie", cookie)
                .header("Accept-Language", "en-US").build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(english.body().contains("Retrieve Backpack File"));
    }

    /** English texts of the plugin and the portal frame that differ from their Spanish, as shown on a page. */
    private static List<String> englishOnlyTexts() throws Exception {
        List<String> phrases = new ArrayList<>();
        for (String[] pair : new String[][] {
                {"MessageKeys/UTBackpack.US_en.properties", "MessageKeys/UTBackpack.US_es.properties"},
                {"src/main/resources/org/utbackpack/host/messages_en.properties",
                        "src/main/resources/org/utbackpack/host/messages_es.properties"}}) {
            Properties en = load(pair[0]);
            Properties es = load(pair[1]);
            for (String key : en.stringPropertyNames()) {
                String shown = new MessageFormat(en.getProperty(key)).format(new Object[0]);
                for (String part : shown.split("\\{\\d[^}]*}")) {
                    String phrase = part.trim();
                    if (phrase.length() > 3 && !phrase.equals(es.getProperty(key)) && !phrase.matches("[A-Z]{2,}.*")) {
                        phrases.add(phrase);
                    }
                }
            }
        }
        return phrases;
    }

    private static Properties load(String path) throws Exception {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(TestPaths.projectRoot().resolve(path), StandardCharsets.UTF_8)) {
            p.load(r);
        }
        return p;
    }
}
