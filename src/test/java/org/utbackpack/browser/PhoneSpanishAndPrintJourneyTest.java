package org.utbackpack.browser;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Pdf;
import org.openqa.selenium.PrintsPage;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.print.PrintOptions;
import org.utbackpack.host.Host;
import org.utbackpack.plugin.db.Jdbc;
import org.utbackpack.testing.Databases;
import org.utbackpack.testing.TestHost;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The source document's walks as a parent on a phone, in Spanish, and the print view as it comes out of
 * the printer: no page scrolls sideways at 360 and 375 px, the navigation folds behind a Menu button,
 * the portal stays in Spanish from the sign-in page to after signing out, and the printed Backpack has one
 * title that its running header never covers. Screenshots of each page under target/journeys/.
 */
class PhoneSpanishAndPrintJourneyTest {

    private static final Pattern US_DATE = Pattern.compile("\\b\\d{2}/\\d{2}/20\\d\\d \\d{1,2}:\\d{2} [AP]M\\b");
    private static final Pattern SPANISH_DATE_TIME = Pattern.compile("\\b\\d{1,2}/\\d{1,2}/20\\d\\d \\d{1,2}:\\d{2}\\b");

    @RegisterExtension
    final Evidence evidence = new Evidence();
    private final List<String> problems = new ArrayList<>();

    @BeforeAll
    static void chromiumIsInstalled() {
        assertTrue(Chrome.available(), "Debian's chromium and chromium-driver must be installed (.ci/run does it)");
    }

    @Test
    void everyGuardianPageAndTheStaffTabFitAPhone() throws Exception {
        try (Host host = TestHost.start(Databases.Kind.H2)) {
            Chrome staff = evidence.open("staff", host.baseUrl());
            staff.phone(375);
            staff.signIn("/admin/pw.html", "backpack.admin", "demo-password");
            fits(staff, 375, "phone-375-staff-start");
            staff.type("Student name or number", "Jensen");
            staff.click("Search");
            staff.click("Jensen, Avery");
            fits(staff, 375, "phone-375-staff-student");
            openMenu(staff);
            staff.click("State/Province - UT");
            staff.click("Student Backpack");
            staff.click("Make a Request");
            staff.waitForText("Records (view)", 60);
            fits(staff, 375, "phone-375-staff-backpack-tab");
            for (String element : List.of("Course Grades", "Teachers and Qualifications", "Assessment Results")) {
                staff.driver().findElement(By.xpath("//tr[th[normalize-space()='" + element + "']]//a")).click();
                staff.waitForText("Rows 1", 10);
                fits(staff, 375, "phone-375-staff-" + slug(element));
                back(staff);
            }
            staff.click("Disclosure log");
            fits(staff, 375, "phone-375-staff-disclosure-log");

            for (int width : new int[] {360, 414}) {
                Chrome parent = evidence.open("parent-" + width, host.baseUrl());
                parent.phone(width);
                parent.open("/public/home.html");
                fits(parent, width, "phone-" + width + "-parent-sign-in");
                parent.type("Username", "parent.one");
                parent.type("Password", "demo-password");
                parent.click("Sign In");
                fits(parent, width, "phone-" + width + "-parent-home");
                WebElement backpackLink = parent.driver().findElement(By.cssSelector("nav.leftnav a[href='/guardian/backpack.html']"));
                assertFalse(backpackLink.isDisplayed(), "the navigation is folded away on a phone");
                openMenu(parent);
                assertTrue(backpackLink.isDisplayed(), "Menu shows the navigation");
                parent.click("Student Backpack");
                parent.waitForText("Records (view)", 10);
                fits(parent, width, "phone-" + width + "-parent-backpack");
                WebElement chart = parent.driver().findElement(By.cssSelector("#bp-chart-attendance svg"));
                assertTrue(chart.getRect().getWidth() <= width, "the chart shrinks to the screen: " + chart.getRect());
                ((org.openqa.selenium.JavascriptExecutor) parent.driver()).executeScript("arguments[0].scrollIntoView()",
                        parent.driver().findElement(By.cssSelector(".bp-trends")));
                parent.screenshot("phone-" + width + "-parent-charts");
                List<String> elements = parent.driver().findElements(By.cssSelector("table.bp-elements tbody th")).stream()
                        .map(WebElement::getText).toList();
                assertTrue(elements.size() >= 6, elements.toString());
                for (String element : elements) {
                    parent.driver().findElement(By.xpath("//tr[th[normalize-space()='" + element + "']]//a")).click();
                    parent.waitForText(element, 10);
                    fits(parent, width, "phone-" + width + "-parent-" + slug(element));
                    back(parent);
                }
                parent.click("Teacher credentials");
                fits(parent, width, "phone-" + width + "-parent-teacher-credentials");
                back(parent);
                parent.click("Print view");
                fits(parent, width, "phone-" + width + "-parent-print-view");
            }
            assertEquals(List.of(), problems);
        }
    }

