package org.utbackpack.host.plugin;

import java.util.List;

/** A declared {@code <index name><column name/></index>}; names upper-cased. */
public record ExtensionIndex(String name, List<String> columns) {

    public ExtensionIndex {
        columns = List.copyOf(columns);
    }
}
