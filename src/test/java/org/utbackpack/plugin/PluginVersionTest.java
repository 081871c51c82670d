package org.utbackpack.plugin;

import org.junit.jupiter.api.Test;
import org.utbackpack.testing.PluginZips;
import org.utbackpack.testing.TestPaths;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The plugin's version moves with its tables. A district's SIS creates and grows the extension tables only when
 * the plugin is installed or updated to a higher version (docs/ADMINISTRATION.md), so a table or field added
 * under a version already released never reaches the districts that installed it. Each version records the
 * SHA-256 of its database_extensions/ in {@value #DIGESTS}; a change to the tables under the same version fails
 * here until plugin.xml (and pom.xml, which names the zip) has a higher version and its digest is recorded.
 */
class PluginVersionTest {

    private static final String DIGESTS = "database-extensions-digests.properties";

    @Test
    void theTablesHaveNotChangedSinceThisVersionWasRecorded() throws IOException {
        String version = PluginZips.currentVersion();
        String digest = digest(TestPaths.projectRoot().resolve("database_extensions"));
        String recorded = recorded().getProperty(version);
        if (recorded == null) {
            fail("plugin.xml's version " + version + " has no recorded digest of database_extensions/: add the line "
                    + version + "=" + digest + " to src/test/resources/" + DIGESTS);
        }
        if (!recorded.equals(digest)) {
            fail("database_extensions/ has changed since version " + version + " was recorded, and an SIS that"
                    + " installed " + version + " would never get the change: raise the version in plugin.xml and"
                    + " pom.xml above " + version + ", then add the line <new version>=" + digest
                    + " to src/test/resources/" + DIGESTS);
        }
    }

    @Test
    void thisVersionIsTheHighestRecorded() throws IOException {
        String version = PluginZips.currentVersion();
        for (String other : recorded().stringPropertyNames()) {
            if (compare(other, version) > 0) {
                fail(DIGESTS + " records " + other + ", above plugin.xml's version " + version
                        + ": a version may only go up");
            }
        }
    }

    @Test
    void theZipIsNamedWithPluginXmlsVersion() throws IOException {
        Matcher m = Pattern.compile("<artifactId>ut-backpack</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(Files.readString(TestPaths.projectRoot().resolve("pom.xml")));
        assertEquals(true, m.find(), "pom.xml has the project's version");
        assertEquals(PluginZips.currentVersion(), m.group(1),
                "pom.xml's version names the zip (ut-backpack-plugin-<version>.zip): keep it plugin.xml's");
    }

    /** Every file of the folder by its path, with line ends made \n so a Windows checkout gives the same digest. */
    static String digest(Path folder) throws IOException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(folder)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path file : files) {
            String name = folder.relativize(file).toString().replace('\\', '/');
            String text = Files.readString(file).replace("\r\n", "\n");
            sha.update((name + "\n" + text.length() + "\n" + text).getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static Properties recorded() throws IOException {
        Properties p = new Properties();
        try (InputStream in = PluginVersionTest.class.getClassLoader().getResourceAsStream(DIGESTS)) {
            assertNotNull(in, "src/test/resources/" + DIGESTS);
            p.load(in);
        }
        return p;
    }

    /** Digits and dots compared part by part, as the SIS compares versions: 0.10.0 is above 0.9.1. */
    private static int compare(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int c = Long.compare(i < x.length ? Long.parseLong(x[i]) : 0, i < y.length ? Long.parseLong(y[i]) : 0);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }
}
