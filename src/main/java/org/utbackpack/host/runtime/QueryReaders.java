package org.utbackpack.host.runtime;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.utbackpack.host.plugin.AccessRequest;
import org.utbackpack.host.plugin.ExtensionTable;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The database accounts PowerQueries run as. For each enabled plugin the host keeps a login that may read
 * each core table the plugin lists in {@code <access_request>}, only the fields it lists there, and each
 * of its own extension tables whole, and nothing else: no other table, no writes (it owns nothing, is
 * granted SELECT only, and its connections are read-only). On PostgreSQL the login is granted those
 * columns; H2 has no column grants, so there it reads views of the core tables' declared columns in a
 * schema of its own, in which its connections open, and is granted the plugin's own tables themselves,
 * found through the schema search path, so the plugin's queries name tables as usual either way. For
 * Oracle, docs/SECURITY.md lists the statements a DBA runs.
 *
 * <p>The plugin's own tables are never read through a view on H2: H2 does not see through a view, so a
 * query over one had the view's rows computed whole for every run (all 50,000 waiting requests, to show
 * the first 50) and no index of the table served its order or its limit. While nothing changed H2 reused
 * the result, which hid the cost; while guardians asked and staff decided, the request queue took seconds
 * a page (docs/PERFORMANCE.md).
 *
 * <p>The login's password is derived from the SIS database password, so every node sharing the database
 * computes the same one; without a database password (embedded H2) it is random for this process.
 */
