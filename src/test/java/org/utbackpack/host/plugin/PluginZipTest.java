package org.utbackpack.host.plugin;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PluginZipTest {

    @TempDir
    Path dir;

    /** Zips the folder's files under {@code prefix} (e.g. "" or "wrapper/"), adding {@code extra} entries. */
    private Path zip(Path folder, String prefix, String... extra) throws IOException {
        Path zip = dir.resolve("plugin.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip));
             Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new ZipEntry(prefix + PackageFiles.relative(folder, file)));
                Files.copy(file, out);
                out.closeEntry();
            }
            for (String name : extra) {
                out.putNextEntry(new ZipEntry(name));
                out.write("payload".getBytes());
                out.closeEntry();
            }
        }
        return zip;
    }

    private Path validFolder() {
        return TestPackage.valid(dir.resolve("src")).root();
    }

    @Test
    void validZipLoads() throws IOException {
        Path target = dir.resolve("out");
        PluginPackage pkg = PluginPackage.fromZip(zip(validFolder(), ""), target);

        assertEquals(List.of(), pkg.problems());
        assertEquals("Test Plugin", pkg.descriptor().name());
        assertEquals(target, pkg.root());
        assertEquals("user_schema_root/U_TEST.xml", pkg.extensionTables().get(0).file());
        assertTrue(Files.isRegularFile(target.resolve("web_root/admin/students/test.html")));
    }

    @Test
    void wrappingFolderIsNamed() throws IOException {
        PluginPackage pkg = PluginPackage.fromZip(zip(validFolder(), "ut-backpack/"), dir.resolve("out"));

        assertEquals(1, pkg.problems().size(), pkg.problems()::toString);
        Problem problem = pkg.problems().get(0);
        assertEquals("ut-backpack/plugin.xml", problem.file());
        assertTrue(problem.message().contains("not inside the folder 'ut-backpack/'"), problem::toString);
        assertNull(pkg.descriptor());
    }

    @Test
    void zipSlipIsRefusedBeforeWritingAnything() throws IOException {
        Path target = dir.resolve("out");
        PluginPackage pkg = PluginPackage.fromZip(zip(validFolder(), "", "web_root/../../evil.txt"), target);

        assertEquals(List.of(new Problem("web_root/../../evil.txt", 0,
                "entry would be written outside the plugin folder (zip slip); refused")), pkg.problems());
        assertFalse(Files.exists(dir.resolve("evil.txt")));
        try (Stream<Path> written = Files.list(target)) {
            assertEquals(0, written.count(), "nothing is extracted from a refused zip");
        }
    }

    @Test
    void absolutePathsAreRefused() throws IOException {
        PluginPackage pkg = PluginPackage.fromZip(zip(validFolder(), "", "/tmp/evil.txt", "C:/evil.txt"), dir.resolve("out"));

        assertEquals(List.of("/tmp/evil.txt", "C:/evil.txt"), pkg.problems().stream().map(Problem::file).toList());
        assertTrue(pkg.problems().get(0).message().contains("absolute paths are not allowed"));
    }

    @Test
    void symbolicLinksAreRefused() throws IOException {
        Path zip = new RawZip()
                .file("plugin.xml", TestPackage.PLUGIN_XML)
                .symlink("web_root/passwd", "/etc/passwd")
                .writeTo(dir.resolve("link.zip"));
        Path target = dir.resolve("out");

        PluginPackage pkg = PluginPackage.fromZip(zip, target);

        assertEquals(List.of(new Problem("web_root/passwd", 0, "symbolic links are not allowed in a plugin zip; refused")),
                pkg.problems());
        assertFalse(Files.exists(target.resolve("web_root/passwd")));
    }

    @Test
    void anEntryThatAppearsTwiceIsRefusedBeforeWritingAnything() throws IOException {
        // two plugin.xml: which one a reader takes depends on the reader, so the package means two things
        Path zip = new RawZip()
                .file("plugin.xml", TestPackage.PLUGIN_XML)
                .file("web_root/admin/students/test.html", "<p>one</p>")
                .file("plugin.xml", TestPackage.PLUGIN_XML.replace("Test Plugin", "Another Plugin"))
                .file("web_root/admin/students/./test.html", "<p>two</p>")
                .writeTo(dir.resolve("twice.zip"));
        Path target = dir.resolve("out");
        PluginPackage pkg = PluginPackage.fromZip(zip, target);

        assertEquals(List.of("plugin.xml", "web_root/admin/students/./test.html"),
                pkg.problems().stream().map(Problem::file).toList(), pkg.problems()::toString);
        assertTrue(pkg.problems().get(0).message().contains("more than once"), pkg.problems()::toString);
        try (Stream<Path> written = Files.list(target)) {
            assertEquals(0, written.count(), "nothing is extracted from a refused zip");
        }
    }

    @Test
    void rawZipWithoutLinksIsAccepted() throws IOException {
        Path zip = new RawZip().file("plugin.xml", TestPackage.PLUGIN_XML).writeTo(dir.resolve("plain.zip"));

        assertEquals(List.of(), PluginPackage.fromZip(zip, dir.resolve("out")).problems());
    }

    @Test
    void totalSizeIsCapped() throws IOException {
        Path zip = dir.resolve("big.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new ZipEntry("plugin.xml"));
            out.write(TestPackage.PLUGIN_XML.getBytes());
            out.putNextEntry(new ZipEntry("web_root/zeros.bin"));
            writeZeros(out, 4096);
        }
        PluginPackage pkg = PluginPackage.fromZip(zip, dir.resolve("out"), new ZipExtractor(2048, 100));

        assertEquals(1, pkg.problems().size(), pkg.problems()::toString);
        assertEquals("big.zip", pkg.problems().get(0).file());
        assertTrue(pkg.problems().get(0).message().contains("unpacks to more than 2048 bytes; refused"), pkg.problems()::toString);
    }

    @Test
    void defaultLimitsAre200MegabytesAnd20000Entries() {
        assertEquals(200L * 1024 * 1024, ZipExtractor.MAX_TOTAL_BYTES);
        assertEquals(20_000, ZipExtractor.MAX_ENTRIES);
    }

    @Test
    void entryCountIsCapped() throws IOException {
        Path zip = zip(validFolder(), "");
        PluginPackage pkg = PluginPackage.fromZip(zip, dir.resolve("out"), new ZipExtractor(1_000_000, 5));

        assertEquals(1, pkg.problems().size(), pkg.problems()::toString);
        assertTrue(pkg.problems().get(0).message().contains("entries; at most 5 allowed"), pkg.problems()::toString);
    }

    @Test
    void notAZipIsAProblem() throws IOException {
        Path notZip = Files.writeString(dir.resolve("plugin.zip"), "hello");

        PluginPackage pkg = PluginPackage.fromZip(notZip, dir.resolve("out"));

        assertEquals("plugin.zip", pkg.problems().get(0).file());
        assertTrue(pkg.problems().get(0).message().contains("cannot be read as a zip file"));
    }

    @Test
    void extractionFolderMustBeEmpty() throws IOException {
        Path target = Files.createDirectories(dir.resolve("out"));
        Files.writeString(target.resolve("old.txt"), "old");
        Path zip = zip(validFolder(), "");

        assertThrows(PluginPackageException.class, () -> PluginPackage.fromZip(zip, target));
    }

    private static void writeZeros(OutputStream out, int count) throws IOException {
        out.write(new byte[count]);
    }
}
