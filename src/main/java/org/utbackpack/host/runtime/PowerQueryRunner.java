package org.utbackpack.host.runtime;

import org.utbackpack.host.plugin.NamedQuery;
import org.utbackpack.host.plugin.QueryArg;
import org.utbackpack.host.plugin.QueryColumn;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a plugin's PowerQueries the way the SIS does: {@code :name} arguments become bound parameters
 * (never text in the SQL), results are keyed by the query's column aliases, and paging appends
 * {@code OFFSET .. FETCH NEXT ..} to the query's own ORDER BY, which H2, PostgreSQL and Oracle all read.
 */
public final class PowerQueryRunner {

    /** Bad arguments: the caller gets a 400 with this message. */
    public static final class BadArguments extends RuntimeException {
        public BadArguments(String message) {
            super(message);
        }
    }

    /**
     * The query reads a table or field the plugin's account may not read: what plugin.xml's access_request
     * does not list (the SIS installs such a query and answers 403 when it is called). The caller gets a 403.
     */
    public static final class NotGranted extends RuntimeException {
        public NotGranted(String message) {
            super(message);
        }
    }

    /**
     * SQL states of a table, view or column the account cannot see or may not read: H2 (42S02, 42102, 42S22,
     * 42122; 90096 for a table of the SIS's schema it was not granted) and PostgreSQL (42501, 42P01, 42703).
     */
    static final java.util.Set<String> NOT_READABLE = java.util.Set.of("42S02", "42102", "42S22", "42122",
            "90096", "42501", "42P01", "42703");

    public static final int MAX_PAGE_SIZE = 1000;

    /** Page size when a caller over HTTP names none. */
    public static final int DEFAULT_PAGE_SIZE = 100;

    private final DataSource dataSource;
    private final QueryReaders readers;
    private final ColumnKinds kinds;

    /** Runs every query on this data source (tests of the runner itself). */
    public PowerQueryRunner(DataSource dataSource) {
        this(dataSource, null);
    }

    /** Runs each plugin's queries as that plugin's read-only account ({@link #readingFor}). */
    public PowerQueryRunner(DataSource dataSource, QueryReaders readers) {
        this(dataSource, readers, new ColumnKinds(dataSource));
    }

    private PowerQueryRunner(DataSource dataSource, QueryReaders readers, ColumnKinds kinds) {
        this.dataSource = dataSource;
        this.readers = readers;
        this.kinds = kinds;
    }

    /** This runner on the plugin's read-only account: SELECT on what the plugin declared, nothing else. */
    public PowerQueryRunner readingFor(PluginRuntime plugin) {
        return readers == null ? this : new PowerQueryRunner(readers.forPlugin(plugin), null, kinds);
    }

    /**
     * The page size a caller over HTTP gets: {@link #DEFAULT_PAGE_SIZE} when none is named, otherwise the
     * number capped at {@link #MAX_PAGE_SIZE}; 0 and negative numbers (which a template uses to mean
     * "every row") are capped too, so no caller can ask for an unbounded page.
     */
    public static int cappedPageSize(Integer requested) {
        if (requested == null) {
            return DEFAULT_PAGE_SIZE;
        }
        return requested <= 0 || requested > MAX_PAGE_SIZE ? MAX_PAGE_SIZE : requested;
    }

    /** One page of rows (page from 1); pageSize 0 means every row. */
    public List<Map<String, Object>> rows(NamedQuery query, Map<String, ?> args, int page, int pageSize) {
        return rows(query, args, page, pageSize, null);
    }

