package org.utbackpack.host.plugin;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A PowerQuery's SQL split into what the database reads as code and what it reads as literals or
 * comments, so bind names and keywords are found only in code. {@code ::} (PostgreSQL casts) is not a
 * bind; {@code :name} inside {@code 'quoted text'}, {@code "identifiers"} or comments is not either.
 */
final class SqlText {

    private final Set<String> binds = new LinkedHashSet<>();
    private final StringBuilder code = new StringBuilder();

    private SqlText() {
    }

    static SqlText of(String sql) {
        SqlText text = new SqlText();
        text.scan(sql);
        return text;
    }

    /** Bind names ({@code :name} without the colon) in order of first use. */
    Set<String> binds() {
        return Collections.unmodifiableSet(binds);
    }

    /** The SQL with literals and comments replaced by spaces. */
    String code() {
        return code.toString();
    }

    private void scan(String sql) {
        int i = 0;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (c == '\'' || c == '"') {
                i = skipQuoted(sql, i, c);
            } else if (sql.startsWith("--", i)) {
                i = skipTo(sql, sql.indexOf('\n', i));
            } else if (sql.startsWith("/*", i)) {
                int end = sql.indexOf("*/", i + 2);
                i = skipTo(sql, end < 0 ? -1 : end + 2);
            } else if (sql.startsWith("::", i)) {
                code.append("::");
                i += 2;
            } else if (c == ':' && i + 1 < sql.length() && isNameStart(sql.charAt(i + 1))) {
                i = readBind(sql, i);
            } else {
                code.append(c);
                i++;
            }
        }
    }

    /** Skips a quoted run; a doubled quote ('' or "") stays inside it. Returns the index after it. */
    private int skipQuoted(String sql, int start, char quote) {
        int i = start + 1;
        while (i < sql.length()) {
            if (sql.charAt(i) == quote) {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                code.append(' ');
                return i + 1;
            }
            i++;
        }
        code.append(' ');
        return sql.length();
    }

    private int skipTo(String sql, int end) {
        code.append(' ');
        return end < 0 ? sql.length() : end;
    }

    private int readBind(String sql, int colon) {
        int end = colon + 1;
        while (end < sql.length() && isNamePart(sql.charAt(end))) {
            end++;
        }
        binds.add(sql.substring(colon + 1, end));
        code.append(sql, colon, end);
        return end;
    }

    private static boolean isNameStart(char c) {
        return Character.isLetter(c) || c == '_';
    }

    private static boolean isNamePart(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }
}