public final class QueryReaders implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(QueryReaders.class);

    private final HikariDataSource owner;
    private final String ownerPassword;
    private final String randomSecret = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
    private final Map<PluginRuntime, DataSource> pools = new IdentityHashMap<>();

    public QueryReaders(HikariDataSource owner, String ownerPassword) {
        this.owner = owner;
        this.ownerPassword = ownerPassword;
    }

    /** A read-only pool for the plugin's PowerQueries, set up the first time the plugin runs one. */
    public synchronized DataSource forPlugin(PluginRuntime plugin) {
        DataSource pool = pools.get(plugin);
        if (pool != null) {
            return pool;
        }
        // a plugin updated or re-enabled is a new runtime: its old pool is closed and its views made again
        pools.entrySet().removeIf(e -> {
            if (e.getKey().name().equals(plugin.name())) {
                quietlyClose(e.getValue());
                return true;
            }
            return false;
        });
        pool = open(plugin);
        pools.put(plugin, pool);
        return pool;
    }

    /** The account's name for a plugin: letters, digits and _ only, so it can be written into DDL. */
    static String account(String plugin) {
        String cleaned = plugin.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]+", "_").replaceAll("^_+|_+$", "");
        return "PQ_" + (cleaned.length() > 24 ? cleaned.substring(0, 24) : cleaned);
    }

    /** On Oracle a DBA creates the account and its views (docs/SECURITY.md) and names them here. */
    static final String DBA_USER = "UTBACKPACK_POWERQUERY_DB_USER";
    static final String DBA_PASSWORD = "UTBACKPACK_POWERQUERY_DB_PASSWORD";
    static final String DBA_SCHEMA = "UTBACKPACK_POWERQUERY_DB_SCHEMA";

    private DataSource dbaAccount(String kind) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(withoutUser(owner.getJdbcUrl()));
        config.setUsername(System.getenv(DBA_USER));
        config.setPassword(System.getenv(DBA_PASSWORD));
        if (System.getenv(DBA_SCHEMA) != null) {
            config.setSchema(System.getenv(DBA_SCHEMA));
        }
        config.setReadOnly(true);
        config.setMaximumPoolSize(Math.max(2, owner.getMaximumPoolSize() / 2));
        config.setMinimumIdle(0);
        config.setPoolName("powerquery-dba-account");
        LOG.info("PowerQueries run as {} on {}", System.getenv(DBA_USER), kind);
        return new HikariDataSource(config);
    }

    private void quietlyClose(DataSource pool) {
        if (pool != owner && pool instanceof HikariDataSource hikari) {
            hikari.close();
        }
    }

    private DataSource open(PluginRuntime plugin) {
        String user = account(plugin.name());
        String schema = user + "_VIEWS"; // H2: the login reads views in this schema; PostgreSQL: column grants
        String password = password(user);
        Map<String, List<String>> views = views(plugin);
        String kind;
        String base;
        try (Connection c = owner.getConnection()) {
            kind = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
            base = c.getSchema();
            if (kind.contains("h2")) {
                setUpH2(c, base, user, schema, password, views);
            } else if (kind.contains("postgres")) {
                for (int attempt = 1; ; attempt++) {
                    try {
                        setUpPostgres(c, base, user, password, views);
                        break;
                    } catch (SQLException e) {
                        // nodes starting together change the same role's grants: "tuple concurrently updated"
                        if (attempt == 3) {
                            throw e;
                        }
                        LOG.info("Setting up {} again after: {}", user, e.getMessage());
                    }
                }
                schema = base;
            } else if (System.getenv(DBA_USER) != null) {
                return dbaAccount(kind);
            } else {
                LOG.warn("PowerQueries of plugin {} run on the SIS's own read-only connections: on {} a DBA creates"
                        + " the read-only account and names it in {} (docs/SECURITY.md)", plugin.name(), kind,
                        DBA_USER);
                return owner;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not set up the read-only PowerQuery account of plugin "
                    + plugin.name() + ": " + e.getMessage(), e);
        }
        HikariConfig config = new HikariConfig();
        // an H2 database is open already, with its mode and settings; setting them again takes admin rights
        String url = owner.getJdbcUrl();
        config.setJdbcUrl(kind.contains("h2") && url.contains(";") ? url.substring(0, url.indexOf(';'))
                : withoutUser(url));
        config.setUsername(kind.contains("postgres") ? user.toLowerCase(Locale.ROOT) : user);
        config.setPassword(password);
        config.setSchema(schema);
        if (kind.contains("h2")) {
            // names not in the account's own schema (the plugin's tables) are looked up in the SIS's
            config.setConnectionInitSql(h2SearchPath(schema, base));
        }
        config.setReadOnly(true);
        if (kind.contains("postgres")) {
            // read-only in autocommit too: before PostgreSQL 15 anyone may create tables in schema public
            config.addDataSourceProperty("readOnlyMode", "always");
        }
        config.setMaximumPoolSize(owner.getMaximumPoolSize()); // pages' queries were all on the SIS pool before
        config.setMinimumIdle(0);
        config.setPoolName("powerquery-" + user.toLowerCase(Locale.ROOT));
        config.setConnectionTimeout(10_000);
        return new HikariDataSource(config);
    }

    /** The URL without a user or password of its own, which would win over the account's. */
    static String withoutUser(String url) {
        int query = url.indexOf('?');
        if (query < 0) {
            return url;
        }
        String kept = java.util.Arrays.stream(url.substring(query + 1).split("&"))
                .filter(p -> !p.toLowerCase(Locale.ROOT).startsWith("user=")
                        && !p.toLowerCase(Locale.ROOT).startsWith("password="))
                .collect(java.util.stream.Collectors.joining("&"));
        return url.substring(0, query) + (kept.isEmpty() ? "" : "?" + kept);
    }

    /** Each declared table and the columns the plugin may read of it (null: every column). */
    private static Map<String, List<String>> views(PluginRuntime plugin) {
        Map<String, List<String>> views = new LinkedHashMap<>();
        Set<String> own = new LinkedHashSet<>();
        for (ExtensionTable table : plugin.pkg().extensionTables()) {
            own.add(table.tableName().toUpperCase(Locale.ROOT));
        }
        for (AccessRequest field : plugin.pkg().descriptor().accessRequests()) {
            String table = field.table().toUpperCase(Locale.ROOT);
            if (!own.contains(table) && identifier(table) && identifier(field.field())) {
                List<String> columns = views.computeIfAbsent(table, t -> new ArrayList<>());
                if (!columns.contains(field.field().toUpperCase(Locale.ROOT))) {
                    columns.add(field.field().toUpperCase(Locale.ROOT));
                }
            }
        }
        own.stream().filter(QueryReaders::identifier).forEach(t -> views.put(t, null));
        return views;
    }

    private static boolean identifier(String name) {
        return name != null && name.matches("[A-Za-z][A-Za-z0-9_]{0,29}");
    }

    private static String select(String base, String table, List<String> columns) {
        return "SELECT " + (columns == null ? "*" : String.join(", ", columns)) + " FROM " + base + "." + table;
    }

    /** H2: names not in the account's schema of views (the plugin's own tables) are found in the SIS's. */
    static String h2SearchPath(String schema, String base) {
        return "SET SCHEMA_SEARCH_PATH " + schema + ", " + base;
    }

    static void setUpH2(Connection c, String base, String user, String schema, String password,
                                Map<String, List<String>> views) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE USER IF NOT EXISTS " + user + " PASSWORD '" + password + "'");
            s.execute("ALTER USER " + user + " SET PASSWORD '" + password + "'");
            // what an earlier version of the plugin was granted in the SIS's schema is taken back first, so a
            // table the plugin no longer owns is no longer readable
            List<String> granted = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT TABLE_NAME FROM"
                    + " INFORMATION_SCHEMA.TABLE_PRIVILEGES WHERE GRANTEE = ? AND TABLE_SCHEMA = ?")) {
                ps.setString(1, user);
                ps.setString(2, base);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        granted.add(rs.getString(1));
                    }
                }
            }
            for (String table : granted) {
                if (identifier(table)) {
                    s.execute("REVOKE ALL ON " + base + "." + table + " FROM " + user);
                }
            }
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            s.execute("CREATE SCHEMA " + schema);
            for (Map.Entry<String, List<String>> view : views.entrySet()) {
                if (view.getValue() == null) { // the plugin's own table, read whole: the table itself
                    s.execute("GRANT SELECT ON " + base + "." + view.getKey() + " TO " + user);
                    continue;
                }
                s.execute("CREATE VIEW " + schema + "." + view.getKey() + " AS "
                        + select(base, view.getKey(), view.getValue()));
                s.execute("GRANT SELECT ON " + schema + "." + view.getKey() + " TO " + user);
            }
        }
    }

    /**
     * PostgreSQL grants SELECT on single columns, so the login is granted exactly the declared fields of
     * the core tables and the plugin's own tables whole, on the tables themselves. (Views would stop a
     * plugin update from widening a column: PostgreSQL refuses to alter a column a view reads.)
     */
    private static void setUpPostgres(Connection c, String base, String user, String password,
                                      Map<String, List<String>> tables) throws SQLException {
        try (Statement s = c.createStatement()) {
            if (!roleExists(c, user)) {
                try {
                    s.execute("CREATE ROLE " + user + " LOGIN NOINHERIT PASSWORD '" + password + "'");
                } catch (SQLException e) {
                    if (!"42710".equals(e.getSQLState())) { // another node (or database) created it meanwhile
                        throw e;
                    }
                }
            }
            s.execute("ALTER ROLE " + user + " LOGIN NOINHERIT PASSWORD '" + password + "'");
        }
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            // revoked and granted again in one transaction: a field no longer declared is no longer readable
            s.execute("REVOKE ALL ON ALL TABLES IN SCHEMA " + base + " FROM " + user);
            s.execute("GRANT USAGE ON SCHEMA " + base + " TO " + user);
            for (Map.Entry<String, List<String>> table : tables.entrySet()) {
                String columns = table.getValue() == null ? "" : " (" + String.join(", ", table.getValue()) + ")";
                s.execute("GRANT SELECT" + columns + " ON " + base + "." + table.getKey() + " TO " + user);
            }
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    private static boolean roleExists(Connection c, String user) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_roles WHERE rolname = ?")) {
            ps.setString(1, user.toLowerCase(Locale.ROOT));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private String password(String user) {
        String secret = ownerPassword == null || ownerPassword.isEmpty() ? randomSecret : ownerPassword;
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(("utbackpack powerquery account " + user + " " + secret).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public synchronized void close() {
        pools.values().forEach(this::quietlyClose);
        pools.clear();
    }
}
