package org.utbackpack.host.plugin;

/** One {@code <column column="TABLE.COL">alias</column>}; the alias falls back to the column when blank. */
public record QueryColumn(String column, String alias) {
}
