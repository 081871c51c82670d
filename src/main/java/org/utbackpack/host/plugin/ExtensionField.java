package org.utbackpack.host.plugin;

/**
 * A declared field of an extension table.
 *
 * @param name        upper-cased column name
 * @param type        one of String, Integer, Double, Boolean, Date, Clob (canonical spelling)
 * @param length      the String length, null for other types
 * @param indexed     {@code isIndexed="true"}
 * @param description free text, may be null
 */
public record ExtensionField(String name, String type, Integer length, boolean indexed, String description) {
}
