package org.utbackpack.host.plugin;

/**
 * One {@code <access_request><field table field access>} entry: a field the plugin asks to read or write.
 * Table and field are upper-cased; access is as written ({@code ViewOnly} or {@code FullAccess}).
 */
public record AccessRequest(String table, String field, String access) {
}
