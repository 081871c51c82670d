package org.utbackpack.host.plugin;

/**
 * One thing wrong with a plugin package, located like a compiler message so an administrator can
 * open the file and go to the line.
 *
 * <p>An error is something the SIS refuses at install (the package is not installed); a warning is one of
 * this project's conventions the package does not follow (the SIS installs it, {@code validate --strict}
 * refuses it).
 *
 * @param file    path inside the package, with forward slashes (e.g. {@code queries_root/x.named_queries.xml})
 * @param line    1-based line number, or 0 when the problem concerns the whole file
 * @param message what is wrong and, where it helps, how to fix it
 * @param warning true for a convention the SIS does not enforce, false for an error
 */
public record Problem(String file, int line, String message, boolean warning) {

    /** An error: something the SIS refuses at install. */
    public Problem(String file, int line, String message) {
        this(file, line, message, false);
    }

    @Override
    public String toString() {
        return file + ":" + line + ": " + (warning ? "warning: " : "") + message;
    }
}
