package org.utbackpack.host.plugin;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * Compares the declared extension tables with what the database holds and lists the additive steps
 * that close the gap. Anything that is not additive (a shorter String, a changed type, a missing
 * automatic column) is refused here, before a single statement runs.
 */
final class SchemaPlanner {

    private SchemaPlanner() {
    }

    /** Tables ordered so that a parent extension table comes before its children. */
    static List<ExtensionTable> parentsFirst(List<ExtensionTable> tables) {
        Map<String, ExtensionTable> byName = new LinkedHashMap<>();
        for (ExtensionTable table : tables) {
            if (byName.putIfAbsent(table.tableName(), table) != null) {
                throw new PluginPackageException("Extension table " + table.tableName() + " is declared twice");
            }
        }
        List<ExtensionTable> ordered = new ArrayList<>();
        Map<String, Boolean> visiting = new HashMap<>();
        for (ExtensionTable table : byName.values()) {
            visit(table, byName, visiting, ordered);
        }
        return ordered;
    }

    private static void visit(ExtensionTable table, Map<String, ExtensionTable> byName,
                              Map<String, Boolean> visiting, List<ExtensionTable> ordered) {
        Boolean state = visiting.get(table.tableName());
        if (Boolean.FALSE.equals(state)) {
            return;
        }
        if (Boolean.TRUE.equals(state)) {
            throw new PluginPackageException("Extension table " + table.tableName() + " is its own ancestor through coreTable");
        }
        visiting.put(table.tableName(), true);
        ExtensionTable parent = table.coreTable() == null ? null : byName.get(table.coreTable());
        if (parent != null) {
            visit(parent, byName, visiting, ordered);
        }
        visiting.put(table.tableName(), false);
        ordered.add(table);
    }

    /**
     * @throws PluginPackageException naming every table and field that would need a destructive change
     */
    static List<SchemaChange> plan(List<ExtensionTable> ordered, ExistingSchema existing) {
        List<SchemaChange> changes = new ArrayList<>();
        List<String> refusals = new ArrayList<>();
        for (ExtensionTable table : ordered) {
            if (existing.hasTable(table.tableName())) {
                planUpgrade(table, existing, changes, refusals);
            } else {
                changes.add(new SchemaChange.CreateTable(table));
            }
            for (SchemaChange.CreateIndex index : indexes(table)) {
                if (!existing.hasIndex(table.tableName(), index.name())) {
                    changes.add(index);
                }
            }
        }
        if (!refusals.isEmpty()) {
            throw new PluginPackageException("The extension tables cannot be upgraded; nothing was changed:\n  "
                    + String.join("\n  ", refusals));
        }
        return changes;
    }

    private static void planUpgrade(ExtensionTable table, ExistingSchema existing,
                                    List<SchemaChange> changes, List<String> refusals) {
        String name = table.tableName();
        for (String automatic : table.automaticColumns()) {
            if (existing.column(name, automatic) == null) {
                refusals.add(name + " exists without its automatic column " + automatic
                        + " (was it declared with another kind or coreTable?); a table's kind cannot change");
            }
        }
        for (ExtensionField field : table.fields()) {
            ExistingSchema.Column column = existing.column(name, field.name());
            if (column == null) {
                changes.add(new SchemaChange.AddColumn(name, field));
            } else if (!column.holds(field.type())) {
                refusals.add(name + "." + field.name() + " is " + column.describe() + " in the database but declared "
                        + field.type() + "; a field's type cannot change");
            } else if (field.type().equals("String") && field.length() < column.size()) {
                refusals.add(name + "." + field.name() + " is " + column.describe() + " in the database but declared length "
                        + field.length() + "; String lengths can only grow");
            } else if (field.type().equals("String") && field.length() > column.size()) {
                changes.add(new SchemaChange.WidenColumn(name, field));
            } else if (field.type().equals("Date") && column.fraction() > 0) {
                changes.add(new SchemaChange.DateToSeconds(name, field));
            }
        }
    }

    /** Every index the table should have: the parent key of a child table, indexed fields, declared indexes. */
    static List<SchemaChange.CreateIndex> indexes(ExtensionTable table) {
        List<SchemaChange.CreateIndex> result = new ArrayList<>();
        String name = table.tableName();
        if (table.kind() == ExtensionTable.Kind.CHILD) {
            result.add(new SchemaChange.CreateIndex(name, indexName(name, table.parentKeyColumn()), List.of(table.parentKeyColumn())));
        }
        for (ExtensionField field : table.fields()) {
            if (field.indexed()) {
                result.add(new SchemaChange.CreateIndex(name, indexName(name, field.name()), List.of(field.name())));
            }
        }
        for (ExtensionIndex index : table.indexes()) {
            result.add(new SchemaChange.CreateIndex(name, index.name(), index.columns()));
        }
        return result;
    }

    /** {@code <TABLE>_<COLUMN>_IX}, shortened with a stable hash when longer than 30 characters. */
    static String indexName(String table, String column) {
        return shortName(table + "_" + column, "_IX");
    }

    static String primaryKeyName(String table) {
        return shortName("PK_" + table, "");
    }

    private static String shortName(String base, String suffix) {
        String name = base + suffix;
        if (name.length() <= Names.MAX_IDENTIFIER) {
            return name;
        }
        CRC32 crc = new CRC32();
        crc.update(name.getBytes(StandardCharsets.US_ASCII));
        String hash = String.format("%08X", crc.getValue());
        return base.substring(0, Names.MAX_IDENTIFIER - hash.length() - 1) + "_" + hash;
    }
}
