package org.utbackpack.host.plugin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** File listing helpers; results are sorted so problems come out in a stable order. */
final class PackageFiles {

    private PackageFiles() {
    }

    /** Regular files directly in {@code folder} whose name passes {@code nameFilter}; empty when no folder. */
    static List<Path> list(Path folder, Predicate<String> nameFilter) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(Files::isRegularFile)
                    .filter(file -> nameFilter.test(file.getFileName().toString()))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new PluginPackageException("Cannot list " + folder, e);
        }
    }

    /** Regular files anywhere under {@code folder}; empty when no folder. */
    static List<Path> walk(Path folder) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new PluginPackageException("Cannot list " + folder, e);
        }
    }

    /** {@code file} relative to {@code root} with forward slashes, as problems report it. */
    static String relative(Path root, Path file) {
        return root.relativize(file).toString().replace('\\', '/');
    }
}
