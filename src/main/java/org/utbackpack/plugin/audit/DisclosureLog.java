package org.utbackpack.plugin.audit;

import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.utbackpack.plugin.db.Jdbc;
import org.utbackpack.plugin.web.Sis;

/**
 * Records each view of a student's Backpack data in the disclosure log, with who looked (staff member or
 * guardian) and what they opened. A failure to record is logged and does not hide the page: the other
 * events (requests, decisions, forwards, receipts) are written in the same transaction as their change.
 */
public final class DisclosureLog {

    private static final Logger LOG = LoggerFactory.getLogger(DisclosureLog.class);

    private final Jdbc jdbc;
    private final AuditLog audit;

    public DisclosureLog(Jdbc jdbc, AuditLog audit) {
        this.jdbc = jdbc;
        this.audit = audit;
    }

    public void view(HttpServletRequest request, long studentDcid, String what) {
        AuditLog.Actor actor = Sis.isStaff(request) ? AuditLog.Actor.staff(Sis.userId(request), Sis.userName(request))
                : Sis.isGuardian(request) ? AuditLog.Actor.guardian(Sis.userId(request), Sis.userName(request)) : null;
        if (actor == null) {
            return;
        }
        try {
            jdbc.inTransaction(c -> {
                audit.record(c, actor, studentDcid, "view", null, null, what);
                return null;
            });
        } catch (RuntimeException e) {
            LOG.error("Could not record a Backpack view of student {} by {} {}: {}", studentDcid, actor.type(),
                    actor.id(), e.getMessage());
        }
    }
}
