package org.utbackpack.host.admin;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;

/** Runs work on one connection in one transaction: committed when it returns, rolled back when it throws. */
public final class Transactions {

    /** Work on a connection; may throw {@link SQLException}. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /** Thrown for a database failure; the message keeps the database's words. */
    public static final class DataAccessException extends RuntimeException {
        private final transient SQLException sqlCause;

        DataAccessException(SQLException cause) {
            super(cause.getMessage(), cause);
            this.sqlCause = cause;
        }

        /** True for a unique or other integrity constraint refusing the change (SQLState class 23). */
        public boolean isConstraintViolation() {
            for (SQLException e = sqlCause; e != null; e = e.getNextException()) {
                if (e.getSQLState() != null && e.getSQLState().startsWith("23")) {
                    return true;
                }
            }
            return false;
        }
    }

    private Transactions() {
    }

    public static <T> T inTransaction(DataSource dataSource, Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                quietlyRollback(c, e);
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new DataAccessException(e);
        }
    }

    private static void quietlyRollback(Connection c, Throwable first) {
        try {
            c.rollback();
        } catch (SQLException e) {
            first.addSuppressed(e);
        }
    }
}
