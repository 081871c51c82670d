package org.utbackpack.host.plugin;

import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.Statements;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.AllTableColumns;
import net.sf.jsqlparser.statement.select.FromItem;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.select.LateralSubSelect;
import net.sf.jsqlparser.statement.select.ParenthesedFromItem;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SelectItem;
import net.sf.jsqlparser.statement.select.SetOperationList;
import net.sf.jsqlparser.statement.select.TableFunction;
import net.sf.jsqlparser.statement.select.WithItem;
import net.sf.jsqlparser.util.TablesNamesFinder;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks a PowerQuery's SQL with a real parser (JSqlParser) the way the SIS does at install: exactly one
 * SELECT, nothing that writes (DML, DDL, {@code SELECT ... INTO}, {@code FOR UPDATE}, a WITH clause that
 * writes, sequences), only functions on an allowlist (no file readers, links, HTTP, {@code DBMS_*}), and only
 * the tables and fields the plugin may read: the fields its plugin.xml {@code access_request} lists and the
 * plugin's own extension tables. Each refusal names the file and the line of the SQL it is about.
 */
final class PowerQuerySql {

    /**
     * Functions a PowerQuery may call: the ones Oracle, H2 and PostgreSQL share for reading and shaping
     * values. Anything else (FILE_READ, CSVREAD, LINK_SCHEMA, pg_read_file, lo_import, dblink, UTL_HTTP,
     * UTL_FILE, DBMS_*, user functions) is refused.
     */
    static final Set<String> FUNCTIONS = Set.of(
            "COUNT", "SUM", "MIN", "MAX", "AVG", "LISTAGG", "STRING_AGG",
            "COALESCE", "NVL", "NVL2", "NULLIF", "DECODE", "GREATEST", "LEAST",
            "UPPER", "LOWER", "INITCAP", "TRIM", "LTRIM", "RTRIM", "SUBSTR", "SUBSTRING", "LENGTH", "INSTR",
            "REPLACE", "CONCAT", "LPAD", "RPAD", "CHR", "ASCII", "TRANSLATE",
            "REGEXP_LIKE", "REGEXP_SUBSTR", "REGEXP_REPLACE", "REGEXP_INSTR", "REGEXP_COUNT",
            "ROUND", "TRUNC", "FLOOR", "CEIL", "ABS", "MOD", "SIGN", "POWER", "SQRT",
            "TO_CHAR", "TO_DATE", "TO_NUMBER", "TO_TIMESTAMP", "ADD_MONTHS", "MONTHS_BETWEEN", "LAST_DAY",
            "TO_DSINTERVAL", "TO_YMINTERVAL", "NUMTODSINTERVAL", "NUMTOYMINTERVAL",
            "ROW_NUMBER", "RANK", "DENSE_RANK", "LAG", "LEAD", "FIRST_VALUE", "LAST_VALUE");

    /** Words the SQL grammar writes before a parenthesis that are not function calls. */
    private static final Set<String> GRAMMAR = Set.of(
            "SELECT", "FROM", "WHERE", "AND", "OR", "NOT", "IN", "EXISTS", "AS", "ON", "JOIN", "USING", "OVER",
            "BY", "VALUES", "WHEN", "THEN", "ELSE", "CASE", "END", "ALL", "ANY", "SOME", "UNION", "INTERSECT",
            "EXCEPT", "MINUS", "WITHIN", "HAVING", "CAST", "EXTRACT", "FILTER", "DISTINCT", "IS", "LIKE",
            "BETWEEN", "WITH", "GROUP", "ORDER", "PARTITION", "ROWS", "RANGE", "INTERVAL",
            "DATE", "TIMESTAMP", "VARCHAR", "VARCHAR2", "CHAR", "NUMBER", "NUMERIC", "DECIMAL", "INTEGER",
            "INT", "BIGINT", "SMALLINT", "DOUBLE", "FLOAT");

    /** Unqualified names every database answers without a table. */
    private static final Set<String> PSEUDO_COLUMNS = Set.of(
            "SYSDATE", "SYSTIMESTAMP", "CURRENT_DATE", "CURRENT_TIMESTAMP", "LOCALTIMESTAMP", "ROWNUM", "LEVEL",
            "NULL", "TRUE", "FALSE");

    /** {@code name(}, but not Oracle's outer-join marker {@code column(+)}. */
    private static final Pattern CALL = Pattern.compile("([A-Za-z_][A-Za-z0-9_$#]*(?:\\s*\\.\\s*[A-Za-z_][A-Za-z0-9_$#]*)*)\\s*\\((?!\\s*\\+\\s*\\))");

