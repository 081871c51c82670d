package org.utbackpack.host;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The host's command line: a plugin from a zip, an unpacked folder, or a source tree with its classes. */
class HostMainTest {

    @TempDir
    Path dir;

    @Test
    void aSourceTreeWithItsCompiledClasses() throws Exception {
        Path classes = Files.createDirectories(dir.resolve("classes"));
        Host.Settings settings = HostMain.parse(new String[] {"--plugin", dir.toString(), "--plugin-classes",
                classes.toString(), "--port", "0"});
        assertFalse(settings.plugin().zip());
        assertEquals(dir, settings.plugin().path());
        assertEquals(List.of(classes), settings.plugin().classes());
    }

    @Test
    void anUnpackedPluginBringsItsOwnJars() throws Exception {
        Path lib = Files.createDirectories(dir.resolve("lib"));
        Files.writeString(lib.resolve("b.jar"), "");
        Files.writeString(lib.resolve("a.jar"), "");
        Files.writeString(lib.resolve("notes.txt"), "");
        Host.Settings settings = HostMain.parse(new String[] {"--plugin", dir.toString()});
        assertEquals(List.of(lib.resolve("a.jar"), lib.resolve("b.jar")), settings.plugin().classes());
    }

    @Test
    void aFolderWithoutCodeSaysWhatIsMissing() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HostMain.parse(new String[] {"--plugin", dir.toString()}));
        assertTrue(e.getMessage().contains("--plugin-classes"), e.getMessage());
    }

    @Test
    void pluginSettingsComeFromAFileOutsideWebRoot() throws Exception {
        Path config = dir.resolve("utrex.properties");
        Files.writeString(config, "utbackpack.utrex.baseUrl=https://utrex.example.org\nutbackpack.forwarder.leaseMs=5000\n");
        Files.createDirectories(dir.resolve("classes"));
        Host.Settings settings = HostMain.parse(new String[] {"--plugin", dir.toString(), "--plugin-classes",
                dir.resolve("classes").toString(), "--plugin-config", config.toString()});
        assertEquals("https://utrex.example.org", settings.pluginSettings().get("utbackpack.utrex.baseUrl"));
        assertEquals("5000", settings.pluginSettings().get("utbackpack.forwarder.leaseMs"));
    }

    @Test
    void stateUsimsRunsTheDemoOnUsimsAndUtrexStaysTheDefault() throws Exception {
        Path classes = Files.createDirectories(dir.resolve("classes"));
        String[] base = {"--plugin", dir.toString(), "--plugin-classes", classes.toString()};
        assertFalse(HostMain.parse(base).pluginSettings().containsKey(Host.SOURCE), "UTREx unless asked");
        String[] usims = {"--plugin", dir.toString(), "--plugin-classes", classes.toString(), "--state", "usims"};
        assertEquals("USIMS_EDFI", HostMain.parse(usims).pluginSettings().get(Host.SOURCE));
        String[] utrex = {"--plugin", dir.toString(), "--plugin-classes", classes.toString(), "--state", "utrex"};
        assertEquals("UTREX", HostMain.parse(utrex).pluginSettings().get(Host.SOURCE));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HostMain.parse(new String[] {
                "--plugin", dir.toString(), "--plugin-classes", classes.toString(), "--state", "edfi"}));
        assertEquals("--state must be utrex or usims, not 'edfi'", e.getMessage());
    }
}
