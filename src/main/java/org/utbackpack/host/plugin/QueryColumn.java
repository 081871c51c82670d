package org.utbackpack.host.plugin;

/**
 * One {@code <column column="TABLE.COL">alias</column>}; the alias falls back to the column when blank.
 * {@code line} is where it is declared.
 */
public record QueryColumn(String column, String alias, int line) {
}