    /**
     * Why reading what access_request does not list is a warning: the SIS installs such a query and refuses
     * it only when called (PowerSchool's PowerQueries page, "Security": a 403 for OAuth callers).
     */
    private static final String UNGRANTED = "; the SIS installs the query but answers 403 when it is called over"
            + " OAuth, and the host's query account cannot read it, so here it fails when run";

    /** Words the SQL parser reserves that Oracle does not, so queries use them as names. */
    private static final List<String> PARSER_WORDS = List.of("SEL");

    private final Problems problems;
    private final Map<String, Set<String>> readable;      // access_request: table -> fields
    private final Map<String, Set<String>> ownTables;     // extension table -> columns (fields + automatic)
    private final boolean checkReads;
    private final Set<String> dateFields = new HashSet<>(); // names of the extension tables' Date fields

    private static final Pattern EMPTY_TEXT = Pattern.compile("(=|<>|!=)\\s*''(?!')|(?<!')''\\s*(=|<>|!=)");
    private static final String NAME = "[A-Za-z_][A-Za-z0-9_$#]*";
    private static final Pattern DATE_BIND = Pattern.compile("(?:" + NAME + "\\.)?(" + NAME + ")\\s*(?:=|<>|!=|<=|>=|<|>)\\s*:"
            + NAME + "|:" + NAME + "\\s*(?:=|<>|!=|<=|>=|<|>)\\s*(?:" + NAME + "\\.)?(" + NAME + ")");

    /**
     * @param checkReads whether tables and fields are checked; false when plugin.xml or the extension files
     *                   are broken (their own errors say why; checking against half a list would only add noise)
     */
    PowerQuerySql(Problems problems, PluginDescriptor descriptor, List<ExtensionTable> extensionTables, boolean checkReads) {
        this.problems = problems;
        this.checkReads = checkReads;
        this.readable = new HashMap<>();
        if (descriptor != null) {
            for (AccessRequest request : descriptor.accessRequests()) {
                if (!AccessRequest.neverGranted(request.table(), request.field())) {
                    readable.computeIfAbsent(request.table(), t -> new HashSet<>()).add(request.field());
                }
            }
        }
        this.ownTables = new HashMap<>();
        for (ExtensionTable table : extensionTables) {
            Set<String> columns = new HashSet<>(table.automaticColumns());
            table.fields().forEach(field -> columns.add(field.name()));
            ownTables.put(table.tableName(), columns);
            table.fields().stream().filter(f -> f.type().equals("Date")).forEach(f -> dateFields.add(f.name()));
        }
    }

    void check(NamedQuery query) {
        if (query.sql().isEmpty() || query.sql().contains("~[") || query.sql().contains("~(")) {
            return; // reported by the reader
        }
        Located at = new Located(query);
        Statements statements;
        try {
            statements = parse(query.sql());
        } catch (JSQLParserException | RuntimeException e) {
            at.error(at.sqlLine(), "the SQL cannot be read as a single SELECT: " + firstLine(e));
            return;
        }
        if (statements.size() != 1) {
            at.error(at.lineOfSemicolon(), "the SQL holds " + statements.size() + " statements; a PowerQuery is exactly one SELECT");
            return;
        }
        Statement statement = statements.get(0);
        if (!(statement instanceof Select select)) {
            String kind = statement.getClass().getSimpleName().toUpperCase(Locale.ROOT);
            at.error(at.sqlLine(), "the SQL is " + kind + ", not a SELECT; a PowerQuery only reads");
            return;
        }
        checkCalls(at);
        checkPortable(query, at);
        checkOutermost(query, select, at);
        Walker walker = new Walker(at);
        try {
            walker.getTables((Statement) select);
        } catch (RuntimeException e) {
            at.error(at.sqlLine(), "the SQL cannot be checked: " + firstLine(e));
        }
        if (checkReads) {
            checkColumns(query, at);
        }
    }

