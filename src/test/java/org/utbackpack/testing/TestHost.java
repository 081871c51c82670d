package org.utbackpack.testing;

import org.utbackpack.host.Host;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Starts the real host with the plugin from this source tree, on a fresh database, in demo mode. */
public final class TestHost {

    private TestHost() {
    }

    public static Path projectRoot() {
        return Path.of(System.getProperty("utbackpack.projectRoot", System.getProperty("user.dir")));
    }

    public static Host start(Databases.Kind kind) throws Exception {
        return start(kind, Map.of());
    }

    public static Host start(Databases.Kind kind, Map<String, String> pluginSettings) throws Exception {
        Path root = projectRoot();
        Path data = Files.createTempDirectory("utbackpack-test");
        Map<String, String> settings = new java.util.HashMap<>(Map.of("utbackpack.forwarder.pollMs", "200"));
        settings.putAll(pluginSettings);
        return Host.start(new Host.Settings("127.0.0.1", 0, data, Databases.newUrl(kind), true,
                Host.PluginSource.sourceTree(root, root.resolve("target/classes")), settings));
    }
}
