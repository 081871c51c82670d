package org.utbackpack.host.plugin;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ValidateCommandTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private String output() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void validFolder() {
        Path root = TestPackage.valid(dir.resolve("pkg")).root();

        assertEquals(0, ValidateCommand.run(root, out));
        assertEquals("OK: Test Plugin 1.2.3 (1 extension tables, 1 queries, 1 permission mappings)" + System.lineSeparator(), output());
    }

    @Test
    void validZipAndItsTemporaryFolderIsRemoved() throws IOException {
        Path root = TestPackage.valid(dir.resolve("pkg")).root();
        Path zip = dir.resolve("plugin.zip");
        try (ZipOutputStream zipOut = new ZipOutputStream(Files.newOutputStream(zip)); Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                zipOut.putNextEntry(new ZipEntry(PackageFiles.relative(root, file)));
                Files.copy(file, zipOut);
            }
        }
        long tempFoldersBefore = countValidateTempFolders();

        assertEquals(0, ValidateCommand.run(zip, out), output());
        assertEquals(tempFoldersBefore, countValidateTempFolders());
    }

    @Test
    void problemsArePrintedOnePerLine() {
        Path root = TestPackage.valid(dir.resolve("pkg"))
                .write("plugin.xml", TestPackage.PLUGIN_XML.replace("version=\"1.2.3\"", "version=\"one\""))
                .write("MessageKeys/bad.properties", "")
                .root();

        assertEquals(1, ValidateCommand.run(root, out));
        assertEquals("plugin.xml:3: version 'one' must be digits and dots, e.g. 1.2.3" + System.lineSeparator()
                + "MessageKeys/bad.properties:0: warning: message key files must be named <Name>.<CC>_<ll>.properties,"
                + " e.g. UTBackpack.US_en.properties; the SIS ignores this one" + System.lineSeparator(), output());
    }

    @Test
    void warningsAlonePassAndArePrinted() {
        Path root = TestPackage.valid(dir.resolve("pkg")).write("MessageKeys/bad.properties", "").root();

        assertEquals(0, ValidateCommand.run(root, out));
        assertEquals("MessageKeys/bad.properties:0: warning: message key files must be named <Name>.<CC>_<ll>.properties,"
                + " e.g. UTBackpack.US_en.properties; the SIS ignores this one" + System.lineSeparator()
                + "OK: Test Plugin 1.2.3 (1 extension tables, 1 queries, 1 permission mappings; 1 warning)"
                + System.lineSeparator(), output());
    }

    @Test
    void strictMakesWarningsErrors() {
        Path root = TestPackage.valid(dir.resolve("pkg")).write("MessageKeys/bad.properties", "").root();

        assertEquals(1, ValidateCommand.run(root, true, out));
        assertEquals("MessageKeys/bad.properties:0: warning: message key files must be named <Name>.<CC>_<ll>.properties,"
                + " e.g. UTBackpack.US_en.properties; the SIS ignores this one" + System.lineSeparator()
                + "Refused with --strict: 1 warning" + System.lineSeparator(), output());
    }

    @Test
    void strictPassesACleanPackage() {
        assertEquals(0, ValidateCommand.run(TestPackage.valid(dir.resolve("pkg")).root(), true, out), output());
    }

    @Test
    void missingPath() {
        assertEquals(1, ValidateCommand.run(dir.resolve("nope.zip"), out));
        assertEquals(dir.resolve("nope.zip") + ":0: no such file or folder" + System.lineSeparator(), output());
    }

    private static long countValidateTempFolders() throws IOException {
        try (Stream<Path> temp = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return temp.filter(p -> p.getFileName().toString().startsWith("plugin-validate")).count();
        }
    }
}
