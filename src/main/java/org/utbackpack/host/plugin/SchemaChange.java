package org.utbackpack.host.plugin;

import java.util.List;

/**
 * One additive schema step for an extension table, with the deterministic Liquibase changeSet id that
 * records it, so the same step is never applied twice to one database.
 */
sealed interface SchemaChange {

    String table();

    String changeSetId();

    /** Creates the table with its automatic columns and every declared field. */
    record CreateTable(ExtensionTable definition) implements SchemaChange {
        public String table() {
            return definition.tableName();
        }

        public String changeSetId() {
            return table() + ":create";
        }
    }

    /** Adds a field declared by a newer version of the package. */
    record AddColumn(String table, ExtensionField field) implements SchemaChange {
        public String changeSetId() {
            return table + ":field:" + field.name();
        }
    }

    /** Widens a String field whose declared length grew. */
    record WidenColumn(String table, ExtensionField field) implements SchemaChange {
        public String changeSetId() {
            return table + ":length:" + field.name() + ":" + field.length();
        }
    }

    /**
     * Makes a Date field that an earlier host created with fractions of a second keep whole seconds, as an
     * Oracle DATE does on the SIS; values already stored lose their fraction.
     */
    record DateToSeconds(String table, ExtensionField field) implements SchemaChange {
        public String changeSetId() {
            return table + ":seconds:" + field.name();
        }
    }

    record CreateIndex(String table, String name, List<String> columns) implements SchemaChange {
        public CreateIndex {
            columns = List.copyOf(columns);
        }

        public String changeSetId() {
            return table + ":index:" + name;
        }
    }
}