    @Test
    void aSpanishSpeakingParentReadsTheBackpackInSpanishFromSignInToSignOut() throws Exception {
        try (Host host = TestHost.start(Databases.Kind.H2)) {
            Chrome staff = evidence.open("staff", host.baseUrl());
            staff.signIn("/admin/pw.html", "backpack.admin", "demo-password");
            staff.openStateInfo("Jensen", "Jensen, Avery");
            staff.click("Student Backpack");
            staff.click("Make a Request");
            staff.waitForText("Records (view)", 60);
            staff.driver().findElement(By.xpath("//tr[th[normalize-space()='Student Demographics']]//a")).click();
            staff.waitForText("Home Language", 10); // staff see the blank field
            // Carlos's file has no assessment results: staff see the element with none, the portal leaves it out
            staff.click("Start Page");
            staff.openStateInfo("Martinez", "Martinez, Carlos");
            staff.click("Student Backpack");
            staff.click("Make a Request");
            staff.waitForText("Records (view)", 90);
            assertEquals("0 Records (view)", staff.driver().findElement(
                    By.xpath("//tr[th[normalize-space()='Assessment Results']]//a")).getText());
            staff.screenshot("es-0-staff-carlos-no-assessments");

            Chrome parent = evidence.open("parent", host.baseUrl());
            parent.phone(375);
            parent.open("/public/home.html");
            parent.click("Español");
            assertEquals("Inicio de sesión para padres", parent.heading());
            parent.screenshot("es-1-sign-in");
            parent.type("Nombre de usuario", "parent.one");
            parent.type("Contraseña", "demo-password");
            parent.click("Iniciar sesión");
            assertEquals("es", parent.script("return document.documentElement.lang"));
            openMenu(parent);
            parent.click("Mochila del Estudiante");
            parent.waitForText("registros (ver)", 10);
            String summary = parent.text();
            assertTrue(SPANISH_DATE_TIME.matcher(summary).find(), "day/month/year, 24-hour time: " + summary);
            assertFalse(US_DATE.matcher(summary).find(), summary);
            assertTrue(summary.contains("Inscripciones escolares"), summary);
            parent.screenshot("es-2-backpack");

            parent.driver().findElement(By.xpath("//tr[th[normalize-space()='Datos demográficos del estudiante']]//a")).click();
            parent.waitForText("Fecha de nacimiento", 10);
            String demographics = parent.text();
            assertTrue(demographics.contains("Femenino"), demographics);
            assertTrue(demographics.contains("Hispano/latino") || demographics.contains("Blanco"), demographics);
            assertTrue(Pattern.compile("Aprendiz de inglés\\s+(Sí|No)").matcher(demographics).find(), demographics);
            assertFalse(demographics.contains("true") || demographics.contains("false") || demographics.contains("Female"));
            assertFalse(demographics.contains("Idioma del hogar"), "the blank field is hidden in the portal");
            assertTrue(Pattern.compile("Fecha de nacimiento\\s+12/4/20\\d\\d").matcher(demographics).find(), demographics);
            parent.screenshot("es-3-demographics");

            back(parent);
            parent.driver().findElement(By.xpath("//tr[th[normalize-space()='Resultados de evaluaciones']]//a")).click();
            parent.waitForText("Período de evaluación", 10);
            String assessments = parent.text();
            assertTrue(assessments.contains("Período de evaluación") && assessments.contains("Primavera de 20"), assessments);
            assertTrue(assessments.contains("Competente") || assessments.contains("Por debajo del nivel competente"));
            assertFalse(assessments.contains("Highly Proficient") || assessments.contains("Approaching Proficient"));
            parent.screenshot("es-4-assessments");

            // Carlos: the empty data element is left out; the others are listed
            parent.click("Carlos");
            parent.waitForText("registros (ver)", 10);
            List<String> carlos = parent.driver().findElements(By.cssSelector("table.bp-elements tbody th")).stream()
                    .map(WebElement::getText).toList();
            assertFalse(carlos.contains("Resultados de evaluaciones"), "no empty element in the portal: " + carlos);
            assertTrue(carlos.contains("Inscripciones escolares") && carlos.size() == 6, carlos.toString());
            fits(parent, 375, "es-5-carlos-without-assessments");
            // a sentence about a request writes its date in words, day first
            parent.click("Actualizar la Mochila");
            parent.waitForText("está esperando la revisión de la escuela", 10);
            String waiting = parent.driver().findElement(By.id("bp-status")).getText();
            assertTrue(Pattern.compile("Su solicitud del \\d{1,2} de (enero|febrero|marzo|abril|mayo|junio|julio|agosto"
                    + "|septiembre|octubre|noviembre|diciembre) de 20\\d\\d está esperando").matcher(waiting).find(), waiting);
            fits(parent, 375, "es-6-request-waiting");

            // a student not linked to the account (the student switch, altered): Access Denied, in Spanish
            long dana = new Jdbc(host.dataSource()).queryFirst("SELECT DCID FROM STUDENTS WHERE LAST_NAME = 'Nguyen'",
                    rs -> rs.getLong(1)).orElseThrow();
            parent.script("var f = document.querySelector('nav.student-switch form');"
                    + " f.querySelector('input[name=studentsdcid]').value = '" + dana + "'; f.submit();");
            new org.openqa.selenium.support.ui.WebDriverWait(parent.driver(), java.time.Duration.ofSeconds(10))
                    .until(d -> "Acceso denegado".equals(parent.heading()));
            assertEquals("es", parent.script("return document.documentElement.lang"));
            String denied = parent.driver().findElement(By.cssSelector("main")).getText();
            assertTrue(denied.contains("Ese estudiante no está vinculado a su cuenta."), denied);
            assertFalse(denied.contains("not linked") || denied.contains("Access Denied"), denied);
            fits(parent, 375, "es-7-access-denied");
            parent.click("Volver a la página de inicio del Portal para padres");
            assertEquals("Portal para padres", parent.heading());
            // a page that does not exist: in Spanish too, with the way home
            parent.open("/guardian/no_such_page.html");
            assertEquals("Página no encontrada", parent.heading());
            assertTrue(parent.has("Volver a la página de inicio del Portal para padres"));
            fits(parent, 375, "es-8-not-found");

            parent.click("Cerrar sesión");
            assertEquals("Inicio de sesión para padres", parent.heading(), "the choice outlives the session");
            assertTrue(parent.has("English"));
            parent.screenshot("es-9-signed-out");
            // a portal form sent after the session ended: said in Spanish, with the way to sign in again
            parent.script("var f = document.createElement('form'); f.method = 'post';"
                    + " f.action = '/ws/utbackpack/guardian/requests'; document.body.appendChild(f); f.submit();");
            new org.openqa.selenium.support.ui.WebDriverWait(parent.driver(), java.time.Duration.ofSeconds(10))
                    .until(d -> "Acceso denegado".equals(parent.heading()));
            String expired = parent.driver().findElement(By.cssSelector("main")).getText();
            assertTrue(expired.contains("Este formulario caducó"), expired);
            fits(parent, 375, "es-10-form-expired");
            parent.click("Ir a la página de inicio de sesión del Portal para padres");
            assertEquals("Inicio de sesión para padres", parent.heading());
            assertEquals(List.of(), problems);
        }
    }

