package org.utbackpack.host.admin.plugins;

import org.utbackpack.host.plugin.ExtensionSchemaMigrator;
import org.utbackpack.host.plugin.ExtensionTable;
import org.utbackpack.host.plugin.NamedQuery;
import org.utbackpack.host.plugin.PluginPackage;
import org.utbackpack.host.plugin.Problem;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Whether a package may sit beside the installed plugins: each page, fragment and PowerQuery belongs to one
 * plugin, and each extension table to the plugin that declared it first; the SIS's own tables to none.
 */
final class PackageChecks {

    /** The host's own tables, besides the SIS core tables extensions hang off. */
    private static final Set<String> SIS_TABLES = Set.of("GUARDIANSTUDENT", "HOST_PLUGIN", "HOST_AUDIT",
            "HOST_PLUGIN_TABLE", "DATABASECHANGELOG", "DATABASECHANGELOGLOCK");

    private final DataSource dataSource;
    private final InstalledPlugins rows;

    PackageChecks(DataSource dataSource, InstalledPlugins rows) {
        this.dataSource = dataSource;
        this.rows = rows;
    }

    /** Files and PowerQueries the package shares with another installed plugin: each belongs to one. */
    List<Problem> clashes(PluginPackage pkg, String self, Collection<LoadedPlugin> installed) {
        List<Problem> problems = new ArrayList<>();
        for (LoadedPlugin other : installed) {
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
    List<Problem> tableClashes(PluginPackage pkg, String self, boolean unownedToo, Collection<LoadedPlugin> installed) {
        List<Problem> problems = new ArrayList<>();
        Map<String, String> owners = new HashMap<>(rows.tableOwners());
        for (LoadedPlugin other : installed) {
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

    /** The package's extension tables, sorted by name. */
    static List<String> tables(PluginPackage pkg) {
        return pkg.extensionTables().stream().map(ExtensionTable::tableName).sorted().toList();
    }

    /** "1 problem", "3 problems". */
    static String count(List<Problem> problems) {
        return problems.size() == 1 ? "1 problem" : problems.size() + " problems";
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
}
