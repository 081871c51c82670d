package org.utbackpack.browser;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.selenium.AxeBuilder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A real Chromium (Debian's chromium and chromium-driver, headless) driven the way a person uses the
 * product: by the words on links and buttons and the labels of fields. Nothing is downloaded.
 */
final class Chrome implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SHOTS = Path.of("target", "journeys");

    private final WebDriver driver;
    private final URI base;

    Chrome(URI base) {
        this.base = base;
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-quic", "--window-size=1280,900");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        this.driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    }

    static boolean available() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    WebDriver driver() {
        return driver;
    }

    /** The one typed address of a journey: the sign-in page. */
    void open(String path) {
        driver.get(base.resolve(path).toString());
    }

    void signIn(String path, String username, String password) {
        open(path);
        type("Username", username);
        type("Password", password);
        click("Sign In");
    }

    /**
     * From the Start Page: searches for {@code search}, opens the student whose link reads {@code name}, then
     * the State/Province - UT page, where the Student Backpack tab is.
     */
    void openStateInfo(String search, String name) {
        type("Student name or number", search);
        click("Search");
        click(name);
        click("State/Province - UT");
    }

    /** Fills the field whose label says {@code label}. */
    void type(String label, String text) {
        WebElement l = driver.findElement(By.xpath("//label[normalize-space()=" + literal(label) + "]"));
        WebElement field = driver.findElement(By.id(l.getAttribute("for")));
        field.clear();
        field.sendKeys(text);
    }

    /** Clicks the link or button showing exactly this text, and waits for what it loads. */
    void click(String text) {
        WebElement target = element(text);
        target.click();
        awaitNavigation(target);
    }

    /**
     * Right after a click the old page still reads "complete", so first wait for the clicked element to
     * go stale (the new page replaced it), then for the new page to finish loading.
     */
    private void awaitNavigation(WebElement clicked) {
        try {
            new WebDriverWait(driver, Duration.ofSeconds(10)).pollingEvery(Duration.ofMillis(50))
                    .until(d -> replaced(clicked));
        } catch (org.openqa.selenium.TimeoutException e) {
            // a control that does not navigate (a script button); nothing to wait for
        }
        settle();
    }

    /**
     * True once the element has left the document. While the old page is being torn down, chromedriver may
     * answer "Node with given id does not belong to the document" instead of a stale element: the same news.
     */
    private static boolean replaced(WebElement element) {
        try {
            element.isEnabled();
            return false;
        } catch (org.openqa.selenium.StaleElementReferenceException gone) {
            return true;
        } catch (org.openqa.selenium.WebDriverException e) {
            if (String.valueOf(e.getMessage()).contains("does not belong to the document")) {
                return true;
            }
            throw e;
        }
    }

    WebElement element(String text) {
        String t = literal(text);
        List<WebElement> found = driver.findElements(By.xpath("//a[normalize-space()=" + t + "] | //button[normalize-space()="
                + t + "] | //input[@type='submit' and @value=" + t + "]"));
        if (found.isEmpty()) {
            throw new AssertionError("No link or button '" + text + "' on " + driver.getCurrentUrl() + "\n" + text());
        }
        return found.get(0);
    }

    boolean has(String text) {
        String t = literal(text);
        return !driver.findElements(By.xpath("//a[normalize-space()=" + t + "] | //button[normalize-space()=" + t + "]")).isEmpty();
    }

    /**
     * Moves focus with Tab until the link or button with this text has it, then presses Enter: the
     * keyboard-only way through a page.
     */
    void tabTo(String text) {
        new Actions(driver).sendKeys(Keys.ESCAPE).perform();
        ((JavascriptExecutor) driver).executeScript("document.activeElement && document.activeElement.blur();"
                + " window.focus();");
        for (int i = 0; i < 80; i++) {
            new Actions(driver).sendKeys(Keys.TAB).perform();
            WebElement active = driver.switchTo().activeElement();
            if (text.equals(active.getText().trim()) || text.equals(active.getAttribute("value"))) {
                active.sendKeys(Keys.ENTER);
                awaitNavigation(active);
                return;
            }
        }
        throw new AssertionError("Tab never reached '" + text + "' on " + driver.getCurrentUrl());
    }

    String text() {
        return driver.findElement(By.tagName("body")).getText();
    }

    String heading() {
        return driver.findElement(By.tagName("h1")).getText();
    }

    String path() {
        return URI.create(driver.getCurrentUrl()).getPath();
    }

    /** Waits (up to {@code seconds}) until the page shows this text; the page may reload itself meanwhile. */
    void waitForText(String text, int seconds) {
        new WebDriverWait(driver, Duration.ofSeconds(seconds)).pollingEvery(Duration.ofMillis(250))
                // the page may reload itself mid-check (a request's progress): try again rather than fail
                .ignoring(org.openqa.selenium.WebDriverException.class)
                .until(d -> d.findElement(By.tagName("body")).getText().contains(text));
    }

    void waitForButton(String text, int seconds) {
        new WebDriverWait(driver, Duration.ofSeconds(seconds)).pollingEvery(Duration.ofMillis(250))
                // the page may reload itself mid-check (a request's progress): try again rather than fail
                .ignoring(org.openqa.selenium.WebDriverException.class)
                .until(d -> has(text));
    }

    /** axe-core's serious and critical WCAG 2.1 A/AA violations on the current page, described. */
    List<String> accessibilityProblems() {
        Results results = new AxeBuilder().withTags(List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")).analyze(driver);
        return results.getViolations().stream()
                .filter(r -> "serious".equals(r.getImpact()) || "critical".equals(r.getImpact()))
                .map(r -> path() + ": " + r.getId() + " (" + r.getImpact() + ") " + r.getHelp() + " at "
                        + r.getNodes().stream().map(n -> String.valueOf(n.getTarget())).collect(Collectors.joining(", ")))
                .toList();
    }

    void screenshot(String name) {
        try {
            Files.createDirectories(SHOTS);
            File png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
            Files.copy(png.toPath(), SHOTS.resolve(name + ".png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            // a screenshot is evidence, not the test: a dead browser must not hide the real failure
        }
    }

    private void settle() {
        new WebDriverWait(driver, Duration.ofSeconds(30)).until(d ->
                "complete".equals(((JavascriptExecutor) d).executeScript("return document.readyState")));
    }

    private static String literal(String text) {
        return text.contains("'") ? "concat('" + text.replace("'", "',\"'\",'") + "')" : "'" + text + "'";
    }

    /** Shows pages as a phone of this width does (a mobile viewport, as Chrome's device mode sets it). */
    void phone(int width) {
        ((ChromeDriver) driver).executeCdpCommand("Emulation.setDeviceMetricsOverride", java.util.Map.of(
                "width", width, "height", 800, "deviceScaleFactor", 1, "mobile", true));
    }

    /** Lays pages out for print (or for the screen again with {@code false}), as the print dialog would. */
    void printMedia(boolean print) {
        ((ChromeDriver) driver).executeCdpCommand("Emulation.setEmulatedMedia",
                java.util.Map.of("media", print ? "print" : ""));
    }

    /**
     * How much wider than a screen of this width the page is, in CSS pixels (0: no sideways scrolling). A
     * phone widens its layout viewport to hold a page that overflows, so the window's own width is checked too.
     */
    long overflow(int width) {
        Object extra = ((JavascriptExecutor) driver).executeScript(
                "return Math.max(document.documentElement.scrollWidth, window.innerWidth) - arguments[0];", width);
        return ((Number) extra).longValue();
    }

    Object script(String javascript) {
        return ((JavascriptExecutor) driver).executeScript(javascript);
    }

    @Override
    public void close() {
        driver.quit();
    }
}
