package org.utbackpack.host.plugin;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects problems while a package is read, so one pass reports everything wrong, not just the first.
 * Errors are what the SIS refuses at install; warnings are this project's conventions.
 */
final class Problems {

    private final List<Problem> list = new ArrayList<>();
    private final List<Problem> warnings = new ArrayList<>();

    /** An error: the SIS refuses the package. */
    void add(String file, int line, String message) {
        list.add(new Problem(file, line, message));
    }

    /** A convention the package does not follow; the SIS installs it anyway. */
    void warn(String file, int line, String message) {
        warnings.add(new Problem(file, line, message, true));
    }

    boolean isEmpty() {
        return list.isEmpty();
    }

    /** The errors. */
    List<Problem> toList() {
        return List.copyOf(list);
    }

    List<Problem> warnings() {
        return List.copyOf(warnings);
    }
}
