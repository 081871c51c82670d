package org.utbackpack.plugin.audit;

import org.utbackpack.plugin.db.Jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;

/**
 * The disclosure log (34 CFR 99.32): who did what to which student's Backpack, when, and for whom.
 * Rows are only ever inserted; nothing in the plugin updates or deletes them.
 */
public final class AuditLog {

    /** Who acted: a staff member, a guardian, or the plugin itself (forwarding, receipt). */
    public record Actor(String type, Long id, String name) {
        public static final Actor SYSTEM = new Actor("system", null, "UTREx broker");

        public static Actor staff(long usersDcid, String name) {
            return new Actor("staff", usersDcid, name);
        }

        public static Actor guardian(long guardianId, String name) {
            return new Actor("guardian", guardianId, name);
        }
    }

    private final Clock clock;

    public AuditLog(Clock clock) {
        this.clock = clock;
    }

    /** Records one event on the caller's connection, inside the caller's transaction. */
    public void record(Connection c, Actor actor, Long studentDcid, String action, Long requestId,
                       String onBehalfOf, String detail) throws SQLException {
        Jdbc.update(c, "INSERT INTO U_UT_BP_AUDIT (EVENTAT, ACTORTYPE, ACTORID, ACTORNAME, STUDENTSDCID, ACTION,"
                        + " ONBEHALFOF, REQUESTID, DETAIL) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                clock.instant(), actor.type(), actor.id() == null ? Jdbc.Null.BIGINT : actor.id(),
                actor.name(), studentDcid == null ? Jdbc.Null.BIGINT : studentDcid, action,
                onBehalfOf == null ? Jdbc.Null.VARCHAR : onBehalfOf,
                requestId == null ? Jdbc.Null.BIGINT : requestId,
                detail == null ? Jdbc.Null.VARCHAR : truncate(detail));
    }

    /** "Morgan Jensen (guardian)": whom a staff action on a guardian's request was done for. */
    public static String onBehalfOfGuardian(Connection c, Long guardianId) throws SQLException {
        if (guardianId == null) {
            return null;
        }
        return Jdbc.query(c, "SELECT FIRSTNAME, LASTNAME FROM GUARDIAN WHERE GUARDIANID = ?",
                        rs -> rs.getString(1) + " " + rs.getString(2) + " (guardian)", guardianId)
                .stream().findFirst().orElse("guardian " + guardianId);
    }

    private static String truncate(String s) {
        return s.length() <= 1000 ? s : s.substring(0, 1000);
    }
}
