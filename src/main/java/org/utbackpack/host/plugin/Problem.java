package org.utbackpack.host.plugin;

/**
 * One thing wrong with a plugin package, located like a compiler message so an administrator can
 * open the file and go to the line.
 *
 * @param file    path inside the package, with forward slashes (e.g. {@code queries_root/x.named_queries.xml})
 * @param line    1-based line number, or 0 when the problem concerns the whole file
 * @param message what is wrong and, where it helps, how to fix it
 */
public record Problem(String file, int line, String message) {

    @Override
    public String toString() {
        return file + ":" + line + ": " + message;
    }
}
