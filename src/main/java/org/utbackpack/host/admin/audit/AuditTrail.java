package org.utbackpack.host.admin.audit;

import org.utbackpack.host.admin.Actor;
import org.utbackpack.host.admin.Transactions;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The host's record of administrative changes (HOST_AUDIT): who, when, what and to what. Rows are only
 * ever added; no page edits or removes them.
 */
public final class AuditTrail {

    /** One recorded change, as the Audit Trail page shows it. */
    public record Entry(Instant at, String loginId, String actorName, String action, String subject, String detail) {
    }

    /** ServletContext attribute under which the SIS hands plugins {@link #handOver()}. */
    public static final String HAND_OVER = "ps.auditTrail";
    private static final int MAX_DETAIL = 2000;

    private final DataSource dataSource;
    private final Clock clock;

    public AuditTrail(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /** Records a change on its own. */
    public void record(Actor actor, AuditAction action, String subject, String detail) {
        Transactions.inTransaction(dataSource, c -> {
            record(c, actor, action, subject, detail);
            return null;
        });
    }

    /** Records a change inside the caller's transaction, so the change and its record commit together. */
    public void record(Connection c, Actor actor, AuditAction action, String subject, String detail) throws SQLException {
        insert(c, actor, action.code(), subject, detail);
    }

    /**
     * What the SIS hands plugins (ServletContext attribute {@value #HAND_OVER}) to put a change of theirs
     * in this trail, on the plugin's own connection so the change and its record commit together. The map
     * carries {@code usersDcid} (the staff member who made the change, as the SIS told the plugin),
     * {@code action} (a label of at most 40 characters), {@code subject}, {@code old} and {@code new}.
     */
    public BiConsumer<Connection, Map<String, String>> handOver() {
        return (c, change) -> {
            try {
                long dcid = Long.parseLong(required(change, "usersDcid"));
                Actor actor = actorOf(c, dcid);
                String action = required(change, "action");
                if (action.length() > 40) {
                    throw new IllegalArgumentException("An audit action label is at most 40 characters: " + action);
                }
                insert(c, actor, action, required(change, "subject"),
                        required(change, "old") + " → " + required(change, "new"));
            } catch (SQLException e) {
                throw new IllegalStateException("Could not record a plugin's change in the audit trail: " + e.getMessage(), e);
            }
        };
    }

    private static Actor actorOf(Connection c, long usersDcid) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT LOGINID, FIRST_NAME, LAST_NAME FROM USERS WHERE DCID = ?")) {
            ps.setLong(1, usersDcid);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalArgumentException("No staff member has USERS.DCID " + usersDcid);
                }
                return new Actor(usersDcid, rs.getString(1), rs.getString(2) + " " + rs.getString(3));
            }
        }
    }

    private static String required(Map<String, String> change, String key) {
        String value = change.get(key);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("An audited change needs " + key);
        }
        return value;
    }

    private void insert(Connection c, Actor actor, String actionCode, String subject, String detail) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO HOST_AUDIT (CHANGED_AT, USERSDCID, LOGINID,"
                + " ACTOR_NAME, ACTION_CODE, SUBJECT, DETAIL) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            ps.setTimestamp(1, Timestamp.from(clock.instant()));
            if (actor.usersDcid() == null) {
                ps.setNull(2, Types.BIGINT);
            } else {
                ps.setLong(2, actor.usersDcid());
            }
            ps.setString(3, actor.loginId());
            ps.setString(4, actor.name());
            ps.setString(5, actionCode);
            ps.setString(6, clip(subject, 200));
            ps.setString(7, detail == null ? null : clip(detail, MAX_DETAIL));
            ps.executeUpdate();
        }
    }

    /** Newest first; page counts from 1. */
    public List<Entry> page(int page, int pageSize) {
        return Transactions.inTransaction(dataSource, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT CHANGED_AT, LOGINID, ACTOR_NAME, ACTION_CODE, SUBJECT,"
                    + " DETAIL FROM HOST_AUDIT ORDER BY CHANGED_AT DESC, ID DESC OFFSET ? ROWS FETCH NEXT ? ROWS ONLY")) {
                ps.setLong(1, (long) (page - 1) * pageSize);
                ps.setLong(2, pageSize);
                List<Entry> entries = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        entries.add(new Entry(rs.getTimestamp(1).toInstant(), rs.getString(2), rs.getString(3),
                                AuditAction.labelOf(rs.getString(4)), rs.getString(5), rs.getString(6)));
                    }
                }
                return entries;
            }
        });
    }

    public long count() {
        return Transactions.inTransaction(dataSource, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM HOST_AUDIT");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    private static String clip(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
