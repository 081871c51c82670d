package org.utbackpack.host.admin.plugins;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.utbackpack.host.plugin.PluginDescriptor;
import org.utbackpack.host.plugin.PluginPackage;
import org.utbackpack.host.plugin.Problem;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The folder uploaded packages are unpacked into: each one is read and checked whole, then kept in a
 * folder of its own named after the plugin and version. Only folders inside it are ever deleted, never a
 * source tree the host was started with.
 */
final class PluginFolders {

    /** An unpacked package in its own folder, not yet installed. */
    record Unpacked(PluginPackage pkg, Path folder, List<Path> classes) {
        String name() {
            return pkg.descriptor().name();
        }

        String version() {
            return pkg.descriptor().version();
        }
    }

    /** A package refused before anything was installed, with every problem found. */
    static final class Refusal extends Exception {
        private final transient List<Problem> problems;

        Refusal(List<Problem> problems) {
            super(PackageChecks.count(problems), null, false, false);
            this.problems = problems;
        }

        List<Problem> problems() {
            return problems;
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(PluginFolders.class);

    private final Path pluginsDir;

    /** @param pluginsDir where uploaded packages are unpacked */
    PluginFolders(Path pluginsDir) {
        this.pluginsDir = pluginsDir.toAbsolutePath().normalize();
    }

    void create() {
        try {
            Files.createDirectories(pluginsDir);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create the plugin folder " + pluginsDir, e);
        }
    }

    /** Unpacks and checks a zip into a new folder of its own, named after the plugin and version. */
    Unpacked unpack(Path zip) throws Refusal {
        create();
        Path incoming = pluginsDir.resolve(".incoming-" + UUID.randomUUID());
        PluginPackage pkg = PluginPackage.fromZip(zip, incoming);
        if (!pkg.problems().isEmpty()) {
            deleteIfManaged(incoming);
            throw new Refusal(pkg.problems());
        }
        PluginDescriptor d = pkg.descriptor();
        String slug = d.name().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
        Path folder = pluginsDir.resolve(slug + "-" + d.version() + "-" + UUID.randomUUID().toString().substring(0, 8));
        try {
            Files.move(incoming, folder);
        } catch (IOException e) {
            deleteIfManaged(incoming);
            throw new UncheckedIOException("Could not move the unpacked plugin to " + folder, e);
        }
        PluginPackage moved = PluginPackage.fromDirectory(folder);
        return new Unpacked(moved, folder, moved.libJars());
    }

    void discard(Unpacked u) {
        deleteIfManaged(u.folder());
    }

    /** Deletes a folder only when it is one unpacked here (never a source tree given for development). */
    void deleteIfManaged(Path folder) {
        if (folder == null) {
            return;
        }
        Path f = folder.toAbsolutePath().normalize();
        if (!f.startsWith(pluginsDir) || f.equals(pluginsDir) || !Files.exists(f)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(f)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            LOG.warn("Could not delete {} completely: {}", f, e.toString());
        }
    }
}
