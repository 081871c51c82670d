package org.utbackpack.host.plugin;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads the database extension files ({@code <psExtension>} XML) of a package and checks them, one
 * file at a time and then across the package (unique table names, known parents).
 */
final class ExtensionReader {

    static final String NAMESPACE = "http://www.powerschool.com";
    static final int MAX_STRING_LENGTH = 4000;

    /** Canonical type spelling by lower-cased name. */
    private static final Map<String, String> TYPES = Map.of(
            "string", "String", "integer", "Integer", "double", "Double",
            "boolean", "Boolean", "date", "Date", "clob", "Clob");

    private record Located(ExtensionTable table, int line) {
    }

    private final SecureXml xml;
    private final Problems problems;
    private final List<Located> tables = new ArrayList<>();

    ExtensionReader(SecureXml xml, Problems problems) {
        this.xml = xml;
        this.problems = problems;
    }

    /** The line of each table's {@code <extendedTable>}, by table name (the first when declared twice). */
    Map<String, Integer> lines() {
        Map<String, Integer> lines = new HashMap<>();
        for (Located located : tables) {
            lines.putIfAbsent(located.table().tableName(), located.line());
        }
        return lines;
    }

    /** Reads every {@code *.xml} directly in {@code folder}; {@code folderShownAs} prefixes reported paths. */
    List<ExtensionTable> read(Path folder, String folderShownAs) {
        for (Path file : PackageFiles.list(folder, name -> name.toLowerCase(Locale.ROOT).endsWith(".xml"))) {
            readFile(file, folderShownAs + "/" + file.getFileName());
        }
        checkAcrossPackage();
        List<ExtensionTable> result = new ArrayList<>();
        for (Located located : tables) {
            result.add(located.table());
        }
        return List.copyOf(result);
    }

    private void readFile(Path path, String file) {
        XmlElement root = xml.parse(path, file, problems);
        if (root == null) {
            return;
        }
        if (!root.name().equals("psExtension") || !NAMESPACE.equals(root.namespace())) {
            problems.add(file, root.line(), "root element must be <psExtension xmlns=\"" + NAMESPACE
                    + "\">, found <" + root.name() + "> in namespace '" + root.namespace() + "'");
            return;
        }
        XmlElement nameElement = root.child("extensionname");
        String extensionName = nameElement == null ? "" : nameElement.text();
        if (extensionName.isEmpty()) {
            problems.add(file, root.line(), "<psExtension> needs an <extensionname>");
        }
        List<XmlElement> declared = root.children("extendedTable");
        if (declared.isEmpty()) {
            problems.add(file, root.line(), "<psExtension> declares no <extendedTable>");
        }
        for (XmlElement element : declared) {
            ExtensionTable table = readTable(file, extensionName, element);
            if (table != null) {
                tables.add(new Located(table, element.line()));
            }
        }
    }

    private ExtensionTable readTable(String file, String extensionName, XmlElement element) {
        String tableName = Names.upper(element.attr("dbTableName"));
        if (tableName == null) {
            problems.add(file, element.line(), "<extendedTable> needs a dbTableName");
            return null;
        }
        report(file, element.line(), Names.identifierProblem("dbTableName", tableName));
        ExtensionTable.Kind kind = kind(file, element, tableName);
        String coreTable = kind == ExtensionTable.Kind.STANDALONE ? null : Names.upper(element.attr("coreTable"));
        List<String> automatic = new ExtensionTable(file, extensionName, kind, coreTable, tableName,
                List.of(), List.of()).automaticColumns();
        List<ExtensionField> fields = fields(file, element, tableName, automatic);
        List<ExtensionIndex> indexes = indexes(file, element, tableName, fields, automatic);
        return new ExtensionTable(file, extensionName, kind, coreTable, tableName, fields, indexes);
    }

    private ExtensionTable.Kind kind(String file, XmlElement element, String tableName) {
        String type = element.attr("type");
        if (type != null) {
            if (!type.equalsIgnoreCase("standalone")) {
                problems.add(file, element.line(), tableName + ": type '" + type + "' is unknown; only type=\"standalone\" is allowed");
            }
            return ExtensionTable.Kind.STANDALONE;
        }
        if (element.attr("coreTable") == null) {
            problems.add(file, element.line(), tableName + " needs coreTable=\"...\" (child or one-to-one) or type=\"standalone\"");
        }
        return element.attr("childName") != null ? ExtensionTable.Kind.CHILD : ExtensionTable.Kind.ONE_TO_ONE;
    }

    private List<ExtensionField> fields(String file, XmlElement table, String tableName, List<String> automatic) {
        List<ExtensionField> fields = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (XmlElement element : table.children("field")) {
            ExtensionField field = field(file, element, tableName);
            if (field == null) {
                continue;
            }
            if (!seen.add(field.name())) {
                problems.add(file, element.line(), tableName + "." + field.name() + " is declared twice");
                continue;
            }
            if (automatic.contains(field.name())) {
                problems.add(file, element.line(), tableName + "." + field.name()
                        + " is added by the SIS automatically; remove the field");
                continue;
            }
            fields.add(field);
        }
        return fields;
    }

    private ExtensionField field(String file, XmlElement element, String tableName) {
        String name = Names.upper(element.attr("name"));
        if (name == null) {
            problems.add(file, element.line(), tableName + ": <field> needs a name");
            return null;
        }
        report(file, element.line(), Names.identifierProblem("field " + tableName + "." + name, name));
        String declaredType = element.attr("type");
        String type = declaredType == null ? null : TYPES.get(declaredType.toLowerCase(Locale.ROOT));
        if (type == null) {
            problems.add(file, element.line(), tableName + "." + name + ": type '" + declaredType
                    + "' must be one of String, Integer, Double, Boolean, Date, Clob");
            return null;
        }
        Integer length = type.equals("String") ? length(file, element, tableName + "." + name) : null;
        boolean indexed = "true".equalsIgnoreCase(element.attr("isIndexed"));
        return new ExtensionField(name, type, length, indexed, element.attr("description"));
    }

