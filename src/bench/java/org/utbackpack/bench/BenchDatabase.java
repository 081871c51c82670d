package org.utbackpack.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.utbackpack.host.db.HostDatabase;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * The database a benchmark run works on: embedded H2 (Oracle mode, in a file, as the host's default) or a
 * database on an embedded PostgreSQL server that this JVM starts. The JDBC URL carries the user, so the
 * host processes started by the benchmark need nothing else to connect.
 */
final class BenchDatabase implements AutoCloseable {

    enum Kind {
        H2("h2"), POSTGRES("pg");

        final String prefix;

        Kind(String prefix) {
            this.prefix = prefix;
        }

        static Kind of(String name) {
            for (Kind k : values()) {
                if (k.prefix.equalsIgnoreCase(name) || k.name().equalsIgnoreCase(name)) {
                    return k;
                }
            }
            throw new IllegalArgumentException("Unknown database kind '" + name + "' (h2 or pg)");
        }
    }

    final Kind kind;
    final String url;
    private final EmbeddedPostgres postgres;

    private BenchDatabase(Kind kind, String url, EmbeddedPostgres postgres) {
        this.kind = kind;
        this.url = url;
        this.postgres = postgres;
    }

    /**
     * Opens (creating when absent) the district database of this kind under {@code dir}. PostgreSQL's data
     * folder is kept there too, so a run with {@code --reuse} finds the data set again.
     */
    static BenchDatabase open(Kind kind, Path dir) throws IOException, SQLException {
        Files.createDirectories(dir);
        if (kind == Kind.H2) {
            // the host's own default database (--data DIR without --db), with its settings
            return new BenchDatabase(kind, HostDatabase.defaultUrl(dir), null);
        }
        Path data = dir.resolve("pgdata");
        boolean fresh = !Files.isDirectory(data);
        EmbeddedPostgres pg = EmbeddedPostgres.builder()
                .setDataDirectory(data)
                .setCleanDataDirectory(false)
                .setPGStartupWait(Duration.ofSeconds(60))
                .start();
        if (fresh || !exists(pg)) {
            try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE district");
            }
        }
        return new BenchDatabase(kind, pg.getJdbcUrl("postgres", "district") + "&password=postgres", pg);
    }

    private static boolean exists(EmbeddedPostgres pg) throws SQLException {
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = 'district'")) {
            return rs.next();
        }
    }

    /** A pool on the district database for the benchmark's own reads and writes. */
    HikariDataSource pool(int size) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setMaximumPoolSize(size);
        config.setPoolName("bench-" + kind.prefix);
        return new HikariDataSource(config);
    }

    /** A pool for bulk loading: PostgreSQL's driver then sends each batch as multi-row INSERTs. */
    HikariDataSource loadingPool() {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(kind == Kind.POSTGRES ? url + "&reWriteBatchedInserts=true" : url);
        config.setMaximumPoolSize(2);
        config.setPoolName("bench-load-" + kind.prefix);
        return new HikariDataSource(config);
    }

    @Override
    public void close() throws IOException {
        if (postgres != null) {
            postgres.close();
        }
    }
}
