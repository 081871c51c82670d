package org.utbackpack.testing;

import java.nio.file.Path;

/** Where the source tree is, for tests that load the plugin from it. */
public final class TestPaths {
    private TestPaths() {
    }

    public static Path projectRoot() {
        return Path.of(System.getProperty("utbackpack.projectRoot", System.getProperty("user.dir")));
    }
}
