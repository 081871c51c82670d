package org.utbackpack.host.plugin;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.utbackpack.host.Host;
import org.utbackpack.plugin.db.Jdbc;
import org.utbackpack.testing.Browser;
import org.utbackpack.testing.Databases;
import org.utbackpack.testing.PluginZips;
import org.utbackpack.testing.Steps;
import org.utbackpack.testing.TestHost;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hostile plugin zips uploaded through Plugin Management, as an administrator would upload them: each is the
 * real plugin (a higher version, so only the hostile part can refuse it) plus one entry that tries to leave the
 * plugin folder, link out of it, fill the disk or say two things. Each is refused with a sentence naming the
 * entry, nothing is written outside the folder, nothing is left in it, and the installed plugin is as it was.
 */
class HostileUploadTest {

    @TempDir
    Path temp;

    @ParameterizedTest
    @MethodSource("org.utbackpack.testing.Databases#kinds")
    void hostileZipsAreRefusedWithASentenceAndNothingIsHalfInstalled(Databases.Kind kind) throws Exception {
        Path data = temp.resolve("data");
        Path root = TestHost.projectRoot();
        try (Host host = Host.start(new Host.Settings("127.0.0.1", 0, data, Databases.newUrl(kind), true,
                Host.PluginSource.sourceTree(root, root.resolve("target/classes")), Map.of()))) {
            Browser admin = Steps.staff(host, "backpack.admin");
            Jdbc db = new Jdbc(host.dataSource());
            Path plugins = data.resolve("plugins");
            List<String> foldersBefore = list(plugins);
            String installedBefore = installed(db);
            Map<String, byte[]> real = entries(PluginZips.build(temp.resolve("real.zip"), "0.9.0"));

            Map<String, Path> hostile = new LinkedHashMap<>();
            hostile.put("../../escaped.txt", raw(real).file("../../escaped.txt", "x").writeTo(temp.resolve("slip.zip")));
            hostile.put("web_root/../../escaped.txt", raw(real).file("web_root/../../escaped.txt", "x")
                    .writeTo(temp.resolve("slip2.zip")));
            hostile.put(temp.resolve("absolute.txt").toString(), raw(real).file(temp.resolve("absolute.txt").toString(), "x")
                    .writeTo(temp.resolve("absolute.zip")));
            hostile.put("web_root/passwd.html", raw(real).symlink("web_root/passwd.html", "/etc/passwd")
                    .writeTo(temp.resolve("link.zip")));
            hostile.put("web_root/..\\..\\escaped.txt", raw(real).file("web_root/..\\..\\escaped.txt", "x")
                    .writeTo(temp.resolve("backslash.zip")));
            hostile.put("plugin.xml", raw(real).file("plugin.xml", new String(real.get("plugin.xml"),
                    java.nio.charset.StandardCharsets.UTF_8).replace("0.9.0", "0.9.1")).writeTo(temp.resolve("twice.zip")));
            hostile.put("bomb.zip", bomb(real, temp.resolve("bomb.zip")));

            List<String> wrong = new ArrayList<>();
            for (Map.Entry<String, Path> zip : hostile.entrySet()) {
                Browser.Page page = admin.postFile("/admin/tech/plugins/install", Map.of(), "plugin", zip.getValue());
                var flash = page.html().selectFirst("div.flash[role=alert]");
                String said = flash == null ? page.text() : flash.text();
                if (page.status() != 200 || flash == null || !said.contains("not installed")
                        || !said.contains(zip.getKey()) || said.contains("Exception")) {
                    wrong.add(zip.getValue().getFileName() + " -> " + page.status() + " " + said);
                }
            }
            // the same packages as an update of the installed plugin
            for (Map.Entry<String, Path> zip : hostile.entrySet()) {
                Browser.Page page = admin.postFile("/admin/tech/plugins/update",
                        Map.of("name", "UT Student Achievement Backpack"), "plugin", zip.getValue());
                var flash = page.html().selectFirst("div.flash[role=alert]");
                String said = flash == null ? page.text() : flash.text();
                if (page.status() != 200 || flash == null || !said.contains("keeps running")
                        || !said.contains(zip.getKey()) || said.contains("Exception")) {
                    wrong.add("update " + zip.getValue().getFileName() + " -> " + page.status() + " " + said);
                }
            }
            assertEquals(List.of(), wrong);
            assertFalse(Files.exists(temp.resolve("escaped.txt")) || Files.exists(data.resolve("escaped.txt"))
                    || Files.exists(temp.resolve("absolute.txt")), "nothing was written outside the plugin folder");
            assertEquals(foldersBefore, list(plugins), "nothing unpacked is left behind");
            assertEquals(installedBefore, installed(db), "the installed plugin is as it was");
            assertTrue(admin.get("/admin/tech/plugins.html").text().contains(PluginZips.currentVersion()));
            assertEquals(200, admin.get("/admin/students/state/USA_UT/backpack.html?frn=001"
                    + db.queryFirst("SELECT DCID FROM STUDENTS WHERE LAST_NAME = 'Jensen'", rs -> rs.getLong(1))
                    .orElseThrow()).status(), "the installed plugin still serves its pages");
        }
    }

    private static RawZip raw(Map<String, byte[]> entries) {
        RawZip zip = new RawZip();
        entries.forEach(zip::file);
        return zip;
    }

    /** The real plugin and a file of zeros that unpacks to more than the 200 MB allowed. */
    private static Path bomb(Map<String, byte[]> entries, Path zip) throws IOException {
        try (OutputStream file = Files.newOutputStream(zip); ZipOutputStream out = new ZipOutputStream(file)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                out.putNextEntry(new ZipEntry(e.getKey()));
                out.write(e.getValue());
                out.closeEntry();
            }
            out.putNextEntry(new ZipEntry("web_root/zeros.txt"));
            byte[] zeros = new byte[1024 * 1024];
            for (int i = 0; i < 210; i++) {
                out.write(zeros);
            }
            out.closeEntry();
        }
        return zip;
    }

    private static Map<String, byte[]> entries(Path zip) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipFile file = new ZipFile(zip.toFile())) {
            for (ZipEntry e : java.util.Collections.list(file.entries())) {
                entries.put(e.getName(), file.getInputStream(e).readAllBytes());
            }
        }
        return entries;
    }

    private static List<String> list(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> all = Files.list(folder)) {
            return all.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static String installed(Jdbc db) {
        return String.join("; ", db.query("SELECT NAME || ' ' || VERSION || ' ' || STATUS FROM HOST_PLUGIN ORDER BY NAME",
                rs -> rs.getString(1)));
    }
}
