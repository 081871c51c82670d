package org.utbackpack.host.admin.plugins;

import org.utbackpack.host.runtime.PluginRuntime;

import java.nio.file.Path;
import java.util.List;

/**
 * An installed plugin as the host holds it: its runtime (pages, PowerQueries, class loader), the folder its
 * files are in, whether it is enabled and its running code. The runtime is null when its files could not be
 * read at start; the note then says why. Changed only under {@link PluginManager}'s lock.
 */
final class LoadedPlugin {
    final String name;
    final String version;
    final String publisher;
    final PluginRuntime runtime;
    final Path folder;
    final List<Path> classes;
    boolean enabled;
    PluginCode code;
    String note;

    LoadedPlugin(String name, String version, String publisher, PluginRuntime runtime, Path folder,
                 List<Path> classes) {
        this.name = name;
        this.version = version;
        this.publisher = publisher;
        this.runtime = runtime;
        this.folder = folder;
        this.classes = List.copyOf(classes);
    }
}
