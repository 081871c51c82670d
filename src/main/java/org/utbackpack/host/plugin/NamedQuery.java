package org.utbackpack.host.plugin;

import java.util.List;

/**
 * A PowerQuery from {@code queries_root/*.named_queries.xml}; coreTable may be null. {@code line} is the
 * line of its {@code <query>} element, {@code sqlLine} the line where the SQL text starts.
 */
public record NamedQuery(String file, String name, String coreTable, List<QueryArg> args,
                         List<QueryColumn> columns, String sql, int line, int sqlLine) {

    public NamedQuery {
        args = List.copyOf(args);
        columns = List.copyOf(columns);
    }
}
