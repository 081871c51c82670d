package org.utbackpack.host.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import liquibase.resource.ClassLoaderResourceAccessor;

import java.nio.file.Path;
import java.sql.Connection;

/** The SIS database: a HikariCP pool, with the host's core tables brought up to date by Liquibase. */
public final class HostDatabase {

    private static final String CORE_CHANGELOG = "org/utbackpack/host/db/core-changelog.xml";

    private HostDatabase() {
    }

    /**
     * The default database: embedded H2 in Oracle mode, in a file under the data directory. H2's own defaults
     * suit a small database; at district scale (docs/PERFORMANCE.md) a page's dozen PowerQueries overflowed
     * its 8 parsed statements per connection, so every query was parsed again, and its 16 MB page cache held
     * too little of a million Backpack records, so pages were read and decoded from the file again and again.
     */
    public static String defaultUrl(Path dataDir) {
        return "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("utbackpack")
                + ";MODE=Oracle;DEFAULT_NULL_ORDERING=HIGH;QUERY_CACHE_SIZE=64;CACHE_SIZE=131072";
    }

    /**
     * Opens a pool on the URL. User and password come from the URL itself or from
     * UTBACKPACK_DB_USER / UTBACKPACK_DB_PASSWORD, never from the command line, so they stay out of
     * process listings and logs.
     */
    public static HikariDataSource open(String jdbcUrl, String user, String password, int poolSize) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        if (user != null) {
            config.setUsername(user);
        }
        if (password != null) {
            config.setPassword(password);
        }
        config.setMaximumPoolSize(poolSize);
        config.setPoolName("sis");
        config.setConnectionTimeout(10_000);
        return new HikariDataSource(config);
    }

    /** Creates or upgrades the host's core tables. */
    public static void migrateCore(javax.sql.DataSource dataSource) {
        try (Connection c = dataSource.getConnection()) {
            LiquibaseRunner.update(c, new ClassLoaderResourceAccessor(HostDatabase.class.getClassLoader()), CORE_CHANGELOG);
        } catch (Exception e) {
            throw new IllegalStateException("Could not create the SIS core tables: " + e.getMessage(), e);
        }
    }
}
