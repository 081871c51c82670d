package org.utbackpack.host.plugin;

/** One {@code <arg>} of a named query; type is {@code primitive} or {@code array}, defaultValue may be null. */
public record QueryArg(String name, String column, boolean required, String type, String defaultValue) {
}
