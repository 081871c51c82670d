package org.utbackpack.plugin.access;

import jakarta.servlet.http.HttpServletRequest;
import org.utbackpack.plugin.db.Jdbc;
import org.utbackpack.plugin.sis.Sis;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

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

    /** The account a school staff row (SCHOOLSTAFF.DCID) belongs to, with its name and login. */
    record Account(long usersDcid, String name, String login) {
    }

    /** Sets both checkboxes for a staff member, on the caller's connection (inside its transaction). */
    void set(Connection c, long usersDcid, Access access) throws SQLException {
        boolean request = access.request();
        boolean view = access.view() || request;
        int updated = Jdbc.update(c, "UPDATE U_UT_BP_STAFFACCESS SET VIEWACCESS = ?, REQUESTACCESS = ? WHERE USERSDCID = ?",
                view, request, usersDcid);
        if (updated == 0) {
            Jdbc.update(c, "INSERT INTO U_UT_BP_STAFFACCESS (USERSDCID, VIEWACCESS, REQUESTACCESS) VALUES (?, ?, ?)",
                    usersDcid, view, request);
        }
    }

    /** The account of a school staff row, on the caller's connection; empty when there is no such row. */
    static Optional<Account> account(Connection c, long schoolStaffDcid) throws SQLException {
        return Jdbc.query(c, "SELECT u.DCID, u.LASTFIRST, u.LOGINID FROM SCHOOLSTAFF ss"
                        + " JOIN USERS u ON u.DCID = ss.USERS_DCID WHERE ss.DCID = ?",
                rs -> new Account(rs.getLong(1), rs.getString(2), rs.getString(3)), schoolStaffDcid)
                .stream().findFirst();
    }

    /** A staff member's checkboxes as they are on the caller's connection (inside its transaction). */
    static Access of(Connection c, long usersDcid) throws SQLException {
        return Jdbc.query(c, "SELECT VIEWACCESS, REQUESTACCESS FROM U_UT_BP_STAFFACCESS WHERE USERSDCID = ?",
                rs -> new Access(rs.getBoolean(2) || rs.getBoolean(1), rs.getBoolean(2)), usersDcid)
                .stream().findFirst().orElse(Access.NONE);
    }

    /**
     * The Student Backpack Access of whoever sent the request: the staff member's checkboxes, and none for a
     * guardian or no one signed in. Every route and page of the plugin decides through this one method.
     */
    public Access of(HttpServletRequest request) {
        return Sis.isStaff(request) ? of(Sis.userId(request)) : Access.NONE;
    }

    public Access of(long usersDcid) {
        return jdbc.queryFirst("SELECT VIEWACCESS, REQUESTACCESS FROM U_UT_BP_STAFFACCESS WHERE USERSDCID = ?",
                rs -> {
                    boolean request = rs.getBoolean(2);
                    return new Access(request || rs.getBoolean(1), request);
                }, usersDcid).orElse(Access.NONE);
    }
}
