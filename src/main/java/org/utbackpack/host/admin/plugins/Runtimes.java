package org.utbackpack.host.admin.plugins;

import com.zaxxer.hikari.HikariDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.utbackpack.host.plugin.PluginPackage;
import org.utbackpack.host.runtime.PluginRuntime;

import javax.sql.DataSource;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Makes a package's runtime: its extension tables created or migrated additively on the host's database,
 * its PowerQueries read and its jars in a class loader of their own under the host's.
 */
final class Runtimes {

    private static final Logger LOG = LoggerFactory.getLogger(Runtimes.class);

    private final DataSource dataSource;
    private final ClassLoader parent;

    /** @param parent the class loader plugin code is loaded under */
    Runtimes(DataSource dataSource, ClassLoader parent) {
        this.dataSource = dataSource;
        this.parent = parent;
    }

    /** At host start, before anything has used the pool. */
    PluginRuntime atStart(PluginPackage pkg, List<Path> classes) {
        return PluginRuntime.install(pkg, dataSource, classes, parent);
    }

    /**
     * While the host serves: after the tables changed (or failed half-way), the pool renews its connections,
     * because pooled ones may hold statements prepared against the old columns (PostgreSQL then fails once
     * with "cached plan must not change result type").
     */
    PluginRuntime whileRunning(PluginPackage pkg, List<Path> classes) {
        try {
            return PluginRuntime.install(pkg, dataSource, classes, parent);
        } finally {
            renewConnections();
        }
    }

    private void renewConnections() {
        if (dataSource instanceof HikariDataSource pool && pool.getHikariPoolMXBean() != null) {
            pool.getHikariPoolMXBean().softEvictConnections();
        }
    }

    static void closeQuietly(PluginRuntime runtime) {
        if (runtime == null) {
            return;
        }
        try {
            runtime.close();
        } catch (IOException e) {
            LOG.warn("Closing plugin {}: {}", runtime.name(), e.toString());
        }
    }
}
