package org.utbackpack.e2e;

import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.utbackpack.host.Host;
import org.utbackpack.testing.Browser;
import org.utbackpack.testing.Steps;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What an administrator does by clicking, for the end-to-end tests of the administrator's pages. */
final class AdminSteps {

    static final String PLUGIN = "UT Student Achievement Backpack";
    static final String PLUGINS = "/admin/tech/plugins.html";

    private AdminSteps() {
    }

    /** The shared staff sign-in, {@link Steps#staff}. */
    static Browser signIn(Host host, String login) {
        return Steps.staff(host, login);
    }

    /** Start Page > System > Plugin Management Configuration, by its link in the left navigation. */
    static Document openPluginManagement(Browser browser) {
        Document start = browser.get("/admin/home.html").html();
        Element link = start.selectFirst("nav.leftnav a:containsOwn(Plugin Management Configuration)");
        assertNotNull(link, "the System menu links Plugin Management Configuration");
        Browser.Page page = browser.get(link.attr("href"));
        assertEquals(200, page.status(), page.text());
        return page.html();
    }

    /** The row of a plugin on the Plugin Management page, or null. */
    static Element row(Document page, String plugin) {
        for (Element th : page.select("table.plugins tbody th[scope=row]")) {
            if (th.ownText().trim().equals(plugin)) {
                return th.parent();
            }
        }
        return null;
    }

    /** Presses Enable or Disable on the plugin's row and returns the page the post leads back to. */
    static Browser.Page press(Browser browser, String plugin, String button) {
        Element row = row(openPluginManagement(browser), plugin);
        assertNotNull(row, plugin + " is listed");
        Element pressed = row.selectFirst("button:containsOwn(" + button + ")");
        assertNotNull(pressed, button + " on the row of " + plugin);
        Browser.Page page = browser.post(pressed.closest("form").attr("action"), fields(pressed.closest("form")));
        assertEquals(200, page.status(), page.text());
        assertTrue(page.uri().getPath().endsWith(PLUGINS), page.uri().toString());
        return page;
    }

    static Browser.Page install(Browser browser, Path zip) {
        Document page = openPluginManagement(browser);
        Element form = page.selectFirst("form[enctype=multipart/form-data]");
        assertNotNull(form.selectFirst("label[for=plugin-file]"), "the file input has a label");
        return browser.postFile(form.attr("action"), Map.of(), "plugin", zip);
    }

    /** The row's Update link, then the upload on the Update page. */
    static Browser.Page update(Browser browser, String plugin, Path zip) {
        Element link = row(openPluginManagement(browser), plugin).selectFirst("a:containsOwn(Update)");
        Document form = browser.get(link.attr("href")).html();
        Element upload = form.selectFirst("form[enctype=multipart/form-data]");
        Map<String, String> fields = fields(upload);
        fields.remove("_csrf");
        return browser.postFile(upload.attr("action"), fields, "plugin", zip);
    }

    /** The row's Delete link, then the confirmation; returns the confirmation page and the result. */
    static Browser.Page delete(Browser browser, String plugin, List<String> tablesNamed) {
        Element link = row(openPluginManagement(browser), plugin).selectFirst("a:containsOwn(Delete)");
        Document confirm = browser.get(link.attr("href")).html();
        for (String table : tablesNamed) {
            assertNotNull(confirm.selectFirst("code:containsOwn(" + table + ")"), "the confirmation names " + table);
        }
        Element form = confirm.selectFirst("form[action=/admin/tech/plugins/delete]");
        return browser.post(form.attr("action"), fields(form));
    }

    /** The outcome shown after a post: its role=alert (error) or role=status (notice) box. */
    static Element flash(Browser.Page page) {
        Element flash = page.html().selectFirst("div.flash");
        assertNotNull(flash, "the page says what happened: " + page.text());
        return flash;
    }

    static Map<String, String> fields(Element form) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (Element input : form.select("input[type=hidden]")) {
            fields.put(input.attr("name"), input.val());
        }
        return fields;
    }

    /** The plugin's staff tab, its PowerQuery, its servlet and its fragment all answer, or all do not. */
    static void assertServing(Browser browser, String frn, boolean serving) {
        int expected = serving ? 200 : 404;
        assertEquals(expected, Steps.backpackTab(browser, frn).status(),
                "the Student Backpack page");
        assertEquals(expected, browser.postJson("/ws/schema/query/com.utbackpack.backpack.student.latest_request",
                "{\"studentsdcid\": " + frn.substring(3) + "}").status(), "the plugin's PowerQuery");
        assertEquals(expected, browser.get("/ws/utbackpack/status?frn=" + frn).status(), "the broker servlet");
        Document utah = browser.get("/admin/students/state/USA_UT/home.html?frn=" + frn).html();
        Element tab = utah.selectFirst("#state-tabs a:containsOwn(Student Backpack)");
        if (serving) {
            assertNotNull(tab, "the plugin's fragment adds the Student Backpack tab");
        } else {
            assertNull(tab, "a disabled plugin's fragment is gone");
        }
    }

    /** The shared Start Page search, {@link Steps#frnOf}. */
    static String frnOf(Browser browser, String search, String lastFirst) {
        return Steps.frnOf(browser, search, lastFirst);
    }

    static List<Long> ids(Host host, String sql) throws Exception {
        try (Connection c = host.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql);
             ResultSet rs = ps.executeQuery()) {
            List<Long> ids = new ArrayList<>();
            while (rs.next()) {
                ids.add(rs.getLong(1));
            }
            return ids;
        }
    }

    static String text(Host host, String sql, Object... args) throws Exception {
        try (Connection c = host.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }
}
