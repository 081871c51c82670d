package org.utbackpack.host.admin;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import org.utbackpack.host.auth.SessionUser;

/**
 * Who made an administrative change, for the audit trail: a signed-in staff member, or the host itself
 * (the plugin given on the command line, installed at start).
 *
 * @param usersDcid USERS.DCID of the staff member; null for the host
 */
public record Actor(Long usersDcid, String loginId, String name) {

    public static final Actor HOST = new Actor(null, "host", "SIS host (command line)");

    /** The staff member signed in to this request's session. */
    public static Actor of(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        Object user = session == null ? null : session.getAttribute(SessionUser.SESSION_ATTRIBUTE);
        if (!(user instanceof SessionUser staff) || !staff.staff()) {
            throw new IllegalStateException("An administrative change needs a signed-in staff member");
        }
        return new Actor(staff.id(), staff.loginId(), staff.name());
    }
}
