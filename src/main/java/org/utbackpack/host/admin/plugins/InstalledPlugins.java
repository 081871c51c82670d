package org.utbackpack.host.admin.plugins;

import org.utbackpack.host.admin.Actor;
import org.utbackpack.host.db.Sql;

import java.io.File;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * HOST_PLUGIN: the plugins installed through Plugin Management (or given on the command line), where
 * their unpacked files are and whether they are enabled, so a restart brings back the same state. A
 * deleted plugin keeps its row as DELETED: its tables stay, and the host does not quietly reinstall it
 * from the command line.
 */
final class InstalledPlugins {

    static final String INSTALLED = "INSTALLED";
    static final String DELETED = "DELETED";

    /** One row. {@code classes} is empty for a zip install (its lib/*.jar are used). */
    record Row(String name, String version, String publisher, String status, boolean enabled, Path folder,
               List<Path> classes, Instant changedAt, String changedBy) {
        boolean installed() {
            return INSTALLED.equals(status);
        }
    }

    private final Sql sql;
    private final Clock clock;

    InstalledPlugins(Sql sql, Clock clock) {
        this.sql = sql;
        this.clock = clock;
    }

    List<Row> all() {
        return sql.query("SELECT NAME, VERSION, PUBLISHER, STATUS, ENABLED, FOLDER, CLASSES, CHANGED_AT, CHANGED_BY"
                + " FROM HOST_PLUGIN ORDER BY NAME", rs -> new Row(rs.getString(1), rs.getString(2), rs.getString(3),
                rs.getString(4), rs.getBoolean(5), rs.getString(6) == null ? null : Path.of(rs.getString(6)),
                classes(rs.getString(7)), rs.getTimestamp(8).toInstant(), rs.getString(9)));
    }

    Optional<Row> find(String name) {
        return all().stream().filter(r -> r.name().equals(name)).findFirst();
    }

    /** Records an install or an update (a new version in a new folder), keeping or setting the enabled state. */
    void installed(String name, String version, String publisher, boolean enabled, Path folder, List<Path> classes,
                   Actor actor) {
        String classPath = classes.isEmpty() ? null : String.join(File.pathSeparator,
                classes.stream().map(p -> p.toAbsolutePath().toString()).toList());
        Timestamp now = Timestamp.from(clock.instant());
        Object[] values = {version, publisher, INSTALLED, enabled, folder.toAbsolutePath().toString(), classPath, now,
                actor.loginId(), name};
        String update = "UPDATE HOST_PLUGIN SET VERSION = ?, PUBLISHER = ?, STATUS = ?, ENABLED = ?, FOLDER = ?,"
                + " CLASSES = ?, CHANGED_AT = ?, CHANGED_BY = ? WHERE NAME = ?";
        if (sql.update(update, values) > 0) {
            return;
        }
        try {
            sql.update("INSERT INTO HOST_PLUGIN (VERSION, PUBLISHER, STATUS, ENABLED, FOLDER, CLASSES, CHANGED_AT,"
                    + " CHANGED_BY, NAME) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", values);
        } catch (IllegalStateException e) {
            if (!(e.getCause() instanceof SQLException s) || s.getSQLState() == null || !s.getSQLState().startsWith("23")) {
                throw e;
            }
            sql.update(update, values); // another host sharing this database recorded it a moment ago
        }
    }

    void enabled(String name, boolean enabled, Actor actor) {
        sql.update("UPDATE HOST_PLUGIN SET ENABLED = ?, CHANGED_AT = ?, CHANGED_BY = ? WHERE NAME = ?",
                enabled, Timestamp.from(clock.instant()), actor.loginId(), name);
    }

    void deleted(String name, Actor actor) {
        sql.update("UPDATE HOST_PLUGIN SET STATUS = ?, ENABLED = ?, FOLDER = NULL, CLASSES = NULL, CHANGED_AT = ?,"
                + " CHANGED_BY = ? WHERE NAME = ?", DELETED, false, Timestamp.from(clock.instant()), actor.loginId(), name);
    }

    /** HOST_PLUGIN_TABLE: each extension table's owner, by table name. */
    Map<String, String> tableOwners() {
        Map<String, String> owners = new HashMap<>();
        sql.query("SELECT TABLE_NAME, PLUGIN_NAME FROM HOST_PLUGIN_TABLE ORDER BY TABLE_NAME",
                rs -> owners.put(rs.getString(1), rs.getString(2)));
        return owners;
    }

    /** Records {@code plugin} as the owner of those of {@code tables} that have none yet. */
    void owns(String plugin, Collection<String> tables) {
        Map<String, String> owners = tableOwners();
        for (String table : tables) {
            if (owners.containsKey(table)) {
                continue;
            }
            try {
                sql.update("INSERT INTO HOST_PLUGIN_TABLE (TABLE_NAME, PLUGIN_NAME) VALUES (?, ?)", table, plugin);
            } catch (IllegalStateException e) {
                if (!(e.getCause() instanceof SQLException s) || s.getSQLState() == null || !s.getSQLState().startsWith("23")) {
                    throw e;
                }
                // another host sharing this database recorded it a moment ago
            }
        }
    }

    private static List<Path> classes(String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        return Arrays.stream(value.split(File.pathSeparator)).map(Path::of).toList();
    }
}
