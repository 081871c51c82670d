package org.utbackpack.testing;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.logging.Logger;

/**
 * A JDBC driver for tests that passes everything to the real one and writes down each statement the
 * database is asked to run (and each COMMIT and ROLLBACK), with the thread that asked: {@code jdbc:counting:h2:mem:...} opens
 * {@code jdbc:h2:mem:...}. A test starts a host on such a URL and counts what one page costs.
 */
public final class CountingDriver implements Driver {

    private static final String PREFIX = "jdbc:counting:";
    private static final Set<String> EXECUTES = Set.of("execute", "executeQuery", "executeUpdate", "executeLargeUpdate",
            "executeBatch", "executeLargeBatch");
    private static final List<Executed> LOG = Collections.synchronizedList(new ArrayList<>());

    /** One statement run: its SQL and the name of the thread that ran it. */
    public record Executed(String sql, String thread) {
    }

    static {
        try {
            DriverManager.registerDriver(new CountingDriver());
        } catch (SQLException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private CountingDriver() {
    }

    /** The counting form of a JDBC URL (registers the driver). */
    public static String url(String realUrl) {
        if (!realUrl.startsWith("jdbc:")) {
            throw new IllegalArgumentException(realUrl);
        }
        return PREFIX + realUrl.substring("jdbc:".length());
    }

    /** Every statement run since the last call, oldest first; the log starts again empty. */
    public static List<Executed> drain() {
        synchronized (LOG) {
            List<Executed> copy = List.copyOf(LOG);
            LOG.clear();
            return copy;
        }
    }

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        if (!acceptsURL(url)) {
            return null;
        }
        String real = "jdbc:" + url.substring(PREFIX.length());
        Connection c = DriverManager.getDriver(real).connect(real, info);
        return c == null ? null : wrap(Connection.class, c, null);
    }

    @SuppressWarnings("unchecked")
    private static <T> T wrap(Class<T> type, T target, String sql) {
        InvocationHandler handler = (proxy, method, args) -> {
            if (EXECUTES.contains(method.getName()) && target instanceof Statement) {
                String text = args != null && args.length > 0 && args[0] instanceof String s ? s : sql;
                LOG.add(new Executed(text, Thread.currentThread().getName()));
            } else if (target instanceof Connection && (method.getName().equals("commit")
                    || method.getName().equals("rollback"))) {
                LOG.add(new Executed(method.getName().toUpperCase(java.util.Locale.ROOT), Thread.currentThread().getName()));
            }
            Object result = invoke(method, target, args);
            if (result instanceof PreparedStatement ps && method.getName().startsWith("prepare")) {
                return wrap(method.getReturnType() == PreparedStatement.class ? PreparedStatement.class
                        : (Class<PreparedStatement>) method.getReturnType(), ps, (String) args[0]);
            }
            if (result instanceof Statement s && method.getName().equals("createStatement")) {
                return wrap(Statement.class, s, null);
            }
            return result;
        };
        return (T) Proxy.newProxyInstance(CountingDriver.class.getClassLoader(), new Class<?>[] {type}, handler);
    }

    private static Object invoke(Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @Override
    public boolean acceptsURL(String url) {
        return url != null && url.startsWith(PREFIX);
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
        return new DriverPropertyInfo[0];
    }

    @Override
    public int getMajorVersion() {
        return 1;
    }

    @Override
    public int getMinorVersion() {
        return 0;
    }

    @Override
    public boolean jdbcCompliant() {
        return false;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }
}
