package org.utbackpack.host.plugin;

/**
 * One {@code <access_request><field table field access>} entry: a field the plugin asks to read or write.
 * Table and field are upper-cased; access is as written ({@code ViewOnly} or {@code FullAccess}).
 */
public record AccessRequest(String table, String field, String access) {

    /**
     * Whether the SIS refuses to grant this field to any plugin: credentials (any field named like a
     * password) and the host's own tables (plugin registry, audit, Liquibase's bookkeeping).
     */
    public static boolean neverGranted(String table, String field) {
        String t = table == null ? "" : table.toUpperCase(java.util.Locale.ROOT);
        String f = field == null ? "" : field.toUpperCase(java.util.Locale.ROOT);
        return f.contains("PASSWORD") || t.startsWith("HOST_") || t.startsWith("DATABASECHANGELOG");
    }
}
