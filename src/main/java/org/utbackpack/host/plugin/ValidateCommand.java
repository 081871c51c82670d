package org.utbackpack.host.plugin;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * {@code validate [--strict] PLUGIN.zip|FOLDER}: prints each error as {@code file:line: message} and each
 * warning as {@code file:line: warning: message}, then an OK line when the package installs. Errors are what
 * the SIS refuses at install; warnings are this project's conventions, errors too with {@code --strict}.
 */
public final class ValidateCommand {

    private ValidateCommand() {
    }

    /** Returns the process exit code: 0 when the SIS would install the package (warnings or not), 1 otherwise. */
    public static int run(Path zipOrDir, PrintStream out) {
        return run(zipOrDir, false, out);
    }

    /**
     * Returns the process exit code: 0 when the package has no errors (and, when {@code strict}, no warnings),
     * 1 otherwise.
     */
    public static int run(Path zipOrDir, boolean strict, PrintStream out) {
        if (Files.isDirectory(zipOrDir)) {
            return report(PluginPackage.fromDirectory(zipOrDir), strict, out);
        }
        if (!Files.isRegularFile(zipOrDir)) {
            out.println(new Problem(zipOrDir.toString(), 0, "no such file or folder"));
            return 1;
        }
        Path temp = null;
        try {
            temp = Files.createTempDirectory("plugin-validate");
            return report(PluginPackage.fromZip(zipOrDir, temp), strict, out);
        } catch (IOException e) {
            out.println(new Problem(zipOrDir.toString(), 0, "cannot create a temporary folder to unpack it: " + e.getMessage()));
            return 1;
        } finally {
            deleteQuietly(temp);
        }
    }

    private static int report(PluginPackage pkg, boolean strict, PrintStream out) {
        pkg.problems().forEach(out::println);
        pkg.warnings().forEach(out::println);
        if (!pkg.problems().isEmpty()) {
            return 1;
        }
        if (strict && !pkg.warnings().isEmpty()) {
            out.println("Refused with --strict: " + count(pkg.warnings().size(), "warning"));
            return 1;
        }
        PluginDescriptor descriptor = pkg.descriptor();
        out.println("OK: " + descriptor.name() + " " + descriptor.version() + " ("
                + pkg.extensionTables().size() + " extension tables, "
                + pkg.namedQueries().size() + " queries, "
                + pkg.permissionMappings().size() + " permission mappings"
                + (pkg.warnings().isEmpty() ? "" : "; " + count(pkg.warnings().size(), "warning")) + ")");
        return 0;
    }

    private static String count(int n, String what) {
        return n + " " + what + (n == 1 ? "" : "s");
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
