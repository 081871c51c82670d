package org.utbackpack.host.auth;

import org.utbackpack.host.db.Sql;

import java.util.HashSet;
import java.util.List;
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

    /** What a staff member may do: system administration rights (USERS.SYSADMIN) and the roles' permissions. */
    public record Rights(boolean sysadmin, Set<String> permissions) {
    }

    /**
     * A staff member's rights in one statement, read on every request so that revoking bites at once; none for a
     * USERS.DCID that does not exist.
     */
    public Rights rightsOf(long usersDcid) {
        List<RightsRow> rows = sql.query("SELECT u.SYSADMIN, rp.PERMISSION FROM USERS u"
                        + " LEFT JOIN HOST_USER_ROLE ur ON ur.USERSDCID = u.DCID"
                        + " LEFT JOIN HOST_ROLE_PERMISSION rp ON rp.ROLEID = ur.ROLEID WHERE u.DCID = ?",
                rs -> new RightsRow(rs.getBoolean(1), rs.getString(2)), usersDcid);
        return new Rights(!rows.isEmpty() && rows.get(0).sysadmin(), rows.stream().map(RightsRow::permission)
                .filter(java.util.Objects::nonNull).collect(java.util.stream.Collectors.toUnmodifiableSet()));
    }

    /** One row of {@link #rightsOf}: the account's flag beside one permission of one of its roles (or none). */
    private record RightsRow(boolean sysadmin, String permission) {
    }

    /** The permissions of a staff member (USERS.DCID); empty for one without roles. */
    public Set<String> permissionsOf(long usersDcid) {
        return Set.copyOf(new HashSet<>(sql.query("SELECT DISTINCT rp.PERMISSION FROM HOST_USER_ROLE ur"
                + " JOIN HOST_ROLE_PERMISSION rp ON rp.ROLEID = ur.ROLEID WHERE ur.USERSDCID = ?",
                rs -> rs.getString(1), usersDcid)));
    }
}
