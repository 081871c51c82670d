package org.utbackpack.plugin.db;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The plugin's only way to the database: connections are opened and closed by these callbacks, so no
 * caller can leak one, and every failure surfaces as {@link DataAccessException} naming the statement.
 * SQL passed here is the same on H2 (Oracle mode), PostgreSQL and Oracle.
 */
public final class Jdbc {

    /** Work done with one connection. */
    @FunctionalInterface
    public interface Work<T> {
        T apply(Connection connection) throws SQLException;
    }

    /** Maps the current row of a result set. */
    @FunctionalInterface
    public interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private final DataSource dataSource;

    public Jdbc(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Runs work on one connection in auto-commit mode. */
    public <T> T withConnection(Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            return work.apply(c);
        } catch (SQLException e) {
            throw new DataAccessException(e.getMessage(), e);
        }
    }

    /** Runs work in one transaction: committed when it returns, rolled back when it throws. */
    public <T> T inTransaction(Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                T result = work.apply(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                quietlyRollback(c, e);
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new DataAccessException(e.getMessage(), e);
        }
    }

    public <T> List<T> query(String sql, RowMapper<T> mapper, Object... args) {
        return withConnection(c -> query(c, sql, mapper, args));
    }

    public <T> Optional<T> queryFirst(String sql, RowMapper<T> mapper, Object... args) {
        List<T> rows = query(sql, mapper, args);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    public int update(String sql, Object... args) {
        return withConnection(c -> update(c, sql, args));
    }

    public static <T> List<T> query(Connection c, String sql, RowMapper<T> mapper, Object... args)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                List<T> rows = new ArrayList<>();
                while (rs.next()) {
                    rows.add(mapper.map(rs));
                }
                return rows;
            }
        } catch (SQLException e) {
            throw new SQLException(e.getMessage() + " [" + sql + "]", e.getSQLState(), e.getErrorCode(), e);
        }
    }

    public static int update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new SQLException(e.getMessage() + " [" + sql + "]", e.getSQLState(), e.getErrorCode(), e);
        }
    }

    /** Inserts one row and returns the ID the database generated for it. */
    public static long insert(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql, new String[] {idColumn(c)})) {
            bind(ps, args);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                if (!keys.next()) {
                    throw new SQLException("The database returned no generated ID [" + sql + "]");
                }
                return keys.getLong(1);
            }
        }
    }

    /**
     * The generated-key column named as this database stores unquoted identifiers: PostgreSQL folds
     * them to lower case and its driver quotes the name it is given; Oracle and H2 keep upper case.
     */
    private static String idColumn(Connection c) throws SQLException {
        DatabaseMetaData meta = c.getMetaData();
        return meta.storesLowerCaseIdentifiers() ? "id" : "ID";
    }

    public static void bind(PreparedStatement ps, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            Object arg = args[i];
            int index = i + 1;
            if (arg == null) {
                ps.setNull(index, Types.NULL);
            } else if (arg instanceof Instant instant) {
                ps.setTimestamp(index, Timestamp.from(instant));
            } else if (arg instanceof Boolean bool) {
                ps.setBoolean(index, bool);
            } else if (arg instanceof Null typed) {
                ps.setNull(index, typed.sqlType());
            } else {
                ps.setObject(index, arg);
            }
        }
    }

    /** A typed null, for drivers (PostgreSQL, Oracle) that want to know what a null parameter is. */
    public record Null(int sqlType) {
        public static final Null VARCHAR = new Null(Types.VARCHAR);
        public static final Null BIGINT = new Null(Types.BIGINT);
        public static final Null DOUBLE = new Null(Types.DOUBLE);
        public static final Null TIMESTAMP = new Null(Types.TIMESTAMP);
        public static final Null BOOLEAN = new Null(Types.BOOLEAN);
    }

    public static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp ts = rs.getTimestamp(column);
        return ts == null ? null : ts.toInstant();
    }

    public static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    private static void quietlyRollback(Connection c, Throwable cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }
}
