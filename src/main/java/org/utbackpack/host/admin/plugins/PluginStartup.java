package org.utbackpack.host.admin.plugins;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.utbackpack.host.admin.Actor;
import org.utbackpack.host.admin.audit.AuditAction;
import org.utbackpack.host.admin.audit.AuditTrail;
import org.utbackpack.host.plugin.PluginPackage;
import org.utbackpack.host.plugin.PluginPackageException;
import org.utbackpack.host.plugin.Problem;
import org.utbackpack.host.runtime.PluginRuntime;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * At host start, before the web server: brings back the plugins HOST_PLUGIN lists as installed, and
 * installs the one given on the command line. See {@link PluginManager#load}.
 */
final class PluginStartup {

    private static final Logger LOG = LoggerFactory.getLogger(PluginStartup.class);

    private final PluginFolders folders;
    private final PackageChecks checks;
    private final Runtimes runtimes;
    private final PluginServing serving;
    private final InstalledPlugins rows;
    private final AuditTrail audit;

    PluginStartup(PluginFolders folders, PackageChecks checks, Runtimes runtimes, PluginServing serving,
                  InstalledPlugins rows, AuditTrail audit) {
        this.folders = folders;
        this.checks = checks;
        this.runtimes = runtimes;
        this.serving = serving;
        this.rows = rows;
        this.audit = audit;
    }

    /** Fills {@code plugins} with what is installed, the command line's plugin first. */
    void load(PluginManager.Bootstrap bootstrap, Map<String, LoadedPlugin> plugins) {
        folders.create();
        Map<String, InstalledPlugins.Row> byName = rows.all().stream()
                .collect(Collectors.toMap(InstalledPlugins.Row::name, Function.identity()));
        if (bootstrap != null) {
            installBootstrap(bootstrap, byName, plugins);
        }
        for (InstalledPlugins.Row row : byName.values()) {
            if (row.installed() && !plugins.containsKey(row.name())) {
                restore(row, plugins);
            }
        }
    }

    private void installBootstrap(PluginManager.Bootstrap bootstrap, Map<String, InstalledPlugins.Row> byName,
                                  Map<String, LoadedPlugin> plugins) {
        PluginFolders.Unpacked boot = read(bootstrap);
        InstalledPlugins.Row row = byName.get(boot.name());
        if (row != null && !row.installed()) {
            LOG.warn("Plugin {} was deleted in Plugin Management, so {} is not installed again; upload it there to"
                    + " install it", boot.name(), bootstrap.path());
            folders.discard(boot);
            return;
        }
        if (row != null && Versions.compare(row.version(), boot.version()) > 0) {
            LOG.info("Keeping {} {} installed through Plugin Management; {} has the older version {}", row.name(),
                    row.version(), bootstrap.path(), boot.version());
            folders.discard(boot);
            return;
        }
        List<Problem> foreign = checks.tableClashes(boot.pkg(), boot.name(), false, plugins.values());
        if (!foreign.isEmpty()) {
            folders.discard(boot);
            throw new PluginPackageException("The plugin at " + bootstrap.path() + " declares tables that are not its own:\n"
                    + foreign.stream().map(Problem::toString).collect(Collectors.joining("\n")));
        }
        boolean enabled = row == null || row.enabled();
        PluginRuntime runtime;
        try {
            runtime = runtimes.atStart(boot.pkg(), boot.classes());
        } catch (RuntimeException e) {
            folders.discard(boot);
            throw e;
        }
        LoadedPlugin p = new LoadedPlugin(boot.name(), boot.version(), boot.pkg().descriptor().publisherName(),
                runtime, boot.folder(), boot.classes());
        p.enabled = enabled;
        plugins.put(p.name, p);
        if (enabled) {
            serving.serve(p);
        }
        rows.owns(p.name, PackageChecks.tables(boot.pkg()));
        rows.installed(p.name, p.version, p.publisher, enabled, p.folder, bootstrap.zip() ? List.of() : p.classes,
                Actor.HOST);
        if (row != null && row.folder() != null && !row.folder().toAbsolutePath().normalize().equals(p.folder)) {
            folders.deleteIfManaged(row.folder());
        }
        if (row == null) {
            audit.record(Actor.HOST, AuditAction.PLUGIN_INSTALLED, p.name, "version " + p.version
                    + " from " + bootstrap.path().getFileName() + "; enabled");
        } else if (!row.version().equals(p.version)) {
            audit.record(Actor.HOST, AuditAction.PLUGIN_UPDATED, p.name, row.version() + " → " + p.version
                    + " from " + bootstrap.path().getFileName());
        }
        LOG.info("Installed plugin {} {} ({})", p.name, p.version, enabled ? "enabled" : "disabled");
    }

    /** The command line's package, unpacked (a zip) or read in place (a source tree); refused whole. */
    private PluginFolders.Unpacked read(PluginManager.Bootstrap bootstrap) {
        if (bootstrap.zip()) {
            try {
                return folders.unpack(bootstrap.path());
            } catch (PluginFolders.Refusal r) {
                throw new PluginPackageException("The plugin package " + bootstrap.path() + " has "
                        + PackageChecks.count(r.problems()) + ":\n"
                        + r.problems().stream().map(Problem::toString).collect(Collectors.joining("\n")));
            }
        }
        PluginPackage pkg = PluginPackage.fromDirectory(bootstrap.path());
        if (!pkg.problems().isEmpty()) {
            throw new PluginPackageException("The plugin at " + bootstrap.path() + " has "
                    + PackageChecks.count(pkg.problems()) + ":\n"
                    + pkg.problems().stream().map(Problem::toString).collect(Collectors.joining("\n")));
        }
        return new PluginFolders.Unpacked(pkg, bootstrap.path().toAbsolutePath().normalize(), bootstrap.classes());
    }

    /** Loads an installed plugin from its folder; one that cannot be read is listed with the reason. */
    private void restore(InstalledPlugins.Row row, Map<String, LoadedPlugin> plugins) {
        try {
            if (row.folder() == null || !Files.isDirectory(row.folder())) {
                throw new PluginPackageException("Its files are missing from " + row.folder() + ".");
            }
            PluginPackage pkg = PluginPackage.fromDirectory(row.folder());
            if (!pkg.problems().isEmpty()) {
                throw new PluginPackageException("Its files have " + PackageChecks.count(pkg.problems()) + ", e.g. "
                        + pkg.problems().get(0) + ".");
            }
            List<Path> classes = row.classes().isEmpty() ? pkg.libJars() : row.classes();
            PluginRuntime runtime = runtimes.atStart(pkg, classes);
            LoadedPlugin p = new LoadedPlugin(row.name(), row.version(), row.publisher(), runtime, row.folder(),
                    row.classes());
            rows.owns(p.name, PackageChecks.tables(pkg));
            p.enabled = row.enabled();
            plugins.put(p.name, p);
            if (p.enabled) {
                serving.serve(p);
            }
            LOG.info("Loaded plugin {} {} ({})", p.name, p.version, p.enabled ? "enabled" : "disabled");
        } catch (RuntimeException e) {
            LOG.error("Could not load plugin {} from {}: {}", row.name(), row.folder(), e.getMessage(), e);
            LoadedPlugin broken = new LoadedPlugin(row.name(), row.version(), row.publisher(), null, row.folder(),
                    List.of());
            broken.note = "Could not be loaded at start: " + e.getMessage();
            plugins.put(broken.name, broken);
        }
    }
}