    /** Every {@code name(} in the code (not in literals or comments) must be an allowed function. */
    private void checkCalls(Located at) {
        Matcher call = CALL.matcher(SqlText.of(at.query.sql()).code());
        Set<String> reported = new HashSet<>();
        while (call.find()) {
            String name = call.group(1).replaceAll("\\s+", "").toUpperCase(Locale.ROOT);
            if (sisFunction(name) && reported.add(name)) {
                problems.warn(at.query.file(), at.lineOf(name.substring(0, name.indexOf('.'))), at.query.name()
                        + ": calls " + name + "(), a function of PowerSchool's own database (legacy custom fields);"
                        + " the SIS runs it, this host does not have it, so here the query fails when run");
            } else if (!GRAMMAR.contains(name) && !FUNCTIONS.contains(name) && reported.add(name)) {
                at.error(at.lineOf(name.contains(".") ? name.substring(0, name.indexOf('.')) : name),
                        "calls " + name + "(), which PowerQueries may not use (functions that read files, open"
                                + " links or call out are refused; allowed: the common aggregate, text, number and"
                                + " date functions)");
            }
        }
    }

    /** The same answers on Oracle, H2 and PostgreSQL: no comparison with '', no date compared with a bare bind. */
    private void checkPortable(NamedQuery query, Located at) {
        Matcher empty = EMPTY_TEXT.matcher(query.sql());
        if (empty.find()) {
            problems.warn(query.file(), at.lineAt(empty.start()), query.name() + ": compares with ''; Oracle stores '' as"
                    + " NULL, so the comparison is never true there while H2 and PostgreSQL answer it: use IS NULL,"
                    + " IS NOT NULL or COALESCE");
        }
        Matcher bind = DATE_BIND.matcher(SqlText.of(query.sql()).code());
        while (bind.find()) {
            String column = (bind.group(1) != null ? bind.group(1) : bind.group(2)).toUpperCase(Locale.ROOT);
            if (dateFields.contains(column)) {
                problems.warn(query.file(), at.lineOf(column), query.name() + ": compares the Date field " + column
                        + " with a bind as it comes; convert the bind explicitly (CAST(:x AS TIMESTAMP)) so no"
                        + " database applies its own text-to-date rules");
                break;
            }
        }
    }

    /**
     * The outermost SELECT's list: as many values as {@code <columns>} declares, each computed value with an
     * alias ({@code AS NAME}), and no alias an Oracle reserved word.
     */
    private void checkOutermost(NamedQuery query, Select select, Located at) {
        Select body = select;
        while (body instanceof ParenthesedSelect parenthesed) {
            body = parenthesed.getSelect();
        }
        if (body instanceof SetOperationList list && !list.getSelects().isEmpty()) {
            body = list.getSelects().get(0);
        }
        if (!(body instanceof PlainSelect plain)) {
            return;
        }
        List<SelectItem<?>> items = plain.getSelectItems();
        boolean star = items.stream().anyMatch(i -> i.getExpression() instanceof AllColumns);
        if (!star && items.size() != query.columns().size()) {
            problems.warn(query.file(), query.line(), query.name() + ": the SELECT gives " + items.size()
                    + " values but <columns> declares " + query.columns().size() + "; declare one per value, in order");
        }
        for (SelectItem<?> item : items) {
            String alias = item.getAlias() == null ? null : item.getAlias().getName();
            if (alias != null && OracleWords.isReserved(upper(alias))) {
                problems.warn(query.file(), at.lineOf(alias), query.name() + ": the alias " + alias
                        + " is an Oracle reserved word; choose another");
            } else if (alias == null && !(item.getExpression() instanceof Column) && !star
                    && !(item.getExpression() instanceof AllTableColumns)) {
                problems.warn(query.file(), at.sqlLine(), query.name() + ": the computed value " + shortened(item.getExpression().toString())
                        + " has no alias; name it (AS NAME) so every value has a column name");
            }
        }
    }

    /** Each {@code <column column="TABLE.COLUMN">} should name a column the plugin may read. */
    private void checkColumns(NamedQuery query, Located at) {
        for (QueryColumn column : query.columns()) {
            String[] parts = column.column().toUpperCase(Locale.ROOT).split("\\.");
            if (parts.length == 2 && !knownColumn(parts[0], parts[1])) {
                problems.warn(query.file(), column.line(), query.name() + ": <column column=\"" + column.column()
                        + "\"> is not a column of the plugin's extension tables nor a field its access_request"
                        + " lists; name the real TABLE.COLUMN the value comes from (a computed value: a column of"
                        + " the same type it is computed from)");
            }
            if (OracleWords.isReserved(column.alias())) {
                problems.warn(query.file(), column.line(), query.name() + ": the alias '" + column.alias()
                        + "' is an Oracle reserved word; choose another");
            }
        }
    }

