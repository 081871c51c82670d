package org.utbackpack.host.plugin;

import java.util.Locale;
import java.util.regex.Pattern;

/** Naming rules shared by the package reader and the schema migrator. */
final class Names {

    /** Oracle's classic identifier limit, which PowerSchool extension names keep to. */
    static final int MAX_IDENTIFIER = 30;

    // Letters, digits and underscore, starting with a letter: safe unquoted on Oracle, H2 and PostgreSQL.
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");

    private Names() {
    }

    static boolean isIdentifier(String name) {
        return name != null && IDENTIFIER.matcher(name).matches();
    }

    /** Null-safe upper-casing in a locale-independent way (Turkish dotless i must not sneak in). */
    static String upper(String name) {
        return name == null ? null : name.toUpperCase(Locale.ROOT);
    }

    /** Why {@code name} is not a usable table/column/index name, or null when it is. */
    static String identifierProblem(String what, String name) {
        if (!isIdentifier(name)) {
            return what + " '" + name + "' must use letters, digits and underscore and start with a letter";
        }
        if (name.length() > MAX_IDENTIFIER) {
            return what + " '" + name + "' is " + name.length() + " characters; at most " + MAX_IDENTIFIER + " allowed";
        }
        return null;
    }
}
