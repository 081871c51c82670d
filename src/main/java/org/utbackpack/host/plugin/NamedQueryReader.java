package org.utbackpack.host.plugin;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads and checks {@code queries_root/*.named_queries.xml} (PowerQueries). */
final class NamedQueryReader {

    static final String FOLDER = "queries_root";
    static final String SUFFIX = ".named_queries.xml";

    // The SIS takes letters, digits and underscore in each part (real packages use digit-led parts, e.g.
    // com.example.sync.01other); lower-case snake_case starting with a letter is this project's style.
    private static final Pattern NAME_PART = Pattern.compile("[A-Za-z0-9_]+");
    private static final Pattern SNAKE_CASE = Pattern.compile("[a-z][a-z0-9_]*");
    static final int MAX_SUMMARY = 50;
    private static final Pattern TABLE_COLUMN = Pattern.compile("[A-Za-z0-9_]+\\.[A-Za-z0-9_]+");
    /** PowerSchool's selection tag; its keywords are lower case only, as PowerSchool requires. */
    private static final Pattern SELECTION = Pattern.compile("<@restricted_table(?=[^>]*\\stable\\s*=\\s*\"(?i:students|schoolstaff)\")"
            + "(?:\\s+(?:table|selector)\\s*=\\s*\"[A-Za-z0-9_]+\")+\\s*/>");
    private static final Pattern ORDER_BY = Pattern.compile("(?is).*\\border\\s+by\\b.*");
    private static final Set<String> ARG_TYPES = Set.of("primitive", "array");

    private final SecureXml xml;
    private final Problems problems;
    // query name -> "file:line" of its first declaration, for the global uniqueness rule
    private final Map<String, String> declaredAt = new HashMap<>();

    NamedQueryReader(SecureXml xml, Problems problems) {
        this.xml = xml;
        this.problems = problems;
    }

    List<NamedQuery> read(Path root) {
        List<NamedQuery> queries = new ArrayList<>();
        for (Path path : PackageFiles.list(root.resolve(FOLDER), name -> name.toLowerCase(Locale.ROOT).endsWith(".xml"))) {
            String file = PackageFiles.relative(root, path);
            if (!path.getFileName().toString().endsWith(SUFFIX)) {
                // The SIS silently ignores such a file, which is never what its author meant.
                problems.warn(file, 0, "query files must be named <unique>" + SUFFIX + "; the SIS would ignore this one");
                continue;
            }
            queries.addAll(readFile(path, file));
        }
        return List.copyOf(queries);
    }

    private List<NamedQuery> readFile(Path path, String file) {
        XmlElement root = xml.parse(path, file, problems);
        if (root == null) {
            return List.of();
        }
        if (!root.name().equals("queries")) {
            problems.add(file, root.line(), "root element must be <queries>, found <" + root.name() + ">");
            return List.of();
        }
        List<NamedQuery> queries = new ArrayList<>();
        for (XmlElement element : root.children("query")) {
            NamedQuery query = readQuery(file, element);
            if (query != null) {
                queries.add(query);
            }
        }
        return queries;
    }

    private NamedQuery readQuery(String file, XmlElement element) {
        String name = element.attr("name");
        if (name == null) {
            problems.add(file, element.line(), "<query> needs a name");
            return null;
        }
        checkName(file, element.line(), name);
        List<QueryArg> args = args(file, element, name);
        List<QueryColumn> columns = columns(file, element, name);
        checkSummary(file, element, name);
        XmlElement sqlElement = element.child("sql");
        String sql = sqlElement == null ? "" : withoutSelections(sqlElement.text());
        int sqlLine = sqlElement == null ? element.line() : sqlElement.line() + leadingNewlines(sqlElement.rawText());
        if (sql.isEmpty()) {
            problems.add(file, sqlElement == null ? element.line() : sqlElement.line(), name + ": <sql> is missing or empty");
        } else {
            checkSql(file, sqlLine, name, sql, args);
        }
        return new NamedQuery(file, name, Names.upper(element.attr("coreTable")), args, columns, sql, element.line(), sqlLine);
    }

    /**
     * The SQL as the SIS runs it when the caller asks for no student or staff selection: each
     * {@code <@restricted_table table="students|schoolstaff" selector="name"/>} becomes {@code 1=1}
     * (PowerSchool's PowerQueries page, "Student/Staff selection"). The host has no selections, so that is
     * what it always runs; the tag's line breaks are kept so lines still point into the file.
     */
    static String withoutSelections(String sql) {
        Matcher tag = SELECTION.matcher(sql);
        StringBuilder out = new StringBuilder();
        while (tag.find()) {
            String newlines = tag.group().replaceAll("[^\\n]", "");
            tag.appendReplacement(out, Matcher.quoteReplacement("1=1" + newlines));
        }
        tag.appendTail(out);
        return out.toString();
    }

    /** The line of the first character that is not white space, counted from the element's line. */
    private static int leadingNewlines(String raw) {
        int newlines = 0;
        for (int i = 0; i < raw.length() && Character.isWhitespace(raw.charAt(i)); i++) {
            if (raw.charAt(i) == '\n') {
                newlines++;
            }
        }
        return newlines;
    }

    private void checkSummary(String file, XmlElement query, String name) {
        XmlElement summary = query.child("summary");
        if (summary != null && summary.text().length() > MAX_SUMMARY) {
            problems.warn(file, summary.line(), name + ": <summary> is " + summary.text().length()
                    + " characters; the SIS documents at most " + MAX_SUMMARY);
        }
    }

    private void checkName(String file, int line, String name) {
        String[] parts = name.split("\\.", -1);
        if (parts.length < 5) {
            problems.add(file, line, "query name '" + name + "' needs at least 5 dot-separated parts, e.g. com.org.product.area.name");
        }
        for (String part : parts) {
            if (!NAME_PART.matcher(part).matches()) {
                problems.add(file, line, "query name '" + name + "': part '" + part
                        + "' must be letters, digits and underscore");
                break;
            }
            if (!SNAKE_CASE.matcher(part).matches()) {
                problems.warn(file, line, "query name '" + name + "': part '" + part
                        + "' is not lower-case snake_case starting with a letter (a-z, 0-9, _)");
                break;
            }
        }
        if (name.startsWith("com.powerschool")) {
            problems.add(file, line, "query name '" + name + "' must not start with com.powerschool (reserved for PowerSchool)");
        }
        if (name.length() > 200) {
            problems.add(file, line, "query name is " + name.length() + " characters; at most 200 allowed");
        }
        String first = declaredAt.putIfAbsent(name, file + ":" + line);
        if (first != null) {
            problems.add(file, line, "query name '" + name + "' is already declared at " + first);
        }
    }

    private List<QueryArg> args(String file, XmlElement query, String queryName) {
        XmlElement argsElement = query.child("args");
        if (argsElement == null) {
            return List.of();
        }
        List<QueryArg> args = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (XmlElement arg : argsElement.children("arg")) {
            String name = arg.attr("name");
            if (name == null) {
                problems.add(file, arg.line(), queryName + ": <arg> needs a name");
                continue;
            }
            if (!seen.add(name)) {
                problems.add(file, arg.line(), queryName + ": arg '" + name + "' is declared twice");
                continue;
            }
            String type = arg.attr("type") == null ? "primitive" : arg.attr("type");
            if (!ARG_TYPES.contains(type)) {
                problems.add(file, arg.line(), queryName + ": arg '" + name + "' has type '" + type + "'; use primitive or array");
            }
            boolean required = "true".equalsIgnoreCase(arg.attr("required"));
            args.add(new QueryArg(name, arg.attr("column"), required, type, arg.rawAttr("default")));
        }
        return args;
    }

    private List<QueryColumn> columns(String file, XmlElement query, String queryName) {
        XmlElement columnsElement = query.child("columns");
        List<XmlElement> declared = columnsElement == null ? List.of() : columnsElement.children("column");
        if (declared.isEmpty()) {
            problems.add(file, columnsElement == null ? query.line() : columnsElement.line(),
                    queryName + ": <columns> with at least one <column column=\"TABLE.COL\">alias</column> is required");
            return List.of();
        }
        List<QueryColumn> columns = new ArrayList<>();
        for (XmlElement column : declared) {
            String target = column.attr("column");
            if (target == null || !TABLE_COLUMN.matcher(target).matches()) {
                problems.add(file, column.line(), queryName + ": <column> needs column=\"TABLE.COLUMN\", found '" + target + "'");
                continue;
            }
            String alias = column.text().isEmpty() ? target : column.text();
            columns.add(new QueryColumn(target, alias, column.line()));
        }
        return columns;
    }

    private void checkSql(String file, int line, String queryName, String sql, List<QueryArg> args) {
        if (sql.contains("~[") || sql.contains("~(")) {
            problems.add(file, line, queryName + ": SQL must not contain page tags (~[...] or ~(...)); pass values as :args");
            // Binds inside the tags (~[x:userid]) would only add noise to the real problem.
            return;
        }
        SqlText text = SqlText.of(sql);
        Set<String> declared = new HashSet<>();
        args.forEach(arg -> declared.add(arg.name()));
        for (String bind : text.binds()) {
            if (!declared.contains(bind)) {
                problems.add(file, line, queryName + ": SQL uses :" + bind + ", which is not declared in <args>");
            }
        }
        for (QueryArg arg : args) {
            if (!text.binds().contains(arg.name())) {
                problems.warn(file, line, queryName + ": arg '" + arg.name() + "' is declared but the SQL never uses :" + arg.name());
            }
        }
        if (!ORDER_BY.matcher(text.code()).matches()) {
            problems.warn(file, line, queryName + ": SQL has no ORDER BY; PowerQueries are paged, and pages need a stable order");
        }
    }
}
