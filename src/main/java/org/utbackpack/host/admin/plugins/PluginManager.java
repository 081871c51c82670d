package org.utbackpack.host.admin.plugins;

import jakarta.servlet.ServletContainerInitializer;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.utbackpack.host.admin.Actor;
import org.utbackpack.host.admin.audit.AuditAction;
import org.utbackpack.host.admin.audit.AuditTrail;
import org.utbackpack.host.db.Sql;
import org.utbackpack.host.plugin.AccessRequest;
import org.utbackpack.host.plugin.PluginPackage;
import org.utbackpack.host.plugin.PluginPackageException;
import org.utbackpack.host.plugin.Problem;
import org.utbackpack.host.runtime.PluginRuntime;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Plugin Management: installs, updates, enables, disables and deletes plugins while the host runs,
 * the way the SIS's Plugin Management Configuration does.
 *
 * <ul>
 *   <li>A package is checked whole before anything changes; one problem refuses it, and the installed
 *       version (if any) keeps running untouched.</li>
 *   <li>Only enabled plugins are in the host's live list, so only their pages, page fragments and
 *       PowerQueries answer; their Java code runs only while enabled ({@link PluginCode}).</li>
 *   <li>An update must have a higher version; its extension tables are migrated additively (every row
 *       kept), then the new files and code replace the old without a restart.</li>
 *   <li>Delete removes the unpacked files and keeps the extension tables and their data.</li>
 *   <li>HOST_PLUGIN keeps what is installed and enabled, so a restart brings back the same state.</li>
 * </ul>
 * Administrative actions are serialized on this object; unpacking an upload happens outside the lock.
 *
 * <p>This class decides and records (HOST_PLUGIN, the audit trail) and words the outcome; the work is done by
 * {@link PluginFolders} (unpacking and checking a zip, deleting what was unpacked), {@link PackageChecks}
 * (what a package may not take from the others), {@link Runtimes} (a package's tables, queries and class
 * loader), {@link PluginServing} (the live list and the plugins' code) and, at host start,
 * {@link PluginStartup}.
 */
public final class PluginManager implements AutoCloseable {

    /** One installed plugin, as the Plugin Management page shows it. */
    public record Installed(String name, String urlName, String version, String description, String publisher,
                            String contact, List<AccessRequest> accessRequests, List<Access> access,
                            List<String> tables, boolean enabled, String note, Instant changedAt, String changedBy) {
    }

    /** The fields of one table a plugin asks for with one kind of access (View only, Full access). */
    public record Access(String table, String access, String fields) {
    }

    /** What an administrator's action did, in a sentence; the package's problems when it was refused. */
    public record Outcome(boolean ok, String message, List<Problem> problems) {
        static Outcome done(String message) {
            return new Outcome(true, message, List.of());
        }

        static Outcome refused(String message) {
            return new Outcome(false, message, List.of());
        }

        static Outcome refused(String message, List<Problem> problems) {
            return new Outcome(false, message, List.copyOf(problems));
        }
    }

    /** The plugin the host is started with: a zip, or a source tree with its class folders (tests, development). */
    public record Bootstrap(Path path, boolean zip, List<Path> classes) {
    }

    private final InstalledPlugins rows;
    private final AuditTrail audit;
    private final PluginFolders folders;
    private final PackageChecks checks;
    private final Runtimes runtimes;
    private final PluginServing serving;
    private final PluginStartup startup;
    private final Map<String, LoadedPlugin> plugins = new LinkedHashMap<>();

    /**
     * @param pluginsDir where uploaded packages are unpacked; only folders inside it are ever deleted
     * @param live       the host's list of enabled plugins, read by its pages, PowerQueries and dispatch
     * @param parent     the class loader plugin code is loaded under
     */
    public PluginManager(DataSource dataSource, Path pluginsDir, List<PluginRuntime> live, ClassLoader parent,
                         AuditTrail audit, Clock clock) {
        this.audit = audit;
        this.rows = new InstalledPlugins(new Sql(dataSource), clock);
        this.folders = new PluginFolders(pluginsDir);
        this.checks = new PackageChecks(dataSource, rows);
        this.runtimes = new Runtimes(dataSource, parent);
        this.serving = new PluginServing(live);
        this.startup = new PluginStartup(folders, checks, runtimes, serving, rows, audit);
    }

    /**
     * At host start, before the web server: brings back the installed plugins and installs the one given on
     * the command line. That one replaces an installed copy of the same or a lower version (keeping its
     * enabled state); a newer version installed through Plugin Management is kept instead, and a plugin an
     * administrator deleted is not reinstalled. A first install from the command line is enabled.
     *
     * @throws PluginPackageException when the command-line package has problems
     */
    public synchronized void load(Bootstrap bootstrap) {
        startup.load(bootstrap, plugins);
    }

    /**
     * Starts the code of the enabled plugins while the host's servlet context starts (add it to the context
     * before starting the server). A plugin whose code fails to start is left disabled with the reason shown
     * on Plugin Management; the host still starts.
     */
    public ServletContainerInitializer codeStarter(ServletContextHandler servletContext) {
        return (classes, ignored) -> startCode(servletContext);
    }

    private synchronized void startCode(ServletContextHandler servletContext) {
        serving.startCode(servletContext, plugins.values());
    }

    public synchronized List<Installed> installed() {
        Map<String, InstalledPlugins.Row> byName = rows.all().stream()
                .collect(Collectors.toMap(InstalledPlugins.Row::name, Function.identity()));
        return plugins.values().stream().sorted(Comparator.comparing(p -> p.name.toLowerCase(Locale.ROOT)))
                .map(p -> InstalledView.of(p, byName.get(p.name))).toList();
    }

    public synchronized Optional<Installed> find(String name) {
        return installed().stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** Installs a new plugin from an uploaded zip, disabled until an administrator enables it. */
    public Outcome install(Path zip, Actor actor) {
        PluginFolders.Unpacked u;
        try {
            u = folders.unpack(zip);
        } catch (PluginFolders.Refusal r) {
            return Outcome.refused("The plugin was not installed: the package has " + count(r.problems())
                    + (r.problems().size() == 1 ? ". Fix it" : ". Fix them") + " and upload the package again.",
                    r.problems());
        }
        synchronized (this) {
            LoadedPlugin existing = plugins.get(u.name());
            if (existing != null) {
                folders.discard(u);
                return Outcome.refused(u.name() + " is already installed (version " + existing.version + "). To install"
                        + " version " + u.version() + " over it, use Update on its row. Nothing changed.");
            }
            List<Problem> clashes = checks.clashes(u.pkg(), u.name(), plugins.values());
            if (!clashes.isEmpty()) {
                folders.discard(u);
                return Outcome.refused("The plugin was not installed: it would replace another plugin's files or"
                        + " PowerQueries.", clashes);
            }
            List<Problem> tables = checks.tableClashes(u.pkg(), u.name(), true, plugins.values());
            if (!tables.isEmpty()) {
                folders.discard(u);
                return Outcome.refused("The plugin was not installed: it declares tables that are not its own.", tables);
            }
            PluginRuntime runtime;
            try {
                runtime = runtimes.whileRunning(u.pkg(), u.classes());
            } catch (PluginPackageException e) {
                folders.discard(u);
                return Outcome.refused("The plugin was not installed: its database extensions could not be applied.",
                        List.of(new Problem(PluginPackage.SCHEMA_FOLDER, 0, e.getMessage())));
            }
            LoadedPlugin p = new LoadedPlugin(u.name(), u.version(), publisher(u.pkg()), runtime, u.folder(), List.of());
            try {
                rows.owns(p.name, PackageChecks.tables(u.pkg()));
                rows.installed(p.name, p.version, p.publisher, false, p.folder, p.classes, actor);
            } catch (RuntimeException e) {
                Runtimes.closeQuietly(runtime);
                folders.discard(u);
                throw e;
            }
            plugins.put(p.name, p);
            audit.record(actor, AuditAction.PLUGIN_INSTALLED, p.name, "version " + p.version);
            return Outcome.done(p.name + " " + p.version + " is installed. It stays disabled until you enable it.");
        }
    }

    /**
     * Installs a higher version over an installed plugin. Its tables are migrated additively; if it is
     * enabled, its pages, queries and code switch to the new version at once. Any refusal leaves the
     * installed version as it was.
     */
    public Outcome update(String name, Path zip, Actor actor) {
        PluginFolders.Unpacked u;
        try {
            u = folders.unpack(zip);
        } catch (PluginFolders.Refusal r) {
            return Outcome.refused(name + " was not updated: the package has " + count(r.problems())
                    + ". The installed version keeps running.", r.problems());
        }
        synchronized (this) {
            LoadedPlugin old = plugins.get(name);
            String refusal = old == null ? "No plugin named " + name + " is installed."
                    : old.runtime == null ? old.note + " Delete it and install the new version instead."
                    : !u.name().equals(name) ? "This zip holds the plugin “" + u.name() + "”, not “" + name
                    + "”. Nothing changed."
                    : Versions.compare(u.version(), old.version) <= 0 ? "Version " + u.version() + " is not newer than"
                    + " the installed version " + old.version + ". An update must have a higher version. Nothing changed."
                    : null;
            if (refusal != null) {
                folders.discard(u);
                return Outcome.refused(refusal);
            }
            List<Problem> clashes = checks.clashes(u.pkg(), name, plugins.values());
            if (!clashes.isEmpty()) {
                folders.discard(u);
                return Outcome.refused(name + " was not updated: the new version would replace another plugin's"
                        + " files or PowerQueries.", clashes);
            }
            List<Problem> tables = checks.tableClashes(u.pkg(), name, true, plugins.values());
            if (!tables.isEmpty()) {
                folders.discard(u);
                return Outcome.refused(name + " was not updated: the new version declares tables that are not its own."
                        + " The installed version keeps running.", tables);
            }
            PluginRuntime next;
            try {
                next = runtimes.whileRunning(u.pkg(), u.classes());
            } catch (PluginPackageException e) {
                folders.discard(u);
                return Outcome.refused(name + " was not updated: its database extensions could not be applied."
                        + " The installed version keeps running.",
                        List.of(new Problem(PluginPackage.SCHEMA_FOLDER, 0, e.getMessage())));
            }
            LoadedPlugin updated = new LoadedPlugin(name, u.version(), publisher(u.pkg()), next, u.folder(), List.of());
            if (old.enabled) {
                String failure = serving.replace(old, updated);
                if (failure != null) {
                    Runtimes.closeQuietly(next);
                    folders.discard(u);
                    return Outcome.refused(failure + ". The installed version " + old.version + " keeps running.");
                }
            }
            updated.enabled = old.enabled;
            rows.owns(name, PackageChecks.tables(u.pkg()));
            rows.installed(name, updated.version, updated.publisher, updated.enabled, updated.folder, List.of(), actor);
            plugins.put(name, updated);
            Runtimes.closeQuietly(old.runtime);
            folders.deleteIfManaged(old.folder);
            audit.record(actor, AuditAction.PLUGIN_UPDATED, name, old.version + " → " + updated.version);
            return Outcome.done(name + " is updated from " + old.version + " to " + updated.version + "."
                    + (updated.enabled ? " The new version is running." : " It stays disabled."));
        }
    }

    public synchronized Outcome enable(String name, Actor actor) {
        LoadedPlugin p = plugins.get(name);
        if (p == null) {
            return Outcome.refused("No plugin named " + name + " is installed.");
        }
        if (p.runtime == null) {
            return Outcome.refused(p.note + " Delete it and install it again.");
        }
        if (p.enabled) {
            return Outcome.done(name + " is already enabled.");
        }
        String failure = serving.enable(p);
        if (failure != null) {
            return Outcome.refused(failure + ". It stays disabled.");
        }
        rows.enabled(name, true, actor);
        audit.record(actor, AuditAction.PLUGIN_ENABLED, name, "version " + p.version);
        return Outcome.done(name + " is enabled: its pages, page additions, PowerQueries and servlets answer.");
    }

    public synchronized Outcome disable(String name, Actor actor) {
        LoadedPlugin p = plugins.get(name);
        if (p == null) {
            return Outcome.refused("No plugin named " + name + " is installed.");
        }
        boolean wasEnabled = p.enabled;
        serving.stop(p);
        rows.enabled(name, false, actor);
        if (!wasEnabled) {
            return Outcome.done(name + " is already disabled.");
        }
        audit.record(actor, AuditAction.PLUGIN_DISABLED, name, "version " + p.version);
        return Outcome.done(name + " is disabled: its pages, page additions, PowerQueries and servlets no longer"
                + " answer, and its background work has stopped. Its tables and data are kept.");
    }

    /** Removes the plugin's files; its extension tables and their data stay, as in the SIS. */
    public synchronized Outcome delete(String name, Actor actor) {
        LoadedPlugin p = plugins.get(name);
        if (p == null) {
            return Outcome.refused("No plugin named " + name + " is installed.");
        }
        serving.stop(p);
        String tables = p.runtime == null ? "" : String.join(", ", PackageChecks.tables(p.runtime.pkg()));
        Runtimes.closeQuietly(p.runtime);
        folders.deleteIfManaged(p.folder);
        plugins.remove(name);
        rows.deleted(name, actor);
        audit.record(actor, AuditAction.PLUGIN_DELETED, name, "version " + p.version
                + (tables.isEmpty() ? "" : "; tables kept: " + tables));
        return Outcome.done(name + " is deleted. Its files are removed"
                + (tables.isEmpty() ? "." : "; its tables and their data stay in the database (" + tables + ")."));
    }

    @Override
    public synchronized void close() {
        serving.stopAll(plugins.values());
    }

    private static String publisher(PluginPackage pkg) {
        return pkg.descriptor().publisherName();
    }

    private static String count(List<Problem> problems) {
        return PackageChecks.count(problems);
    }
}
