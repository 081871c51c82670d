package org.utbackpack.plugin.access;

import org.utbackpack.plugin.db.Jdbc;

/**
 * The two Student Backpack checkboxes on a staff member's record. Viewer / Request Access includes
 * viewing: a person who may request a file may read it.
 */
public final class StaffAccess {

    /** What one staff member may do with Backpacks. */
    public record Access(boolean view, boolean request) {
        public static final Access NONE = new Access(false, false);
    }

    private final Jdbc jdbc;

    public StaffAccess(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** Sets both checkboxes for a staff member, on the caller's connection (inside its transaction). */
    public void set(java.sql.Connection c, long usersDcid, Access access) throws java.sql.SQLException {
        boolean request = access.request();
        boolean view = access.view() || request;
        int updated = Jdbc.update(c, "UPDATE U_UT_BP_STAFFACCESS SET VIEWACCESS = ?, REQUESTACCESS = ? WHERE USERSDCID = ?",
                view, request, usersDcid);
        if (updated == 0) {
            Jdbc.update(c, "INSERT INTO U_UT_BP_STAFFACCESS (USERSDCID, VIEWACCESS, REQUESTACCESS) VALUES (?, ?, ?)",
                    usersDcid, view, request);
        }
    }

    public Access of(long usersDcid) {
        return jdbc.queryFirst("SELECT VIEWACCESS, REQUESTACCESS FROM U_UT_BP_STAFFACCESS WHERE USERSDCID = ?",
                rs -> {
                    boolean request = rs.getBoolean(2);
                    return new Access(request || rs.getBoolean(1), request);
                }, usersDcid).orElse(Access.NONE);
    }
}
