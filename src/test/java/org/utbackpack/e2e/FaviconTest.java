package org.utbackpack.e2e;

import org.junit.jupiter.api.Test;
import org.utbackpack.host.Host;
import org.utbackpack.testing.Browser;
import org.utbackpack.testing.Databases;
import org.utbackpack.testing.TestHost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The SIS's tab shows its icon: every page links one, and browsers that ask for /favicon.ico get it too. */
class FaviconTest {

    @Test
    void everyPageNamesAnIconThatIsServedWithoutSigningIn() throws Exception {
        try (Host host = TestHost.start(Databases.Kind.H2)) {
            Browser visitor = new Browser(host.baseUrl());
            for (String page : new String[] {"/admin/pw.html", "/public/home.html"}) {
                String icon = visitor.get(page).html().selectFirst("head link[rel=icon]").attr("href");
                Browser.Page served = visitor.get(icon);
                assertEquals(200, served.status(), icon);
                assertTrue(served.header("Content-Type").startsWith("image/svg+xml"), served.header("Content-Type"));
                assertTrue(served.body().startsWith("<svg"));
            }
            Browser.Page legacy = visitor.get("/favicon.ico");
            assertEquals(200, legacy.status());
            assertTrue(legacy.body().startsWith("<svg"));
        }
    }
}