    /**
     * One page of rows in another order: {@code order} is a column alias, optionally followed by
     * {@code ;desc} (as the SIS's {@code order} parameter). The query's own order breaks ties, so pages
     * stay stable.
     */
    public List<Map<String, Object>> rows(NamedQuery query, Map<String, ?> args, int page, int pageSize, String order) {
        if (page < 1 || pageSize < 0 || pageSize > MAX_PAGE_SIZE) {
            throw new BadArguments("page must be 1 or more and pagesize between 0 and " + MAX_PAGE_SIZE);
        }
        Bound bound = bind(query, args);
        String sql = order == null || order.isBlank() ? bound.sql() : reorder(query, bound.sql(), order);
        List<Object> values = new ArrayList<>(bound.values());
        if (pageSize > 0) {
            sql = sql + " OFFSET ? ROWS FETCH NEXT ? ROWS ONLY";
            values.add((long) (page - 1) * pageSize);
            values.add((long) pageSize);
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            setAll(ps, values);
            try (ResultSet rs = ps.executeQuery()) {
                List<Map<String, Object>> rows = new ArrayList<>();
                List<QueryColumn> columns = query.columns();
                int capacity = columns.size() * 4 / 3 + 1; // every column without growing the map (16 held 12)
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>(capacity);
                    for (int i = 0; i < columns.size(); i++) {
                        row.put(columns.get(i).alias(), value(rs.getObject(i + 1)));
                    }
                    rows.add(row);
                }
                return rows;
            }
        } catch (SQLException e) {
            throw failure(query, e);
        }
    }

    /**
     * Wraps the query to sort by a column's position: aliases are checked against the query's own
     * columns, so no text from the caller ever reaches the SQL.
     */
    private static String reorder(NamedQuery query, String sql, String order) {
        String[] parts = order.trim().split(";");
        String alias = parts[0].trim();
        boolean descending = parts.length > 1 && parts[1].trim().equalsIgnoreCase("desc");
        List<QueryColumn> columns = query.columns();
        int position = -1;
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).alias().equalsIgnoreCase(alias)) {
                position = i + 1;
            }
        }
        if (position < 0 || parts.length > 2 || (parts.length == 2 && !parts[1].trim().matches("(?i)asc|desc"))) {
            throw new BadArguments("PowerQuery " + query.name() + " cannot be ordered by '" + order + "'");
        }
        StringBuilder wrapped = new StringBuilder("SELECT * FROM (").append(sql).append(") q ORDER BY ")
                .append(position).append(descending ? " DESC" : " ASC");
        for (int i = 1; i <= columns.size(); i++) {
            if (i != position) {
                wrapped.append(", ").append(i);
            }
        }
        return wrapped.toString();
    }

    public long count(NamedQuery query, Map<String, ?> args) {
        // counted without the query's final ORDER BY: sorting every row only to count them was most of the
        // cost of counting a drill-down's or the request queue's rows (docs/PERFORMANCE.md)
        Bound bound = bind(query, withoutFinalOrderBy(query.sql().trim()), args);
        String sql = "SELECT COUNT(*) FROM (" + bound.sql() + ") q";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            setAll(ps, bound.values());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw failure(query, e);
        }
    }

    /**
     * A value the database could not compare or convert (SQL state class 22, or PostgreSQL's "no operator
     * for these types"), or would not take where the query uses it (H2's "invalid value for parameter", 90008,
     * e.g. a negative row limit that PostgreSQL refuses as 2201W), came from the caller's arguments: a 400 with
     * a sentence, not a server error.
     */
    private static RuntimeException failure(NamedQuery query, SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        if (state.equals("22003")) {
            return new BadArguments("An argument of PowerQuery " + query.name() + " is a number outside the range the"
                    + " query takes.");
        }
        if (state.equals("2201W") || state.equals("2201X") || state.equals("90008")) {
            return new BadArguments("An argument of PowerQuery " + query.name() + " is a number the query cannot"
                    + " take there (a count of rows below 0).");
        }
        if (state.startsWith("22") || state.equals("42883")) {
            return new BadArguments("An argument of PowerQuery " + query.name() + " is not of the type the query"
                    + " expects (a whole number, a date yyyy-mm-dd, or text).");
        }
        if (NOT_READABLE.contains(state)) {
            return new NotGranted("PowerQuery " + query.name() + " reads a table or field its plugin may not read:"
                    + " plugin.xml's access_request does not list it (or it does not exist).");
        }
        return new IllegalStateException("PowerQuery " + query.name() + " failed: " + e.getMessage(), e);
    }

    private record Bound(String sql, List<Object> values) {
    }

    /**
     * The query without its last top-level ORDER BY (outside parentheses and string literals), when nothing
     * after it limits the rows; otherwise the query as it is.
     */
    static String withoutFinalOrderBy(String sql) {
        int depth = 0;
        boolean inString = false;
        int orderBy = -1;
        for (int i = 0; i < sql.length(); i++) {
            char ch = sql.charAt(i);
            if (ch == '\'') {
                inString = !inString;
            } else if (!inString && ch == '(') {
                depth++;
            } else if (!inString && ch == ')') {
                depth--;
            } else if (!inString && depth == 0 && (i == 0 || Character.isWhitespace(sql.charAt(i - 1)))
                    && sql.regionMatches(true, i, "ORDER", 0, 5) && sql.length() > i + 5
                    && Character.isWhitespace(sql.charAt(i + 5))
                    && sql.substring(i + 5).stripLeading().regionMatches(true, 0, "BY", 0, 2)) {
                orderBy = i;
            }
        }
        if (orderBy < 0) {
            return sql;
        }
        String tail = sql.substring(orderBy).toUpperCase(java.util.Locale.ROOT);
        if (tail.contains("(") || tail.contains("'") || tail.matches("(?s).*\\b(FETCH|OFFSET|LIMIT)\\b.*")) {
            return sql;
        }
        return sql.substring(0, orderBy).stripTrailing();
    }

    /** Replaces each {@code :name} outside string literals with {@code ?}, collecting its value. */
    private Bound bind(NamedQuery query, Map<String, ?> args) {
        return bind(query, query.sql().trim(), args);
    }

    private Bound bind(NamedQuery query, String text, Map<String, ?> args) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (QueryArg arg : query.args()) {
            Object value = args.get(arg.name());
            if (value == null && arg.defaultValue() != null) {
                value = arg.defaultValue();
            }
            if (value == null && arg.required()) {
                throw new BadArguments("PowerQuery " + query.name() + " needs the argument '" + arg.name() + "'");
            }
            values.put(arg.name(), typed(arg, value));
        }
        for (String given : args.keySet()) {
            if (!values.containsKey(given)) {
                throw new BadArguments("PowerQuery " + query.name() + " has no argument '" + given + "'");
            }
        }
        String sql = text;
        StringBuilder out = new StringBuilder(sql.length());
        List<Object> ordered = new ArrayList<>();
        boolean inString = false;
        for (int i = 0; i < sql.length(); i++) {
            char ch = sql.charAt(i);
            if (ch == '\'') {
                inString = !inString;
                out.append(ch);
            } else if (!inString && ch == ':' && i + 1 < sql.length() && sql.charAt(i + 1) == ':') {
                out.append("::");
                i++;
            } else if (!inString && ch == ':' && i + 1 < sql.length() && Character.isJavaIdentifierStart(sql.charAt(i + 1))) {
                int end = i + 1;
                while (end < sql.length() && Character.isJavaIdentifierPart(sql.charAt(end))) {
                    end++;
                }
                String name = sql.substring(i + 1, end);
                if (!values.containsKey(name)) {
                    throw new BadArguments("PowerQuery " + query.name() + " uses an undeclared argument '" + name + "'");
                }
                out.append('?');
                ordered.add(values.get(name));
                i = end - 1;
            } else {
                out.append(ch);
            }
        }
        return new Bound(out.toString(), ordered);
    }

    /**
     * JSON and templates hand over numbers or text; a number given as text for a numeric argument is
     * converted, so PostgreSQL (which will not compare BIGINT with VARCHAR) answers like Oracle does. What an
     * argument takes is the type of the column it names, as the database declares it ({@link ColumnKinds}).
     */
    /**
     * The given arguments as the query binds them (a whole number for an integer column, a timestamp for a Date
     * field): the values a caller is judged and logged by, so that no other spelling of a number ({@code "+1"},
     * digits of another script) reads one way to the log and another to the database. Refuses an argument the
     * query does not have or a value of the wrong kind.
     */
    public Map<String, Object> typedArguments(NamedQuery query, Map<String, ?> given) {
        Map<String, Object> typed = new LinkedHashMap<>();
        for (QueryArg arg : query.args()) {
            if (given.containsKey(arg.name())) {
                typed.put(arg.name(), typed(arg, given.get(arg.name())));
            }
        }
        for (String name : given.keySet()) {
            if (!typed.containsKey(name)) {
                throw new BadArguments("PowerQuery " + query.name() + " has no argument '" + name + "'");
            }
        }
        return typed;
    }

    private Object typed(QueryArg arg, Object value) {
        if (value instanceof String s && isNumericColumn(arg)) {
            // ASCII digits only: Long.valueOf would also take "+1" and other scripts' digits
            if (!s.trim().matches("-?[0-9]{1,19}")) {
                throw new BadArguments("Argument '" + arg.name() + "' must be a whole number");
            }
            try {
                return Long.valueOf(s.trim());
            } catch (NumberFormatException e) {
                throw new BadArguments("Argument '" + arg.name() + "' must be a whole number");
            }
        }
        if (value instanceof String s && isDateColumn(arg)) {
            try {
                return Timestamp.valueOf(java.time.LocalDate.parse(s.trim().length() > 10 ? s.trim().substring(0, 10)
                        : s.trim()).atStartOfDay());
            } catch (java.time.DateTimeException e) {
                throw new BadArguments("Argument '" + arg.name() + "' must be a date (yyyy-mm-dd)");
            }
        }
        if (value instanceof Integer i) {
            return i.longValue();
        }
        if (isNumericColumn(arg) && (value instanceof Boolean
                || (value instanceof Double d && (d % 1 != 0 || Double.isInfinite(d) || Math.abs(d) >= 0x1p63)))) {
            throw new BadArguments("Argument '" + arg.name() + "' must be a whole number");
        }
        if (value instanceof Double d && isNumericColumn(arg)) {
            return d.longValue();
        }
        if (isDateColumn(arg) && (value instanceof Number || value instanceof Boolean)) {
            throw new BadArguments("Argument '" + arg.name() + "' must be a date (yyyy-mm-dd)");
        }
        if (value instanceof java.time.Instant instant) {
            return Timestamp.from(instant);
        }
        if (value instanceof Map || value instanceof List) {
            throw new BadArguments("Argument '" + arg.name() + "' must be a single value");
        }
        return value;
    }

    private boolean isDateColumn(QueryArg arg) {
        return kinds.of(arg.column()) == ColumnKinds.Kind.DATE;
    }

    private boolean isNumericColumn(QueryArg arg) {
        return kinds.of(arg.column()) == ColumnKinds.Kind.WHOLE_NUMBER;
    }

    private static void setAll(PreparedStatement ps, List<Object> values) throws SQLException {
        for (int i = 0; i < values.size(); i++) {
            ps.setObject(i + 1, values.get(i));
        }
    }

    /** Plain Java values for templates and JSON: numbers, text, booleans, instants. */
    private static Object value(Object raw) throws SQLException {
        if (raw instanceof Timestamp ts) {
            return ts.toInstant();
        }
        if (raw instanceof java.sql.Date d) {
            return d.toLocalDate();
        }
        if (raw instanceof BigDecimal bd) {
            return bd.scale() <= 0 ? (Object) bd.longValue() : (Object) bd.doubleValue();
        }
        if (raw instanceof Clob clob) {
            return clob.getSubString(1, (int) Math.min(clob.length(), Integer.MAX_VALUE));
        }
        return raw;
    }
}
