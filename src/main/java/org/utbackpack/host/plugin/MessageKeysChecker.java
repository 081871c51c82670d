package org.utbackpack.host.plugin;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.regex.Pattern;

/** Checks {@code MessageKeys/<Name>.<CC>_<ll>.properties} files (e.g. {@code UTBackpack.US_en.properties}). */
final class MessageKeysChecker {

    static final String FOLDER = "MessageKeys";

    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9_\\-]+\\.[A-Z]{2}_[a-z]{2}\\.properties");

    private final Problems problems;

    MessageKeysChecker(Problems problems) {
        this.problems = problems;
    }

    /** Returns every {@code .properties} file of the folder; problems for badly named or unreadable ones. */
    List<Path> check(Path root) {
        List<Path> files = PackageFiles.list(root.resolve(FOLDER),
                name -> name.toLowerCase(Locale.ROOT).endsWith(".properties"));
        for (Path path : files) {
            String file = PackageFiles.relative(root, path);
            if (!FILE_NAME.matcher(path.getFileName().toString()).matches()) {
                // The SIS ignores a file it cannot tell the locale of.
                problems.warn(file, 0, "message key files must be named <Name>.<CC>_<ll>.properties, e.g."
                        + " UTBackpack.US_en.properties; the SIS ignores this one");
            }
            checkLoads(path, file);
        }
        return files;
    }

    private void checkLoads(Path path, String file) {
        try (InputStream in = Files.newInputStream(path)) {
            new Properties().load(in);
        } catch (IOException | IllegalArgumentException e) {
            // Properties.load throws IllegalArgumentException for a malformed \\uXXXX escape.
            problems.add(file, 0, "cannot be read as a properties file: " + e.getMessage());
        }
    }
}
