package org.utbackpack.bench;

import java.nio.file.Path;

/** Where the source tree and its compiled plugin classes are (bench/run passes both). */
final class BenchPaths {

    private BenchPaths() {
    }

    static Path projectRoot() {
        return Path.of(System.getProperty("utbackpack.projectRoot", System.getProperty("user.dir")))
                .toAbsolutePath().normalize();
    }

    /** The plugin's classes as the bench build compiled them (never the shared target/classes). */
    static Path pluginClasses() {
        String given = System.getProperty("utbackpack.pluginClasses");
        Path p = given != null ? Path.of(given) : projectRoot().resolve("target/bench-build/classes");
        return p.isAbsolute() ? p : projectRoot().resolve(p);
    }

    /** target/bench: results, databases, host logs. */
    static Path output() {
        return projectRoot().resolve("target/bench");
    }
}
