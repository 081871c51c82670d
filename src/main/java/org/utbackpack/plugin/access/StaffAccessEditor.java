package org.utbackpack.plugin.access;

import org.utbackpack.plugin.audit.AuditLog;
import org.utbackpack.plugin.db.Jdbc;

import java.sql.Connection;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * Changes a staff member's Student Backpack Access, which changes who can see students' Backpacks. The
 * staff member is named as the SIS names staff pages, by the school staff row (SCHOOLSTAFF.DCID), mapped
 * to the account (USERS.DCID) the checkboxes belong to. A change is recorded in the plugin's disclosure
 * log and, when the SIS offers it (context attribute {@code ps.auditTrail}), in the SIS's Audit Trail,
 * in the same transaction as the change.
 */
public final class StaffAccessEditor {

    /** The permission, given through the SIS's roles, that changing Student Backpack Access takes. */
    public static final String PERMISSION = "utbackpack.staffaccess.edit";

    /** What a save did. */
    public enum Outcome { SAVED, UNCHANGED, NO_STAFF }

    private final Jdbc jdbc;
    private final StaffAccess staffAccess;
    private final AuditLog audit;
    private final BiConsumer<Connection, Map<String, String>> sisAuditTrail;

    /** @param sisAuditTrail the SIS's Audit Trail hand-over, or null when the SIS offers none */
    public StaffAccessEditor(Jdbc jdbc, StaffAccess staffAccess, AuditLog audit,
                             BiConsumer<Connection, Map<String, String>> sisAuditTrail) {
        this.jdbc = jdbc;
        this.staffAccess = staffAccess;
        this.audit = audit;
        this.sisAuditTrail = sisAuditTrail;
    }

    /** Sets the checkboxes of the school staff row's account; the change and its records commit together. */
    public Outcome save(long schoolStaffDcid, StaffAccess.Access wanted, long actorDcid, String actorName) {
        StaffAccess.Access after = new StaffAccess.Access(wanted.view() || wanted.request(), wanted.request());
        return jdbc.inTransaction(c -> {
            Optional<StaffAccess.Account> found = StaffAccess.account(c, schoolStaffDcid);
            if (found.isEmpty()) {
                return Outcome.NO_STAFF;
            }
            StaffAccess.Account member = found.get();
            StaffAccess.Access before = StaffAccess.of(c, member.usersDcid());
            if (before.equals(after)) {
                return Outcome.UNCHANGED;
            }
            staffAccess.set(c, member.usersDcid(), after);
            audit.record(c, AuditLog.Actor.staff(actorDcid, actorName), null, "access_change", null,
                    "staff " + member.usersDcid(), "Student Backpack access of staff " + member.usersDcid()
                            + " changed from " + describe(before) + " to " + describe(after));
            if (sisAuditTrail != null) {
                sisAuditTrail.accept(c, Map.of("usersDcid", Long.toString(actorDcid),
                        "action", "Student Backpack Access changed",
                        "subject", member.name() + " (" + member.login() + ")",
                        "old", describe(before), "new", describe(after)));
            }
            return Outcome.SAVED;
        });
    }

    static String describe(StaffAccess.Access access) {
        return access.request() ? "View and Viewer / Request Access" : access.view() ? "View Access" : "no access";
    }
}
