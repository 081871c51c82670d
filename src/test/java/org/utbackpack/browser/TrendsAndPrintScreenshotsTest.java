package org.utbackpack.browser;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.Pdf;
import org.openqa.selenium.PrintsPage;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.print.PrintOptions;
import org.utbackpack.host.Host;
import org.utbackpack.testing.Databases;
import org.utbackpack.testing.TestHost;

import java.nio.file.Files;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The charts and the print view as a person sees them: screenshots of both and a printed PDF under
 * target/journeys/, and axe-core on each page.
 */
class TrendsAndPrintScreenshotsTest {

    @RegisterExtension
    final Evidence evidence = new Evidence();

    @Test
    void chartsAndPrintViewRenderAndPassAccessibilityChecks() throws Exception {
        assertTrue(Chrome.available(), "Debian's chromium and chromium-driver must be installed");
        try (Host host = TestHost.start(Databases.Kind.H2)) {
            Chrome staff = evidence.open("staff", host.baseUrl());
            staff.signIn("/admin/pw.html", "backpack.admin", "demo-password");
            staff.openStateInfo("Jensen", "Jensen, Avery");
            staff.click("Student Backpack");
            staff.click("Make a Request");
            staff.waitForText("Trends at a glance", 60);
            assertEquals(List.of(), staff.accessibilityProblems());
            WebElement charts = staff.driver().findElement(By.cssSelector(".bp-trends"));
            Files.createDirectories(Chrome.SHOTS);
            Files.write(Chrome.SHOTS.resolve("charts.png"), ((TakesScreenshot) charts).getScreenshotAs(OutputType.BYTES));

            staff.click("Print view");
            assertTrue(staff.text().contains("Student Backpack for printing"));
            assertEquals(List.of(), staff.accessibilityProblems());
            staff.screenshot("print-view");
            Pdf pdf = ((PrintsPage) staff.driver()).print(new PrintOptions());
            byte[] bytes = Base64.getDecoder().decode(pdf.getContent());
            Files.write(Chrome.SHOTS.resolve("print-view.pdf"), bytes);
            assertTrue(bytes.length > 10_000 && new String(bytes, 0, 5).equals("%PDF-"), "a real PDF");
        }
    }
}
