package org.utbackpack.host.auth;

import org.utbackpack.host.db.Sql;

import java.util.HashSet;
import java.util.Set;

/**
 * Staff permissions, given through roles as the SIS gives page permissions: a role (HOST_ROLE) names a set
 * of permissions (HOST_ROLE_PERMISSION), and a staff member has the permissions of each role assigned to
 * them (HOST_USER_ROLE). Read on every request, so taking a role away bites at once.
 */
public final class Roles {

    /** Edit a student's Statewide Student ID on the State Info tab. */
    public static final String EDIT_SSID = "student.ssid.edit";
    /** Turn a guardian's parent access to a student on or off (Access Accounts). */
    public static final String EDIT_PARENT_ACCESS = "guardian.parentaccess.edit";

    private final Sql sql;

    public Roles(Sql sql) {
        this.sql = sql;
    }

    /** The permissions of a staff member (USERS.DCID); empty for one without roles. */
    public Set<String> permissionsOf(long usersDcid) {
        return Set.copyOf(new HashSet<>(sql.query("SELECT DISTINCT rp.PERMISSION FROM HOST_USER_ROLE ur"
                + " JOIN HOST_ROLE_PERMISSION rp ON rp.ROLEID = ur.ROLEID WHERE ur.USERSDCID = ?",
                rs -> rs.getString(1), usersDcid)));
    }
}
