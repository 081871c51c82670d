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

    public Access of(long usersDcid) {
        return jdbc.queryFirst("SELECT VIEWACCESS, REQUESTACCESS FROM U_UT_BP_STAFFACCESS WHERE USERSDCID = ?",
                rs -> {
                    boolean request = rs.getBoolean(2);
                    return new Access(request || rs.getBoolean(1), request);
                }, usersDcid).orElse(Access.NONE);
    }
}