    private boolean knownColumn(String table, String column) {
        Set<String> own = ownTables.get(table);
        if (own != null) {
            return own.contains(column);
        }
        return readable.getOrDefault(table, Set.of()).contains(column);
    }

    private static String shortened(String text) {
        return text.length() <= 60 ? text : text.substring(0, 57) + "...";
    }

    /**
     * Parses the SQL. The parser reserves a few words Oracle lets a query use as names (SEL, which it reads
     * as a short SELECT); they are read as quoted upper-case names, which Oracle takes as the same name.
     */
    static Statements parse(String sql) throws JSQLParserException {
        String text = sql;
        for (String word : PARSER_WORDS) {
            text = Pattern.compile("(?i)(?<![A-Za-z0-9_$#\"'])" + word + "(?![A-Za-z0-9_$#\"'])").matcher(text)
                    .replaceAll(Matcher.quoteReplacement("\"" + word + "\""));
        }
        return CCJSqlParserUtil.parseStatements(text);
    }

    /** PowerSchool's PS_CUSTOMFIELDS package (GETCF, GETSTUDENTSCF, ...), which reads legacy custom fields. */
    private static boolean sisFunction(String name) {
        return name.startsWith("PS_CUSTOMFIELDS.");
    }

    private static String firstLine(Exception e) {
        String message = String.valueOf(e.getMessage());
        int newline = message.indexOf('\n');
        return (newline < 0 ? message : message.substring(0, newline)).trim();
    }

    /** Where a query's problems are reported. */
    private final class Located {
        private final NamedQuery query;
        private final Set<String> reported = new HashSet<>();

        Located(NamedQuery query) {
            this.query = query;
        }

        int sqlLine() {
            return query.sqlLine();
        }

        /** The line of the character at {@code index} of the SQL. */
        int lineAt(int index) {
            int line = query.sqlLine();
            for (int i = 0; i < index && i < query.sql().length(); i++) {
                if (query.sql().charAt(i) == '\n') {
                    line++;
                }
            }
            return line;
        }

        /** The line of the first semicolon outside quotes: where a second statement starts. */
        int lineOfSemicolon() {
            String sql = query.sql();
            int line = query.sqlLine();
            char quote = 0;
            for (int i = 0; i < sql.length(); i++) {
                char c = sql.charAt(i);
                if (c == '\n') {
                    line++;
                } else if (quote != 0) {
                    quote = c == quote ? 0 : quote;
                } else if (c == '\'' || c == '"') {
                    quote = c;
                } else if (c == ';') {
                    return line;
                }
            }
            return query.sqlLine();
        }

        /** The line of the first use of {@code word}, or else of {@code fallback}, in the SQL. */
        int lineOf(String word, String fallback) {
            int line = lineOf(word);
            return line == query.sqlLine() && !word.equals(fallback) ? lineOf(fallback) : line;
        }

        /** The line of the first use of {@code word} (case-insensitive, as a whole word) in the SQL. */
        int lineOf(String word) {
            Matcher m = Pattern.compile("(?i)(?<![A-Za-z0-9_$#])" + Pattern.quote(word) + "(?![A-Za-z0-9_$#])").matcher(query.sql());
            if (!m.find()) {
                return query.sqlLine();
            }
            int line = query.sqlLine();
            for (int i = 0; i < m.start(); i++) {
                if (query.sql().charAt(i) == '\n') {
                    line++;
                }
            }
            return line;
        }

        void error(int line, String message) {
            if (reported.add(message)) {
                problems.add(query.file(), line, query.name() + ": " + message);
            }
        }

        void warn(int line, String message) {
            if (reported.add(message)) {
                problems.warn(query.file(), line, query.name() + ": " + message);
            }
        }
    }

    /** What a name in a FROM clause stands for. */
    private record Source(String table, boolean derived) {
    }

    /** One SELECT's FROM clause: alias or table name -> source, plus the names its select list gives. */
    private static final class Scope {
        final Map<String, Source> sources = new LinkedHashMap<>();
        final Set<String> aliases = new HashSet<>();
    }

    /**
     * Walks every part of the statement (JSqlParser's own table finder visits selects, joins, subqueries
     * and expressions), checking each SELECT, table, column and function on the way.
     */
    private final class Walker extends TablesNamesFinder<Void> {

        private final Located at;
        private final Deque<Scope> scopes = new ArrayDeque<>();
        private final Set<String> withNames = new HashSet<>();

