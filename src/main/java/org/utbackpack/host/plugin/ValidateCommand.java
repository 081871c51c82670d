package org.utbackpack.host.plugin;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** {@code validate PLUGIN.zip|FOLDER}: prints each problem as {@code file:line: message}, or an OK line. */
public final class ValidateCommand {

    private ValidateCommand() {
    }

    /** Returns the process exit code: 0 when the package is valid, 1 otherwise. */
    public static int run(Path zipOrDir, PrintStream out) {
        if (Files.isDirectory(zipOrDir)) {
            return report(PluginPackage.fromDirectory(zipOrDir), out);
        }
        if (!Files.isRegularFile(zipOrDir)) {
            out.println(new Problem(zipOrDir.toString(), 0, "no such file or folder"));
            return 1;
        }
        Path temp = null;
        try {
            temp = Files.createTempDirectory("plugin-validate");
            return report(PluginPackage.fromZip(zipOrDir, temp), out);
        } catch (IOException e) {
            out.println(new Problem(zipOrDir.toString(), 0, "cannot create a temporary folder to unpack it: " + e.getMessage()));
            return 1;
        } finally {
            deleteQuietly(temp);
        }
    }

    private static int report(PluginPackage pkg, PrintStream out) {
        if (!pkg.problems().isEmpty()) {
            pkg.problems().forEach(out::println);
            return 1;
        }
        PluginDescriptor descriptor = pkg.descriptor();
        out.println("OK: " + descriptor.name() + " " + descriptor.version() + " ("
                + pkg.extensionTables().size() + " extension tables, "
                + pkg.namedQueries().size() + " queries, "
                + pkg.permissionMappings().size() + " permission mappings)");
        return 0;
    }

    private static void deleteQuietly(Path folder) {
        if (folder == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temp folder is harmless; the validation result is what matters
        }
    }
}
