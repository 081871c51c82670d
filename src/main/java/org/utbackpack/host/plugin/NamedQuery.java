package org.utbackpack.host.plugin;

import java.util.List;

/** A PowerQuery from {@code queries_root/*.named_queries.xml}; coreTable may be null. */
public record NamedQuery(String file, String name, String coreTable, List<QueryArg> args,
                         List<QueryColumn> columns, String sql) {

    public NamedQuery {
        args = List.copyOf(args);
        columns = List.copyOf(columns);
    }
}
