package org.utbackpack.testing;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Real databases for tests: a fresh embedded H2 (Oracle mode) or a fresh database on one embedded
 * PostgreSQL server shared by the whole test JVM. Each call returns an empty database.
 */
public final class Databases {

    /** The kinds the integration tests run against; use with {@code @MethodSource}. */
    public enum Kind { H2, POSTGRES }

    private static EmbeddedPostgres postgres;

    private Databases() {
    }

    public static Stream<Kind> kinds() {
        return Stream.of(Kind.H2, Kind.POSTGRES);
    }

    /** JDBC URL of a new, empty database of this kind. */
    public static String newUrl(Kind kind) {
        return switch (kind) {
            case H2 -> "jdbc:h2:mem:t" + UUID.randomUUID().toString().replace("-", "")
                    + ";MODE=Oracle;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1";
            case POSTGRES -> newPostgresDatabase();
        };
    }

    /** A pooled DataSource over a new, empty database of this kind. Close it when done. */
    public static HikariDataSource newDataSource(Kind kind) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(newUrl(kind));
        if (kind == Kind.POSTGRES) {
            config.setUsername("postgres");
            config.setPassword("postgres");
        }
        config.setMaximumPoolSize(8);
        return new HikariDataSource(config);
    }

    private static synchronized String newPostgresDatabase() {
        try {
            if (postgres == null) {
                postgres = EmbeddedPostgres.builder().start();
                Runtime.getRuntime().addShutdownHook(new Thread(Databases::stopPostgres));
            }
            String name = "t" + UUID.randomUUID().toString().replace("-", "");
            try (Connection c = postgres.getPostgresDatabase().getConnection();
                 Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE " + name);
            }
            return postgres.getJdbcUrl("postgres", name);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start embedded PostgreSQL", e);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create a PostgreSQL test database", e);
        }
    }

    private static void stopPostgres() {
        try {
            postgres.close();
        } catch (IOException ignored) {
            // the JVM is exiting; the server's directory is temporary
        }
    }
}