        Walker(Located at) {
            this.at = at;
        }

        @Override
        public <S> Void visit(WithItem<?> withItem, S context) {
            if (withItem.getSelect() == null) {
                at.error(at.lineOf("WITH"), "its WITH clause " + withItem.getAliasName() + " writes; a PowerQuery only reads");
                return null;
            }
            withNames.add(upper(withItem.getUnquotedAliasName()));
            return super.visit(withItem, context);
        }

        @Override
        public <S> Void visit(PlainSelect select, S context) {
            checkSelect(select);
            if (select.getIntoTables() != null || select.getIntoTempTable() != null) {
                at.error(at.lineOf("INTO"), "SELECT ... INTO writes; a PowerQuery only reads");
            }
            Scope scope = new Scope();
            addSource(scope, select.getFromItem());
            if (select.getJoins() != null) {
                for (Join join : select.getJoins()) {
                    addSource(scope, join.getRightItem());
                }
            }
            for (SelectItem<?> item : select.getSelectItems()) {
                if (item.getAlias() != null) {
                    scope.aliases.add(upper(item.getAlias().getName()));
                }
                checkStar(item, scope);
            }
            scopes.push(scope);
            try {
                return super.visit(select, context);
            } finally {
                scopes.pop();
            }
        }

        @Override
        public <S> Void visit(SetOperationList list, S context) {
            checkSelect(list);
            return super.visit(list, context);
        }

        @Override
        public <S> Void visit(ParenthesedSelect select, S context) {
            checkSelect(select);
            return super.visit(select, context);
        }

        @Override
        public <S> Void visit(Table table, S context) {
            String name = upper(table.getName());
            if (!checkReads) {
                return super.visit(table, context);
            }
            if (table.getSchemaName() != null || table.getDatabaseName() != null) {
                at.error(at.lineOf(table.getName()), "reads " + table.getFullyQualifiedName()
                        + "; name the table without a schema (only the plugin's own tables and access_request tables)");
            } else if (!withNames.contains(name) && !ownTables.containsKey(name) && !readable.containsKey(name)
                    && !name.equals("DUAL")) {
                if (AccessRequest.neverGranted(name, "")) {
                    at.error(at.lineOf(table.getName()), "reads the table " + name + ", which the SIS never grants"
                            + " to a plugin (the SIS's own tables)");
                } else {
                    at.warn(at.lineOf(table.getName()), "reads the table " + name + ", which is neither one of the"
                            + " plugin's extension tables nor listed in plugin.xml's access_request" + UNGRANTED);
                }
            }
            return super.visit(table, context);
        }

        @Override
        public <S> Void visit(TableFunction function, S context) {
            at.error(at.lineOf(function.getFunction().getName()), "reads from the function "
                    + function.getFunction().getName() + "(); a PowerQuery reads tables only");
            return null;
        }

        @Override
        public <S> Void visit(Function function, S context) {
            String name = upper(function.getName()).replaceAll("\\s+", "");
            if (!FUNCTIONS.contains(name) && !sisFunction(name)) {
                at.error(at.lineOf(name.contains(".") ? name.substring(0, name.indexOf('.')) : name),
                        "calls " + name + "(), which PowerQueries may not use");
            }
            return super.visit(function, context);
        }

        @Override
        public <S> Void visit(Column column, S context) {
            String name = upper(column.getColumnName());
            Table table = column.getTable();
            String qualifier = table == null || table.getName() == null ? null : upper(table.getName());
            if (!checkReads) {
                return super.visit(column, context);
            }
            if (table != null && (table.getSchemaName() != null || table.getDatabaseName() != null)) {
                at.error(at.lineOf(column.getColumnName()), "reads " + column.getFullyQualifiedName()
                        + "; use the table's alias, not a schema");
            } else if (qualifier == null) {
                resolveUnqualified(column, name);
            } else {
                resolveQualified(column, qualifier, name);
            }
            return super.visit(column, context);
        }

        private void resolveQualified(Column column, String qualifier, String name) {
            for (Scope scope : scopes) {
                Source source = scope.sources.get(qualifier);
                if (source != null) {
                    if (!source.derived() && !mayRead(source.table(), name)) {
                        refuseColumn(column, source.table(), name);
                    }
                    return;
                }
            }
            at.error(at.lineOf(qualifier), "reads " + qualifier + "." + name + ", but " + qualifier
                    + " is not a table of the query (sequences and other objects cannot be read)");
        }

