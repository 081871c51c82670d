package org.utbackpack.host.plugin;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A PowerSchool-style plugin package, read and checked the way the SIS reads an upload: plugin.xml,
 * database extensions, PowerQueries, permission mappings, web_root fragments, message keys and
 * libraries. Reading never throws for a bad package: everything wrong is in {@link #problems()}, each
 * with the file inside the package and the line.
 */
public final class PluginPackage {

    /** Where the extension XML lives in an installable zip. */
    public static final String SCHEMA_FOLDER = "user_schema_root";
    /** Where the same files live in the project's source tree. */
    public static final String SOURCE_SCHEMA_FOLDER = "database_extensions";

    private final Path root;
    private final PluginDescriptor descriptor;
    private final List<ExtensionTable> extensionTables;
    private final List<NamedQuery> namedQueries;
    private final List<PermissionMapping> permissionMappings;
    private final List<Path> messageKeys;
    private final List<Problem> problems;
    private final List<Problem> warnings;
    private final Map<String, Integer> tableLines;

    private PluginPackage(Path root, PluginDescriptor descriptor, List<ExtensionTable> extensionTables,
                          List<NamedQuery> namedQueries, List<PermissionMapping> permissionMappings,
                          List<Path> messageKeys, Problems problems, Map<String, Integer> tableLines) {
        this.root = root;
        this.descriptor = descriptor;
        this.extensionTables = List.copyOf(extensionTables);
        this.namedQueries = List.copyOf(namedQueries);
        this.permissionMappings = List.copyOf(permissionMappings);
        this.messageKeys = List.copyOf(messageKeys);
        this.problems = problems.toList();
        this.warnings = problems.warnings();
        this.tableLines = Map.copyOf(tableLines);
    }

    /**
     * Reads an unpacked package: the zip layout ({@code user_schema_root/}) or the source tree
     * ({@code database_extensions/}, used only when {@code user_schema_root/} is absent).
     *
     * @throws PluginPackageException when {@code root} is not a folder
     */
    public static PluginPackage fromDirectory(Path root) {
        if (!Files.isDirectory(root)) {
            throw new PluginPackageException("Plugin folder " + root + " does not exist or is not a folder");
        }
        Problems problems = new Problems();
        SecureXml xml = new SecureXml();
        PluginDescriptor descriptor = new DescriptorReader(xml, problems).read(root);
        String schemaFolder = schemaFolder(root);
        int errorsBefore = problems.toList().size();
        ExtensionReader extensions = new ExtensionReader(xml, problems);
        List<ExtensionTable> tables = extensions.read(root.resolve(schemaFolder), schemaFolder);
        // Which tables and fields a query may read is known only when plugin.xml and the extensions are sound.
        boolean readable = descriptor != null && problems.toList().size() == errorsBefore;
        List<NamedQuery> queries = new NamedQueryReader(xml, problems).read(root);
        PowerQuerySql sql = new PowerQuerySql(problems, descriptor, tables, readable);
        queries.forEach(sql::check);
        Set<String> queryNames = new HashSet<>();
        queries.forEach(query -> queryNames.add(query.name()));
        List<PermissionMapping> mappings = new PermissionReader(xml, problems).read(root, queryNames);
        new WebRootChecker(xml, problems).check(root);
        List<Path> messageKeys = new MessageKeysChecker(problems).check(root);
        return new PluginPackage(root, descriptor, tables, queries, mappings, messageKeys, problems, extensions.lines());
    }

    /**
     * Extracts an uploaded zip into {@code extractTo} (absent or empty) and reads it. A refused archive
     * (unsafe entries, too large, plugin.xml inside a wrapping folder) yields a package whose
     * {@link #problems()} say why and whose descriptor is null.
     *
     * @throws PluginPackageException when {@code extractTo} is not empty or cannot be created
     */
    public static PluginPackage fromZip(Path zip, Path extractTo) {
        return fromZip(zip, extractTo, new ZipExtractor());
    }

    static PluginPackage fromZip(Path zip, Path extractTo, ZipExtractor extractor) {
        if (!Files.isRegularFile(zip)) {
            throw new PluginPackageException("Plugin zip " + zip + " does not exist or is not a file");
        }
        Problems problems = new Problems();
        if (!extractor.extract(zip, extractTo, problems)) {
            return new PluginPackage(extractTo, null, List.of(), List.of(), List.of(), List.of(), problems, Map.of());
        }
        return fromDirectory(extractTo);
    }

    private static String schemaFolder(Path root) {
        boolean zipLayout = Files.isDirectory(root.resolve(SCHEMA_FOLDER));
        boolean sourceLayout = Files.isDirectory(root.resolve(SOURCE_SCHEMA_FOLDER));
        return !zipLayout && sourceLayout ? SOURCE_SCHEMA_FOLDER : SCHEMA_FOLDER;
    }

    public Path root() {
        return root;
    }

    /** What plugin.xml declares, or null when plugin.xml is missing, malformed or not a plugin descriptor. */
    public PluginDescriptor descriptor() {
        return descriptor;
    }

    public List<ExtensionTable> extensionTables() {
        return extensionTables;
    }

    public List<NamedQuery> namedQueries() {
        return namedQueries;
    }

    public List<PermissionMapping> permissionMappings() {
        return permissionMappings;
    }

    /** The package's web_root folder; it may not exist. */
    public Path webRoot() {
        return root.resolve(WebRootChecker.FOLDER);
    }

    /** The jars in {@code lib/}, sorted by name. */
    public List<Path> libJars() {
        return PackageFiles.list(root.resolve("lib"), name -> name.toLowerCase(Locale.ROOT).endsWith(".jar"));
    }

    /** The {@code MessageKeys/*.properties} files, sorted by name. */
    public List<Path> messageKeys() {
        return messageKeys;
    }

    /** The line of the {@code <extendedTable>} that declares {@code tableName}, or 0 when unknown. */
    public int lineOf(String tableName) {
        return tableLines.getOrDefault(tableName, 0);
    }

    /** Everything the SIS would refuse: the package installs only when this is empty. */
    public List<Problem> problems() {
        return problems;
    }

    /** This project's conventions the package does not follow; the SIS installs it anyway. */
    public List<Problem> warnings() {
        return warnings;
    }

    public boolean isValid() {
        return problems.isEmpty();
    }
}
