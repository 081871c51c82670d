package org.utbackpack.host.plugin;

import org.utbackpack.host.db.LiquibaseRunner;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Creates and upgrades a plugin's extension tables through Liquibase, additively: new tables, new
 * fields, longer Strings and new indexes are applied; nothing is ever dropped or narrowed. A package
 * that would need a destructive change is refused before any statement runs. Running it again with
 * the same tables changes nothing.
 *
 * <p>Identifiers are unquoted upper case, so the same names work on H2 (Oracle mode), PostgreSQL
 * (which folds them to lower case) and Oracle.
 */
public final class ExtensionSchemaMigrator {

    private static final String CHANGELOG = "plugin-extension-tables.xml";

    public ExtensionSchemaMigrator() {
        // stateless: each migrate call reads the database afresh
    }

    /**
     * Brings {@code tables} into the database behind {@code dataSource}.
     *
     * @throws PluginPackageException when a table cannot be upgraded additively (naming table and field),
     *                                when a definition is unusable, or when the database refuses a step
     */
    public void migrate(DataSource dataSource, List<ExtensionTable> tables) {
        tables.forEach(ExtensionSchemaMigrator::checkDefinition);
        List<ExtensionTable> ordered = SchemaPlanner.parentsFirst(tables);
        List<String> names = ordered.stream().map(ExtensionTable::tableName).toList();
        try (Connection connection = dataSource.getConnection()) {
            List<SchemaChange> changes = SchemaPlanner.plan(ordered, ExistingSchema.read(connection, names));
            if (changes.isEmpty()) {
                return;
            }
            runLiquibase(connection, ChangelogXml.write(changes));
            verify(ordered, ExistingSchema.read(connection, names));
        } catch (SQLException e) {
            throw new PluginPackageException("Cannot read or change the extension tables: " + e.getMessage(), e);
        }
    }

    /** Those of {@code tableNames} the database already has (upper case). */
    public static Set<String> existingTables(DataSource dataSource, Collection<String> tableNames) {
        try (Connection connection = dataSource.getConnection()) {
            ExistingSchema schema = ExistingSchema.read(connection, tableNames);
            Set<String> existing = new HashSet<>();
            tableNames.stream().filter(schema::hasTable).forEach(existing::add);
            return existing;
        } catch (SQLException e) {
            throw new PluginPackageException("Cannot read the database's tables: " + e.getMessage(), e);
        }
    }

    private static void runLiquibase(Connection connection, String changelog) {
        try {
            LiquibaseRunner.update(connection, new MemoryResourceAccessor(CHANGELOG, changelog), CHANGELOG);
        } catch (Exception e) {
            throw new PluginPackageException("Liquibase could not apply the extension tables: " + rootMessage(e), e);
        }
    }

    /**
     * A step Liquibase believes ran (recorded in DATABASECHANGELOG) may be missing from the database,
     * e.g. after a table was dropped by hand; say so instead of leaving the plugin to fail later.
     */
    private static void verify(List<ExtensionTable> tables, ExistingSchema schema) {
        List<String> missing = new ArrayList<>();
        for (ExtensionTable table : tables) {
            if (!schema.hasTable(table.tableName())) {
                missing.add(table.tableName());
                continue;
            }
            for (ExtensionField field : table.fields()) {
                if (schema.column(table.tableName(), field.name()) == null) {
                    missing.add(table.tableName() + "." + field.name());
                }
            }
        }
        if (!missing.isEmpty()) {
            throw new PluginPackageException("After the migration these are still missing: " + missing
                    + ". DATABASECHANGELOG records them as applied; remove those rows (ids start with the table name) and retry");
        }
    }

    /** The migrator writes names into DDL, so it re-checks what a valid package guarantees. */
    private static void checkDefinition(ExtensionTable table) {
        List<String> names = new ArrayList<>(List.of(table.tableName()));
        if (table.parentKeyColumn() != null) {
            names.add(table.parentKeyColumn());
        }
        table.fields().forEach(field -> names.add(field.name()));
        table.indexes().forEach(index -> {
            names.add(index.name());
            names.addAll(index.columns());
        });
        for (String name : names) {
            String problem = Names.identifierProblem("name", name);
            if (problem != null) {
                throw new PluginPackageException("Extension table " + table.tableName() + ": " + problem);
            }
        }
        for (ExtensionField field : table.fields()) {
            ChangelogXml.sqlType(field);  // throws for an unknown type
            boolean badLength = field.length() == null || field.length() < 1 || field.length() > ExtensionReader.MAX_STRING_LENGTH;
            if (field.type().equals("String") && badLength) {
                throw new PluginPackageException("Extension table " + table.tableName() + "." + field.name()
                        + ": a String needs a length of 1.." + ExtensionReader.MAX_STRING_LENGTH);
            }
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + cause.getMessage() + ")";
    }
}