    @Test
    void thePrintedBackpackHasOneTitleItsRunningHeaderNeverCoversAndSaysYesOrNo() throws Exception {
        try (Host host = TestHost.start(Databases.Kind.H2)) {
            Chrome staff = evidence.open("staff", host.baseUrl());
            staff.signIn("/admin/pw.html", "backpack.admin", "demo-password");
            staff.openStateInfo("Jensen", "Jensen, Avery");
            staff.click("Student Backpack");
            staff.click("Make a Request");
            staff.waitForText("Records (view)", 60);
            staff.click("Print view");
            staff.printMedia(true);
            List<String> headings = staff.driver().findElements(By.cssSelector("h1, h2")).stream()
                    .filter(WebElement::isDisplayed).map(WebElement::getText).toList();
            assertEquals(List.of("Student Backpack for printing: Avery Jensen"), headings);
            WebElement header = staff.driver().findElement(By.cssSelector(".bp-print-header"));
            WebElement title = staff.driver().findElement(By.cssSelector(".bp-print-title"));
            assertTrue(header.isDisplayed());
            assertTrue(header.getRect().getY() + header.getRect().getHeight() <= title.getRect().getY(),
                    "the running header sits above the title: " + header.getRect() + " / " + title.getRect());
            String printed = staff.text();
            assertFalse(Pattern.compile("\\b(true|false)\\b").matcher(printed).find(), "Yes/No, never true/false");
            assertTrue(Pattern.compile("English Learner\\s+(Yes|No)").matcher(printed).find(), printed);
            staff.screenshot("print-emulated");
            staff.printMedia(false);
            Pdf pdf = ((PrintsPage) staff.driver()).print(new PrintOptions());
            byte[] bytes = Base64.getDecoder().decode(pdf.getContent());
            Files.createDirectories(Chrome.SHOTS);
            Files.write(Chrome.SHOTS.resolve("print-running-header.pdf"), bytes);
            assertTrue(bytes.length > 10_000, "a real PDF");
        }
    }