    private Integer length(String file, XmlElement element, String what) {
        String value = element.attr("length");
        String expected = " needs length=\"1..." + MAX_STRING_LENGTH + "\" (String fields have a fixed maximum)";
        if (value == null) {
            problems.add(file, element.line(), what + expected);
            return null;
        }
        try {
            int length = Integer.parseInt(value);
            if (length >= 1 && length <= MAX_STRING_LENGTH) {
                return length;
            }
        } catch (NumberFormatException e) {
            // reported below with the same message as an out-of-range number
        }
        problems.add(file, element.line(), what + ": length '" + value + "' is not valid;" + expected);
        return null;
    }

    private List<ExtensionIndex> indexes(String file, XmlElement table, String tableName,
                                         List<ExtensionField> fields, List<String> automatic) {
        Set<String> columns = new HashSet<>(automatic);
        fields.forEach(field -> columns.add(field.name()));
        List<ExtensionIndex> indexes = new ArrayList<>();
        for (XmlElement element : table.children("index")) {
            String name = Names.upper(element.attr("name"));
            if (name == null) {
                problems.add(file, element.line(), tableName + ": <index> needs a name");
                continue;
            }
            report(file, element.line(), Names.identifierProblem("index name", name));
            if (element.children("column").isEmpty()) {
                problems.add(file, element.line(), tableName + ": index " + name + " names no column");
                continue;
            }
            List<String> indexColumns = indexColumns(file, element, tableName, name, columns);
            if (indexColumns.size() == element.children("column").size()) {
                indexes.add(new ExtensionIndex(name, indexColumns));
            }
        }
        return indexes;
    }

    private List<String> indexColumns(String file, XmlElement index, String tableName, String indexName, Set<String> known) {
        List<String> result = new ArrayList<>();
        for (XmlElement column : index.children("column")) {
            String name = Names.upper(column.attr("name") != null ? column.attr("name") : column.text());
            if (name == null || name.isEmpty()) {
                problems.add(file, column.line(), tableName + ": a <column> of index " + indexName + " has no name");
            } else if (!known.contains(name)) {
                problems.add(file, column.line(), tableName + ": index " + indexName + " names column " + name
                        + ", which is neither a field of the table nor an automatic column");
            } else {
                result.add(name);
            }
        }
        return result;
    }

    private void checkAcrossPackage() {
        Map<String, Located> byName = new HashMap<>();
        for (Located located : tables) {
            Located first = byName.putIfAbsent(located.table().tableName(), located);
            if (first != null) {
                problems.add(located.table().file(), located.line(), located.table().tableName()
                        + " is already declared in " + first.table().file() + ":" + first.line());
            }
        }
        Map<String, Located> oneToOneByParent = new HashMap<>();
        Map<String, Located> indexNames = new HashMap<>();
        for (Located located : tables) {
            checkParent(located, byName);
            checkSingleOneToOne(located, oneToOneByParent);
            checkIndexNames(located, indexNames);
        }
    }

    private void checkParent(Located located, Map<String, Located> byName) {
        ExtensionTable table = located.table();
        String parent = table.coreTable();
        if (parent == null || ExtensionTable.CORE_TABLES.contains(parent)) {
            return;
        }
        if (!byName.containsKey(parent)) {
            problems.add(table.file(), located.line(), table.tableName() + ": coreTable " + parent
                    + " is neither a core table " + new TreeSet<>(ExtensionTable.CORE_TABLES)
                    + " nor an extension table of this package");
            return;
        }
        if (dependsOnItself(table, byName)) {
            problems.add(table.file(), located.line(), table.tableName() + ": coreTable chain leads back to itself");
        }
        report(table.file(), located.line(), Names.identifierProblem("parent key column", table.parentKeyColumn()));
    }

    private static boolean dependsOnItself(ExtensionTable table, Map<String, Located> byName) {
        Set<String> visited = new HashSet<>();
        String current = table.coreTable();
        while (current != null && byName.containsKey(current) && visited.add(current)) {
            if (current.equals(table.tableName())) {
                return true;
            }
            current = byName.get(current).table().coreTable();
        }
        return false;
    }

    private void checkSingleOneToOne(Located located, Map<String, Located> byParent) {
        ExtensionTable table = located.table();
        if (table.kind() != ExtensionTable.Kind.ONE_TO_ONE || table.coreTable() == null) {
            return;
        }
        Located first = byParent.putIfAbsent(table.coreTable(), located);
        if (first != null) {
            problems.add(table.file(), located.line(), table.tableName() + ": " + table.coreTable()
                    + " already has a one-to-one extension, " + first.table().tableName() + "; add the fields there");
        }
    }

    private void checkIndexNames(Located located, Map<String, Located> seen) {
        for (ExtensionIndex index : located.table().indexes()) {
            Located first = seen.putIfAbsent(index.name(), located);
            if (first != null) {
                problems.add(located.table().file(), located.line(), "index name " + index.name()
                        + " is already used by " + first.table().tableName() + "; index names are shared by the whole schema");
            }
        }
    }

    private void report(String file, int line, String problem) {
        if (problem != null) {
            problems.add(file, line, problem);
        }
    }
}