        private void resolveUnqualified(Column column, String name) {
            if (PSEUDO_COLUMNS.contains(name)) {
                return;
            }
            for (Scope scope : scopes) {
                if (scope.aliases.contains(name)) {
                    return;
                }
                for (Source source : scope.sources.values()) {
                    if (source.derived() || mayRead(source.table(), name)) {
                        return;
                    }
                }
            }
            Source only = scopes.isEmpty() || scopes.peek().sources.size() != 1 ? null
                    : scopes.peek().sources.values().iterator().next();
            if (only != null && (ownTables.containsKey(only.table()) || readable.containsKey(only.table()))) {
                refuseColumn(column, only.table(), name);
            } else {
                String message = "reads " + name + ", which is not a field of the tables the query may read (its"
                        + " extension tables and plugin.xml's access_request)";
                if (AccessRequest.neverGranted("", name)) {
                    at.error(at.lineOf(column.getColumnName()), message);
                } else {
                    at.warn(at.lineOf(column.getColumnName()), message + UNGRANTED);
                }
            }
        }

        private void refuseColumn(Column column, String table, String name) {
            int line = at.lineOf(column.getFullyQualifiedName(), column.getColumnName());
            if (ownTables.containsKey(table)) {
                at.error(line, "reads " + table + "." + name + ", which the plugin's"
                        + " extension table does not have");
            } else if (AccessRequest.neverGranted(table, name)) {
                at.error(line, "reads " + table + "." + name + ", which the SIS never grants to a plugin (credentials)");
            } else if (readable.containsKey(table)) {
                at.warn(line, "reads " + table + "." + name + ", which plugin.xml's"
                        + " access_request does not list; add <field table=\"" + table + "\" field=\"" + name
                        + "\" access=\"ViewOnly\"/> if the plugin needs it" + UNGRANTED);
            }
        }

        private boolean mayRead(String table, String column) {
            Set<String> own = ownTables.get(table);
            if (own != null) {
                return own.contains(column);
            }
            return readable.getOrDefault(table, Set.of()).contains(column);
        }

        private void checkStar(SelectItem<?> item, Scope scope) {
            if (item.getExpression() instanceof AllTableColumns star) {
                Source source = scope.sources.get(upper(star.getTable().getName()));
                if (source != null && !source.derived() && !ownTables.containsKey(source.table())) {
                    at.warn(at.lineOf("*"), "selects every column of " + source.table() + "; name the fields"
                            + " access_request lists" + UNGRANTED);
                }
            } else if (item.getExpression() instanceof AllColumns) {
                for (Source source : scope.sources.values()) {
                    if (!source.derived() && !ownTables.containsKey(source.table())) {
                        at.warn(at.lineOf("*"), "selects every column of " + source.table() + "; name the"
                                + " fields access_request lists" + UNGRANTED);
                    }
                }
            }
        }

        private void checkSelect(Select select) {
            if (select.getForMode() != null || select.getForUpdateTable() != null) {
                at.error(at.lineOf("FOR"), "SELECT ... FOR UPDATE locks rows; a PowerQuery only reads");
            }
        }

        private void addSource(Scope scope, FromItem item) {
            if (item == null) {
                return;
            }
            String alias = item.getAlias() == null ? null : upper(item.getAlias().getName());
            if (item instanceof Table table) {
                String name = upper(table.getName());
                Source source = new Source(name, withNames.contains(name));
                scope.sources.put(alias != null ? alias : name, source);
            } else if (item instanceof ParenthesedFromItem parenthesed) {
                addSource(scope, parenthesed.getFromItem());
                if (parenthesed.getJoins() != null) {
                    parenthesed.getJoins().forEach(join -> addSource(scope, join.getRightItem()));
                }
            } else if (item instanceof ParenthesedSelect || item instanceof LateralSubSelect) {
                scope.sources.put(alias != null ? alias : "#derived" + scope.sources.size(), new Source(null, true));
            } else {
                // TableFunction and anything else are refused by their own visit; keep the names resolvable.
                scope.sources.put(alias != null ? alias : "#other" + scope.sources.size(), new Source(null, true));
            }
        }
    }

    private static String upper(String name) {
        if (name == null) {
            return "";
        }
        String unquoted = name.startsWith("\"") && name.endsWith("\"") && name.length() > 1
                ? name.substring(1, name.length() - 1) : name;
        return unquoted.toUpperCase(Locale.ROOT);
    }
}