    /** The page does not scroll sideways on a phone this wide; its screenshot is kept either way. */
    private void fits(Chrome chrome, int width, String name) {
        chrome.screenshot(name);
        long overflow = chrome.overflow(width);
        if (overflow > 0) {
            problems.add(chrome.path() + " (" + name + ") is " + overflow + " px wider than the screen");
        }
    }

    /** Back to the Student Backpack page by its breadcrumb. */
    private static void back(Chrome chrome) {
        chrome.driver().findElement(By.cssSelector("nav.bp-breadcrumbs a")).click();
        new org.openqa.selenium.support.ui.WebDriverWait(chrome.driver(), java.time.Duration.ofSeconds(10))
                .until(d -> !d.findElements(By.cssSelector("table.bp-elements")).isEmpty());
    }

    /** On a phone the navigation is behind the Menu button; on a wide screen there is none to press. */
    private static void openMenu(Chrome chrome) {
        List<WebElement> menu = chrome.driver().findElements(By.cssSelector("button.nav-toggle"));
        if (!menu.isEmpty() && menu.get(0).isDisplayed() && !"true".equals(menu.get(0).getAttribute("aria-expanded"))) {
            menu.get(0).click();
        }
    }

    private static String slug(String text) {
        return text.toLowerCase().replaceAll("[^a-z0-9]+", "-");
    }
}
