package org.utbackpack.host.admin.plugins;

import com.zaxxer.hikari.HikariDataSource;
import jakarta.servlet.ServletContainerInitializer;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.utbackpack.host.admin.Actor;
import org.utbackpack.host.admin.audit.AuditAction;
import org.utbackpack.host.admin.audit.AuditTrail;
import org.utbackpack.host.db.Sql;
import org.utbackpack.host.plugin.AccessRequest;
import org.utbackpack.host.plugin.ExtensionSchemaMigrator;
import org.utbackpack.host.plugin.ExtensionTable;
import org.utbackpack.host.plugin.NamedQuery;
import org.utbackpack.host.plugin.PluginDescriptor;
import org.utbackpack.host.plugin.PluginPackage;
import org.utbackpack.host.plugin.PluginPackageException;
import org.utbackpack.host.plugin.Problem;
import org.utbackpack.host.runtime.PluginRuntime;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

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

    /** An unpacked package in its own folder, not yet installed. */
    private record Unpacked(PluginPackage pkg, Path folder, List<Path> classes) {
        String name() {
            return pkg.descriptor().name();
        }

        String version() {
            return pkg.descriptor().version();
        }
    }

    /** An installed plugin; runtime is null when its files could not be read at start (see note). */
    private static final class Plugin {
        final String name;
        final String version;
        final String publisher;
        final PluginRuntime runtime;
        final Path folder;
        final List<Path> classes;
        boolean enabled;
        PluginCode code;
        String note;

        Plugin(String name, String version, String publisher, PluginRuntime runtime, Path folder, List<Path> classes) {
            this.name = name;
            this.version = version;
            this.publisher = publisher;
            this.runtime = runtime;
            this.folder = folder;
            this.classes = List.copyOf(classes);
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(PluginManager.class);
    /** The host's own tables, besides the SIS core tables extensions hang off. */
    private static final Set<String> SIS_TABLES = Set.of("GUARDIANSTUDENT", "HOST_PLUGIN", "HOST_AUDIT",
            "HOST_PLUGIN_TABLE", "DATABASECHANGELOG", "DATABASECHANGELOGLOCK");

    private final DataSource dataSource;
    private final Path pluginsDir;
    private final List<PluginRuntime> live;
    private final ClassLoader parent;
    private final AuditTrail audit;
    private final InstalledPlugins rows;
    private final Map<String, Plugin> plugins = new LinkedHashMap<>();
    private ServletContextHandler context;

    /**
     * @param pluginsDir where uploaded packages are unpacked; only folders inside it are ever deleted
     * @param live       the host's list of enabled plugins, read by its pages, PowerQueries and dispatch
     * @param parent     the class loader plugin code is loaded under
     */
    public PluginManager(DataSource dataSource, Path pluginsDir, List<PluginRuntime> live, ClassLoader parent,
                         AuditTrail audit, Clock clock) {
        this.dataSource = dataSource;
        this.pluginsDir = pluginsDir.toAbsolutePath().normalize();
        this.live = live;
        this.parent = parent;
        this.audit = audit;
        this.rows = new InstalledPlugins(new Sql(dataSource), clock);
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
        createDirectories();
        Map<String, InstalledPlugins.Row> byName = rows.all().stream()
                .collect(Collectors.toMap(InstalledPlugins.Row::name, Function.identity()));
        if (bootstrap != null) {
            installBootstrap(bootstrap, byName);
        }
        for (InstalledPlugins.Row row : byName.values()) {
            if (row.installed() && !plugins.containsKey(row.name())) {
                restore(row);
            }
        }
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
        this.context = servletContext;
        for (Plugin p : plugins.values()) {
            if (p.enabled && p.runtime != null && p.code == null) {
                try {
                    p.code = PluginCode.start(p.runtime, servletContext);
                } catch (PluginCode.StartFailure e) {
                    LOG.error("{}; the plugin stays disabled until an administrator enables it again", e.getMessage(), e);
                    live.remove(p.runtime);
                    p.enabled = false;
                    p.note = e.getMessage();
                }
            }
        }
    }

    public synchronized List<Installed> installed() {
        Map<String, InstalledPlugins.Row> byName = rows.all().stream()
                .collect(Collectors.toMap(InstalledPlugins.Row::name, Function.identity()));
        return plugins.values().stream().sorted(Comparator.comparing(p -> p.name.toLowerCase(Locale.ROOT)))
                .map(p -> view(p, byName.get(p.name))).toList();
    }

    public synchronized Optional<Installed> find(String name) {
        return installed().stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** Installs a new plugin from an uploaded zip, disabled until an administrator enables it. */
    public Outcome install(Path zip, Actor actor) {
        Unpacked u;
        try {
            u = unpack(zip);
        } catch (Refusal r) {
            return Outcome.refused("The plugin was not installed: the package has " + count(r.problems)
                    + (r.problems.size() == 1 ? ". Fix it" : ". Fix them") + " and upload the package again.", r.problems);
        }
        synchronized (this) {
            Plugin existing = plugins.get(u.name());
            if (existing != null) {
                discard(u);
                return Outcome.refused(u.name() + " is already installed (version " + existing.version + "). To install"
                        + " version " + u.version() + " over it, use Update on its row. Nothing changed.");
            }
            List<Problem> clashes = clashes(u.pkg(), u.name());
            if (!clashes.isEmpty()) {
                discard(u);
                return Outcome.refused("The plugin was not installed: it would replace another plugin's files or"
                        + " PowerQueries.", clashes);
            }
            List<Problem> tables = tableClashes(u.pkg(), u.name(), true);
            if (!tables.isEmpty()) {
                discard(u);
                return Outcome.refused("The plugin was not installed: it declares tables that are not its own.", tables);
            }
            PluginRuntime runtime;
            try {
                runtime = PluginRuntime.install(u.pkg(), dataSource, u.classes(), parent);
            } catch (PluginPackageException e) {
                discard(u);
                return Outcome.refused("The plugin was not installed: its database extensions could not be applied.",
                        List.of(new Problem(PluginPackage.SCHEMA_FOLDER, 0, e.getMessage())));
            } finally {
                renewConnections();
            }
            Plugin p = new Plugin(u.name(), u.version(), publisher(u.pkg()), runtime, u.folder(), List.of());
            try {
                rows.owns(p.name, tables(u.pkg()));
                rows.installed(p.name, p.version, p.publisher, false, p.folder, p.classes, actor);
            } catch (RuntimeException e) {
                closeQuietly(runtime);
                discard(u);
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
        Unpacked u;
        try {
            u = unpack(zip);
        } catch (Refusal r) {
            return Outcome.refused(name + " was not updated: the package has " + count(r.problems)
                    + ". The installed version keeps running.", r.problems);
        }
        synchronized (this) {
            Plugin old = plugins.get(name);
            String refusal = old == null ? "No plugin named " + name + " is installed."
                    : old.runtime == null ? old.note + " Delete it and install the new version instead."
                    : !u.name().equals(name) ? "This zip holds the plugin “" + u.name() + "”, not “" + name
                    + "”. Nothing changed."
                    : Versions.compare(u.version(), old.version) <= 0 ? "Version " + u.version() + " is not newer than"
                    + " the installed version " + old.version + ". An update must have a higher version. Nothing changed."
                    : null;
            if (refusal != null) {
                discard(u);
                return Outcome.refused(refusal);
            }
            List<Problem> clashes = clashes(u.pkg(), name);
            if (!clashes.isEmpty()) {
                discard(u);
                return Outcome.refused(name + " was not updated: the new version would replace another plugin's"
                        + " files or PowerQueries.", clashes);
            }
            List<Problem> tables = tableClashes(u.pkg(), name, true);
            if (!tables.isEmpty()) {
                discard(u);
                return Outcome.refused(name + " was not updated: the new version declares tables that are not its own."
                        + " The installed version keeps running.", tables);
            }
            PluginRuntime next;
            try {
                next = PluginRuntime.install(u.pkg(), dataSource, u.classes(), parent);
                renewConnections();
            } catch (PluginPackageException e) {
                renewConnections();
                discard(u);
                return Outcome.refused(name + " was not updated: its database extensions could not be applied."
                        + " The installed version keeps running.",
                        List.of(new Problem(PluginPackage.SCHEMA_FOLDER, 0, e.getMessage())));
            }
            Plugin updated = new Plugin(name, u.version(), publisher(u.pkg()), next, u.folder(), List.of());
            if (old.enabled) {
                String failure = switchCode(old, updated);
                if (failure != null) {
                    closeQuietly(next);
                    discard(u);
                    return Outcome.refused(failure + ". The installed version " + old.version + " keeps running.");
                }
            }
            updated.enabled = old.enabled;
            rows.owns(name, tables(u.pkg()));
            rows.installed(name, updated.version, updated.publisher, updated.enabled, updated.folder, List.of(), actor);
            plugins.put(name, updated);
            closeQuietly(old.runtime);
            deleteIfManaged(old.folder);
            audit.record(actor, AuditAction.PLUGIN_UPDATED, name, old.version + " → " + updated.version);
            return Outcome.done(name + " is updated from " + old.version + " to " + updated.version + "."
                    + (updated.enabled ? " The new version is running." : " It stays disabled."));
        }
    }

    public synchronized Outcome enable(String name, Actor actor) {
        Plugin p = plugins.get(name);
        if (p == null) {
            return Outcome.refused("No plugin named " + name + " is installed.");
        }
        if (p.runtime == null) {
            return Outcome.refused(p.note + " Delete it and install it again.");
        }
        if (p.enabled) {
            return Outcome.done(name + " is already enabled.");
        }
        try {
            p.code = context == null ? null : PluginCode.start(p.runtime, context);
        } catch (PluginCode.StartFailure e) {
            LOG.error(e.getMessage(), e);
            p.note = e.getMessage();
            return Outcome.refused(e.getMessage() + ". It stays disabled.");
        }
        p.enabled = true;
        p.note = null;
        live.add(p.runtime);
        rows.enabled(name, true, actor);
        audit.record(actor, AuditAction.PLUGIN_ENABLED, name, "version " + p.version);
        return Outcome.done(name + " is enabled: its pages, page additions, PowerQueries and servlets answer.");
    }

    public synchronized Outcome disable(String name, Actor actor) {
        Plugin p = plugins.get(name);
        if (p == null) {
            return Outcome.refused("No plugin named " + name + " is installed.");
        }
        boolean wasEnabled = p.enabled;
        stopServing(p);
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
        Plugin p = plugins.get(name);
        if (p == null) {
            return Outcome.refused("No plugin named " + name + " is installed.");
        }
        stopServing(p);
        String tables = p.runtime == null ? "" : String.join(", ", tables(p.runtime.pkg()));
        closeQuietly(p.runtime);
        deleteIfManaged(p.folder);
        plugins.remove(name);
        rows.deleted(name, actor);
        audit.record(actor, AuditAction.PLUGIN_DELETED, name, "version " + p.version
                + (tables.isEmpty() ? "" : "; tables kept: " + tables));
        return Outcome.done(name + " is deleted. Its files are removed"
                + (tables.isEmpty() ? "." : "; its tables and their data stay in the database (" + tables + ")."));
    }

    @Override
    public synchronized void close() {
        for (Plugin p : plugins.values()) {
            if (p.code != null) {
                p.code.stop();
                p.code = null;
            }
            closeQuietly(p.runtime);
        }
        live.clear();
    }

    // --- start-up ---

    private void installBootstrap(Bootstrap bootstrap, Map<String, InstalledPlugins.Row> byName) {
        Unpacked boot;
        if (bootstrap.zip()) {
            try {
                boot = unpack(bootstrap.path());
            } catch (Refusal r) {
                throw new PluginPackageException("The plugin package " + bootstrap.path() + " has " + count(r.problems)
                        + ":\n" + r.problems.stream().map(Problem::toString).collect(Collectors.joining("\n")));
            }
        } else {
            PluginPackage pkg = PluginPackage.fromDirectory(bootstrap.path());
            if (!pkg.problems().isEmpty()) {
                throw new PluginPackageException("The plugin at " + bootstrap.path() + " has " + count(pkg.problems())
                        + ":\n" + pkg.problems().stream().map(Problem::toString).collect(Collectors.joining("\n")));
            }
            boot = new Unpacked(pkg, bootstrap.path().toAbsolutePath().normalize(), bootstrap.classes());
        }
        InstalledPlugins.Row row = byName.get(boot.name());
        if (row != null && !row.installed()) {
            LOG.warn("Plugin {} was deleted in Plugin Management, so {} is not installed again; upload it there to"
                    + " install it", boot.name(), bootstrap.path());
            discard(boot);
            return;
        }
        if (row != null && Versions.compare(row.version(), boot.version()) > 0) {
            LOG.info("Keeping {} {} installed through Plugin Management; {} has the older version {}", row.name(),
                    row.version(), bootstrap.path(), boot.version());
            discard(boot);
            return;
        }
        List<Problem> foreign = tableClashes(boot.pkg(), boot.name(), false);
        if (!foreign.isEmpty()) {
            discard(boot);
            throw new PluginPackageException("The plugin at " + bootstrap.path() + " declares tables that are not its own:\n"
                    + foreign.stream().map(Problem::toString).collect(Collectors.joining("\n")));
        }
        boolean enabled = row == null || row.enabled();
        PluginRuntime runtime;
        try {
            runtime = PluginRuntime.install(boot.pkg(), dataSource, boot.classes(), parent);
        } catch (RuntimeException e) {
            discard(boot);
            throw e;
        }
        Plugin p = new Plugin(boot.name(), boot.version(), publisher(boot.pkg()), runtime, boot.folder(), boot.classes());
        p.enabled = enabled;
        plugins.put(p.name, p);
        if (enabled) {
            live.add(runtime);
        }
        rows.owns(p.name, tables(boot.pkg()));
        rows.installed(p.name, p.version, p.publisher, enabled, p.folder, bootstrap.zip() ? List.of() : p.classes,
                Actor.HOST);
        if (row != null && row.folder() != null && !row.folder().toAbsolutePath().normalize().equals(p.folder)) {
            deleteIfManaged(row.folder());
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

    private void restore(InstalledPlugins.Row row) {
        try {
            if (row.folder() == null || !Files.isDirectory(row.folder())) {
                throw new PluginPackageException("Its files are missing from " + row.folder() + ".");
            }
            PluginPackage pkg = PluginPackage.fromDirectory(row.folder());
            if (!pkg.problems().isEmpty()) {
                throw new PluginPackageException("Its files have " + count(pkg.problems()) + ", e.g. "
                        + pkg.problems().get(0) + ".");
            }
            List<Path> classes = row.classes().isEmpty() ? pkg.libJars() : row.classes();
            PluginRuntime runtime = PluginRuntime.install(pkg, dataSource, classes, parent);
            Plugin p = new Plugin(row.name(), row.version(), row.publisher(), runtime, row.folder(), row.classes());
            rows.owns(p.name, tables(pkg));
            p.enabled = row.enabled();
            plugins.put(p.name, p);
            if (p.enabled) {
                live.add(runtime);
            }
            LOG.info("Loaded plugin {} {} ({})", p.name, p.version, p.enabled ? "enabled" : "disabled");
        } catch (RuntimeException e) {
            LOG.error("Could not load plugin {} from {}: {}", row.name(), row.folder(), e.getMessage(), e);
            Plugin broken = new Plugin(row.name(), row.version(), row.publisher(), null, row.folder(), List.of());
            broken.note = "Could not be loaded at start: " + e.getMessage();
            plugins.put(broken.name, broken);
        }
    }

    // --- helpers ---

    /** A package refused before anything was installed, with every problem found. */
    private static final class Refusal extends Exception {
        private final List<Problem> problems;

        Refusal(List<Problem> problems) {
            super(count(problems), null, false, false);
            this.problems = problems;
        }
    }

    /** Unpacks and checks a zip into a new folder of its own, named after the plugin and version. */
    private Unpacked unpack(Path zip) throws Refusal {
        createDirectories();
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

    /** Stops the old version's code and starts the new one's; on failure the old one runs again. Null when done. */
    private String switchCode(Plugin old, Plugin updated) {
        if (old.code != null) {
            old.code.stop();
            old.code = null;
        }
        try {
            updated.code = context == null ? null : PluginCode.start(updated.runtime, context);
        } catch (PluginCode.StartFailure e) {
            LOG.error(e.getMessage(), e);
            try {
                old.code = PluginCode.start(old.runtime, context);
            } catch (PluginCode.StartFailure again) {
                LOG.error("The installed version did not start again either: {}", again.getMessage(), again);
                live.remove(old.runtime);
                old.enabled = false;
                old.note = again.getMessage();
            }
            return e.getMessage();
        }
        int at = live.indexOf(old.runtime);
        if (at >= 0) {
            live.set(at, updated.runtime);
        } else {
            live.add(updated.runtime);
        }
        return null;
    }

    /** Takes a plugin out of the live list first (pages stop), then stops its code. */
    private void stopServing(Plugin p) {
        if (p.runtime != null) {
            live.remove(p.runtime);
        }
        if (p.code != null) {
            p.code.stop();
            p.code = null;
        }
        p.enabled = false;
    }

    /** Files and PowerQueries the package shares with another installed plugin: each belongs to one. */
    private List<Problem> clashes(PluginPackage pkg, String self) {
        List<Problem> problems = new ArrayList<>();
        for (Plugin other : plugins.values()) {
            if (other.name.equals(self) || other.runtime == null) {
                continue;
            }
            for (String file : webRootFiles(pkg.webRoot())) {
                if (Files.isRegularFile(other.runtime.webRoot().resolve(file))) {
                    problems.add(new Problem("web_root/" + file, 0, "the installed plugin " + other.name
                            + " already has this file; a page or fragment belongs to one plugin"));
                }
            }
            for (NamedQuery query : pkg.namedQueries()) {
                if (other.runtime.query(query.name()).isPresent()) {
                    problems.add(new Problem(query.file(), 0, "the PowerQuery " + query.name()
                            + " is already installed by " + other.name + "; query names are unique across plugins"));
                }
            }
        }
        return problems;
    }

    /**
     * Extension tables the package may not declare: a SIS table, or a table another plugin owns (installed,
     * or deleted with its tables kept). With {@code unownedToo}, also a table the database already has that
     * no plugin owns (a table of the SIS's that the host does not list).
     */
    private List<Problem> tableClashes(PluginPackage pkg, String self, boolean unownedToo) {
        List<Problem> problems = new ArrayList<>();
        Map<String, String> owners = new HashMap<>(rows.tableOwners());
        for (Plugin other : plugins.values()) {
            if (!other.name.equals(self) && other.runtime != null) {
                tables(other.runtime.pkg()).forEach(t -> owners.putIfAbsent(t, other.name));
            }
        }
        List<String> unowned = new ArrayList<>();
        for (ExtensionTable table : pkg.extensionTables()) {
            String name = table.tableName();
            String owner = owners.get(name);
            if (SIS_TABLES.contains(name) || ExtensionTable.CORE_TABLES.contains(name)) {
                problems.add(new Problem(table.file(), pkg.lineOf(name), name + " is a table of the SIS; a plugin"
                        + " declares only its own tables (e.g. U_<PLUGIN>_<NAME>)"));
            } else if (owner != null && !owner.equals(self)) {
                problems.add(new Problem(table.file(), pkg.lineOf(name), name + " belongs to the plugin " + owner
                        + "; a plugin declares and changes only its own tables"));
            } else if (owner == null) {
                unowned.add(name);
            }
        }
        if (unownedToo && !unowned.isEmpty()) {
            for (String name : ExtensionSchemaMigrator.existingTables(dataSource, unowned)) {
                ExtensionTable table = pkg.extensionTables().stream().filter(t -> t.tableName().equals(name))
                        .findFirst().orElseThrow();
                problems.add(new Problem(table.file(), pkg.lineOf(name), name + " already exists in the database and"
                        + " no plugin owns it (a table of the SIS); a plugin declares only its own tables"));
            }
        }
        return problems;
    }

    private static List<String> webRootFiles(Path webRoot) {
        if (!Files.isDirectory(webRoot)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(webRoot)) {
            return files.filter(Files::isRegularFile)
                    .map(f -> webRoot.relativize(f).toString().replace('\\', '/')).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not list " + webRoot, e);
        }
    }

    private Installed view(Plugin p, InstalledPlugins.Row row) {
        PluginDescriptor d = p.runtime == null ? null : p.runtime.pkg().descriptor();
        return new Installed(p.name, URLEncoder.encode(p.name, StandardCharsets.UTF_8), p.version,
                d == null ? "" : d.description(), p.publisher, d == null ? "" : d.contactEmail(),
                d == null ? List.of() : d.accessRequests(), d == null ? List.of() : grouped(d.accessRequests()),
                p.runtime == null ? List.of() : tables(p.runtime.pkg()),
                p.enabled, p.note, row == null ? null : row.changedAt(), row == null ? "" : row.changedBy());
    }

    private static List<Access> grouped(List<AccessRequest> requests) {
        Map<List<String>, List<String>> fields = new LinkedHashMap<>();
        for (AccessRequest r : requests) {
            String access = "FullAccess".equalsIgnoreCase(r.access()) ? "Full access" : "View only";
            fields.computeIfAbsent(List.of(r.table(), access), k -> new ArrayList<>()).add(r.field());
        }
        return fields.entrySet().stream().map(e -> new Access(e.getKey().get(0), e.getKey().get(1),
                String.join(", ", e.getValue()))).toList();
    }

    private static List<String> tables(PluginPackage pkg) {
        return pkg.extensionTables().stream().map(ExtensionTable::tableName).sorted().toList();
    }

    private static String publisher(PluginPackage pkg) {
        return pkg.descriptor().publisherName();
    }

    private static String count(List<Problem> problems) {
        return problems.size() == 1 ? "1 problem" : problems.size() + " problems";
    }

    private void discard(Unpacked u) {
        deleteIfManaged(u.folder());
    }

    /** Deletes a folder only when it is one this manager unpacked (never a source tree given for development). */
    private void deleteIfManaged(Path folder) {
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

    /**
     * After extension tables changed under a running host, pooled connections may hold statements prepared
     * against the old columns (PostgreSQL then fails once with "cached plan must not change result type"), so
     * the pool replaces its connections as they come back.
     */
    private void renewConnections() {
        if (dataSource instanceof HikariDataSource pool && pool.getHikariPoolMXBean() != null) {
            pool.getHikariPoolMXBean().softEvictConnections();
        }
    }

    private void createDirectories() {
        try {
            Files.createDirectories(pluginsDir);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create the plugin folder " + pluginsDir, e);
        }
    }

    private static void closeQuietly(PluginRuntime runtime) {
        if (runtime == null) {
            return;
        }
        try {
            runtime.close();
        } catch (IOException e) {
            LOG.warn("Closing plugin {}: {}", runtime.name(), e.toString());
        }
    }
}
