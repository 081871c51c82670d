package org.utbackpack.plugin.audit;

import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.utbackpack.plugin.db.Jdbc;
import org.utbackpack.plugin.sis.Sis;

/**
 * Records each view of a student's Backpack data in the disclosure log, with who looked (staff member or
 * guardian) and what they opened. A failure to record is logged and does not hide the page: the other
 * events (requests, decisions, forwards, receipts) are written in the same transaction as their change.
 */
public final class DisclosureLog {

    private static final Logger LOG = LoggerFactory.getLogger(DisclosureLog.class);

    /** The pages' date and time, in Utah time. */
    private static final java.time.format.DateTimeFormatter WHEN =
            java.time.format.DateTimeFormatter.ofPattern("MM/dd/yyyy h:mm a", java.util.Locale.US);

    private final Jdbc jdbc;
    private final AuditLog audit;

    public DisclosureLog(Jdbc jdbc, AuditLog audit) {
        this.jdbc = jdbc;
        this.audit = audit;
    }

    /**
     * Records a view. {@code retrieval} names an earlier Backpack file the page showed (U_UT_BP_FILE.ID),
     * null for the latest; the log says which by its date, as the pages do.
     */
    public void view(HttpServletRequest request, long studentDcid, String what, Long retrieval) {
        AuditLog.Actor actor = Sis.isStaff(request) ? AuditLog.Actor.staff(Sis.userId(request), Sis.userName(request))
                : Sis.isGuardian(request) ? AuditLog.Actor.guardian(Sis.userId(request), Sis.userName(request)) : null;
        if (actor == null) {
            return;
        }
        try {
            // auto-commit: the INSERT is a transaction of its own, and the file's date read before it cannot change
            // (a stored file never does), so no BEGIN and COMMIT are sent around it (docs/PERFORMANCE.md)
            jdbc.withConnection(c -> {
                String detail = what;
                if (retrieval != null) {
                    detail += Jdbc.query(c, "SELECT RETRIEVEDAT FROM U_UT_BP_FILE WHERE ID = ? AND STUDENTSDCID = ?",
                                    rs -> Jdbc.instant(rs, "RETRIEVEDAT"), retrieval, studentDcid).stream().findFirst()
                            .map(at -> " of the Backpack file retrieved " + WHEN.format(at.atZone(Sis.UTAH_TIME)))
                            .orElse(" of a Backpack file that is not this student's");
                }
                audit.record(c, actor, studentDcid, "view", null, null, detail);
                return null;
            });
        } catch (RuntimeException e) {
            LOG.error("Could not record a Backpack view of student {} by {} {}: {}", studentDcid, actor.type(),
                    actor.id(), e.getMessage());
        }
    }
}
