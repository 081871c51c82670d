package org.utbackpack.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarOutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Builds the installable plugin zip from this source tree, as {@code mvn package} lays it out (tests run
 * before package, so target/*.zip may be missing or stale): plugin.xml at the root, database_extensions/
 * as user_schema_root/, queries_root/, permissions_root/, web_root/, MessageKeys/, and lib/ with a jar of
 * the compiled plugin classes and their ServletContainerInitializer entry. The libraries the plugin jar
 * needs (Jackson, HttpClient) come from the test class path, as they do from the host jar.
 */
public final class PluginZips {

    private static final String SERVICES = "META-INF/services/jakarta.servlet.ServletContainerInitializer";
    private static final Pattern VERSION = Pattern.compile("<plugin\\b[^>]*?\\sversion=\"([0-9.]+)\"");

    private PluginZips() {
    }

    /** This source tree's version: plugin.xml's, what the host installs from the command line. */
    public static String currentVersion() {
        Matcher m = VERSION.matcher(sourceText("plugin.xml"));
        if (!m.find()) {
            throw new IllegalStateException("plugin.xml has no version of digits and dots");
        }
        return m.group(1);
    }

    /**
     * A version {@code releases} minor releases after this source tree's (0.2.0 and 1 give 0.3.0): an Update
     * of the installed plugin, whatever the version is now.
     */
    public static String newerVersion(int releases) {
        long[] parts = parts(currentVersion());
        parts[1] += releases;
        for (int i = 2; i < parts.length; i++) {
            parts[i] = 0;
        }
        return join(parts);
    }

    /** A version before this source tree's (0.2.0 gives 0.1.0): an Update refuses it. */
    public static String olderVersion() {
        long[] parts = parts(currentVersion());
        for (int i = parts.length - 1; i >= 0; i--) {
            if (parts[i] > 0) {
                parts[i]--;
                return join(parts);
            }
        }
        throw new IllegalStateException("plugin.xml's version " + currentVersion() + " has no older version");
    }

    private static long[] parts(String version) {
        String[] text = version.split("\\.");
        long[] parts = new long[Math.max(3, text.length)];
        for (int i = 0; i < text.length; i++) {
            parts[i] = Long.parseLong(text[i]);
        }
        return parts;
    }

    private static String join(long[] parts) {
        StringBuilder s = new StringBuilder();
        for (long part : parts) {
            s.append(s.length() == 0 ? "" : ".").append(part);
        }
        return s.toString();
    }

    /** The plugin with plugin.xml's version set to {@code version}. */
    public static Path build(Path zip, String version) {
        return build(zip, version, Map.of());
    }

    /**
     * The plugin with plugin.xml's version set to {@code version}, and files changed: each entry's path in
     * the zip maps to its new text, or to null to leave the file out.
     */
    public static Path build(Path zip, String version, Map<String, String> changes) {
        Path root = TestPaths.projectRoot();
        Map<String, byte[]> entries = new TreeMap<>();
        try {
            String descriptor = Files.readString(root.resolve("plugin.xml"));
            entries.put("plugin.xml", withVersion(descriptor, version).getBytes(StandardCharsets.UTF_8));
            addTree(entries, root.resolve("database_extensions"), "user_schema_root/");
            for (String folder : new String[] {"queries_root", "permissions_root", "web_root", "MessageKeys"}) {
                addTree(entries, root.resolve(folder), folder + "/");
            }
            entries.put("lib/ut-backpack-plugin.jar", pluginJar(root.resolve("target/classes")));
            changes.forEach((name, text) -> {
                if (text == null) {
                    entries.remove(name);
                } else {
                    entries.put(name, text.getBytes(StandardCharsets.UTF_8));
                }
            });
            Files.createDirectories(zip.toAbsolutePath().getParent());
            try (OutputStream file = Files.newOutputStream(zip); ZipOutputStream out = new ZipOutputStream(file)) {
                for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                    out.putNextEntry(new ZipEntry(e.getKey()));
                    out.write(e.getValue());
                    out.closeEntry();
                }
            }
            return zip;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not build the plugin zip " + zip, e);
        }
    }

    /** The text of a file of the source tree, by its path in the zip (user_schema_root/ for database_extensions/). */
    public static String sourceText(String zipPath) {
        String source = zipPath.startsWith("user_schema_root/")
                ? "database_extensions/" + zipPath.substring("user_schema_root/".length()) : zipPath;
        try {
            return Files.readString(TestPaths.projectRoot().resolve(source));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String withVersion(String descriptor, String version) {
        String changed = descriptor.replaceFirst("(<plugin\\b[^>]*?\\sversion=\")[^\"]*(\")", "$1" + version + "$2");
        if (changed.equals(descriptor) && !descriptor.contains("version=\"" + version + "\"")) {
            throw new IllegalStateException("plugin.xml has no version attribute to change");
        }
        return changed;
    }

    private static void addTree(Map<String, byte[]> entries, Path folder, String prefix) throws IOException {
        if (!Files.isDirectory(folder)) {
            return;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                entries.put(prefix + folder.relativize(file).toString().replace('\\', '/'), Files.readAllBytes(file));
            }
        }
    }

    private static byte[] pluginJar(Path classes) throws IOException {
        Path code = classes.resolve("org/utbackpack/plugin");
        if (!Files.isDirectory(code)) {
            throw new IllegalStateException("No compiled plugin classes in " + code + "; compile first");
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes)) {
            try (Stream<Path> files = Files.walk(code)) {
                for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                    jar.putNextEntry(new ZipEntry(classes.relativize(file).toString().replace('\\', '/')));
                    jar.write(Files.readAllBytes(file));
                    jar.closeEntry();
                }
            }
            jar.putNextEntry(new ZipEntry(SERVICES));
            jar.write(Files.readAllBytes(classes.resolve(SERVICES)));
            jar.closeEntry();
        }
        return bytes.toByteArray();
    }
}
