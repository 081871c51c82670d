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

/**
 * The host's record of administrative changes (HOST_AUDIT): who, when, what and to what. Rows are only
 * ever added; no page edits or removes them.
 */
public final class AuditTrail {

    /** One recorded change, as the Audit Trail page shows it. */
    public record Entry(Instant at, String loginId, String actorName, String action, String subject, String detail) {
    }

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
            ps.setString(5, action.code());
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
