package org.utbackpack.e2e;

import org.jsoup.nodes.Document;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.utbackpack.host.Host;
import org.utbackpack.plugin.backpack.ElementCatalog;
import org.utbackpack.testing.Browser;
import org.utbackpack.testing.Databases;
import org.utbackpack.testing.PluginZips;
import org.utbackpack.testing.Steps;
import org.utbackpack.testing.TestHost;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.utbackpack.e2e.AdminSteps.PLUGIN;

/**
 * A file stored by an earlier version (its records without the pages' order kept with them) shows
 * nothing out of order after Plugin Management › Update: the new version keys it when it starts, every row
 * is kept, and each data element's pages show the same records in the same order as before.
 */
class PageOrderUpdateTest {

    private static final String TAB = "/admin/students/state/USA_UT/backpack.html?frn=";

    @TempDir
    Path temp;

    @ParameterizedTest
    @MethodSource("org.utbackpack.testing.Databases#kinds")
    void anUpdateKeysFilesStoredWithoutKeysAndTheirPagesKeepTheirOrder(Databases.Kind kind) throws Exception {
        try (Host host = TestHost.start(kind)) {
            Browser admin = AdminSteps.signIn(host, "backpack.admin");
            String frn = AdminSteps.frnOf(admin, "Jensen", "Jensen, Avery");
            assertEquals("RECEIVED", Steps.requestAndWait(admin, frn));
            Map<String, List<String>> shown = pages(admin, frn);
            assertTrue(shown.get("courseGrades").size() > 100, "course grades take more than one page");
            List<String> rows = rows(host);

            // as an earlier version stored the file: no keys
            try (Connection c = host.dataSource().getConnection(); Statement s = c.createStatement()) {
                for (ElementCatalog.Entry e : ElementCatalog.all()) {
                    if (!e.fields()) {
                        s.executeUpdate("UPDATE " + e.table() + " SET SORTKEY = NULL");
                    }
                }
                s.executeUpdate("UPDATE U_UT_BP_FILE SET SORTKEYS = NULL");
            }

            String newer = PluginZips.newerVersion(1);
            Browser.Page updated = AdminSteps.update(admin, PLUGIN, PluginZips.build(temp.resolve("newer.zip"), newer));
            assertTrue(AdminSteps.flash(updated).text().contains("updated from " + PluginZips.currentVersion() + " to "
                    + newer), updated.text());

            assertEquals(rows, rows(host), "every record row kept");
            assertEquals("0", AdminSteps.text(host, "SELECT COUNT(*) FROM U_UT_BP_COURSEGRADE WHERE SORTKEY IS NULL"));
            assertEquals("0", AdminSteps.text(host, "SELECT COUNT(*) FROM U_UT_BP_FILE WHERE SORTKEYS IS NULL"));
            assertEquals(shown, pages(admin, frn));
        }
    }

    /** Every data element's drill-down, all of its pages, each row as its cells' text. */
    private static Map<String, List<String>> pages(Browser browser, String frn) {
        Map<String, List<String>> shown = new LinkedHashMap<>();
        for (ElementCatalog.Entry e : ElementCatalog.all()) {
            if (e.fields()) {
                continue;
            }
            List<String> rows = new java.util.ArrayList<>();
            for (int page = 1; ; page++) {
                Document d = browser.get(TAB + frn + "&element=" + e.key() + "&page=" + page).html();
                rows.addAll(d.select("table.bp-table tbody tr").eachText());
                if (d.selectFirst("a[rel=next]") == null) {
                    break;
                }
            }
            assertFalse(rows.isEmpty(), e.key());
            shown.put(e.key(), rows);
        }
        return shown;
    }

    private static List<String> rows(Host host) throws Exception {
        List<String> rows = new java.util.ArrayList<>();
        for (ElementCatalog.Entry e : ElementCatalog.all()) {
            if (!e.fields()) {
                AdminSteps.ids(host, "SELECT ID FROM " + e.table() + " ORDER BY ID").forEach(id -> rows.add(e.table() + " " + id));
            }
        }
        return rows;
    }
}
